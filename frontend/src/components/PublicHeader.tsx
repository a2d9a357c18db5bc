/** The header of the pages reached without logging in (login, password link, accessibility statement). */
export function PublicHeader() {
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <p className="brand">
          <span aria-hidden="true">⌂ </span>Binôme<span className="brand__tagline"> – visites SLIME</span>
        </p>
      </div>
    </header>
  )
}

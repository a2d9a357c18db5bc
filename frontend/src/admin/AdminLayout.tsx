import { NavLink, Outlet } from 'react-router'
import { usePageTitle } from '../lib/usePageTitle'
import { ADMIN_SECTIONS } from './adminSections'

/** The administration area: a sub-navigation and the chosen screen (each screen has its own h1). */
export function AdminLayout() {
  return (
    <div className="admin">
      <nav aria-label="Administration" className="admin__nav">
        <ul>
          {ADMIN_SECTIONS.map((s) => (
            <li key={s.to}>
              <NavLink to={`/administration/${s.to}`}>{s.label}</NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="admin__content">
        <Outlet />
      </div>
    </div>
  )
}

/** /administration itself: what each screen is for. */
export function AdminHome() {
  usePageTitle('Administration')
  return (
    <>
      <h1>Administration</h1>
      <p>Choisissez ce que vous voulez gérer.</p>
      <ul className="admin__index">
        {ADMIN_SECTIONS.map((s) => (
          <li key={s.to}>
            <NavLink to={`/administration/${s.to}`}>{s.label}</NavLink>
          </li>
        ))}
      </ul>
    </>
  )
}

import { useRef, useState } from 'react'
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router'
import { AccessibilityMention } from '../accessibility/AccessibilityStatementPage'
import { useAuth } from '../auth/AuthContext'
import { isPlatformAccount, useMyProgramme } from '../api/programmes'
import { roleLabel } from '../lib/labels'
import { useFocusPageHeading } from '../lib/useFocusPageHeading'
import { SearchBox } from '../search/SearchBox'
import { NotificationsLink } from '../notifications/NotificationsLink'
import { ConfirmDialog, PreparePanel, SyncBadge } from '../offline/components'
import { queueItems } from '../offline/queue'

export function Layout() {
  const { me, hasScope, logout } = useAuth()
  const isReferrer = hasScope('referrals:submit') && !hasScope('referrals:read')
  // The programme one works for names the header; a platform account works for none.
  const platform = isPlatformAccount(me)
  const programme = useMyProgramme()
  const tagline = platform ? 'Plateforme nationale' : programme.data?.name
  const navigate = useNavigate()
  const location = useLocation()
  const mainRef = useRef<HTMLElement>(null)
  useFocusPageHeading(mainRef, location.pathname)

  // Logging out wipes what this device keeps: unsent changes are lost, so that is asked first.
  const [unsent, setUnsent] = useState(0)
  const doLogout = async () => {
    setUnsent(0)
    await logout()
    navigate('/connexion', { replace: true })
  }
  const onLogout = async () => {
    const waiting = (await queueItems()).length
    if (waiting > 0) setUnsent(waiting)
    else await doLogout()
  }

  return (
    <>
      <a className="skip-link" href="#contenu">
        Aller au contenu
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <p className="brand">
            <span aria-hidden="true">⌂ </span>Binôme
            {tagline && <span className="brand__tagline" data-testid="programme-name"> – {tagline}</span>}
          </p>
          {hasScope('households:read', 'referrals:read', 'referrals:submit') && <SearchBox />}
          {me && (
            <div className="user-box">
              <p className="user-box__who">
                <span className="user-box__name">{me.full_name}</span>
                <span className="user-box__role">{roleLabel(me.roles)}</span>
              </p>
              <SyncBadge />
              <NotificationsLink />
              <button type="button" className="button button--light" onClick={onLogout}>
                Se déconnecter
              </button>
            </div>
          )}
        </div>
        <nav aria-label="Navigation principale" className="main-nav">
          <ul>
            {isReferrer ? (
              <>
                <li>
                  <NavLink to="/" end>
                    Mes demandes
                  </NavLink>
                </li>
                <li>
                  <NavLink to="/demandes/nouvelle">Nouvelle demande</NavLink>
                </li>
              </>
            ) : (
              hasScope('referrals:read', 'agenda:read') && (
                <li>
                  <NavLink to="/" end>
                    Accueil
                  </NavLink>
                </li>
              )
            )}
            {hasScope('referrals:read') && (
              <li>
                <NavLink to="/demandes" end>
                  Demandes
                </NavLink>
              </li>
            )}
            {hasScope('agenda:read') && (
              <li>
                <NavLink to="/agenda">Agenda</NavLink>
              </li>
            )}
            {hasScope('households:read') && (
              <li>
                <NavLink to="/menages" end>
                  Ménages
                </NavLink>
              </li>
            )}
            {hasScope('households:write') && (
              <li>
                <NavLink to="/menages/nouveau">Nouveau ménage</NavLink>
              </li>
            )}
            {hasScope('households:read') && (
              <li>
                <NavLink to="/suivi">Suivi des orientations</NavLink>
              </li>
            )}
            {hasScope('reports:validate') && (
              <li>
                <NavLink to="/validation">Validation</NavLink>
              </li>
            )}
            {hasScope('reporting:read') && (
              <li>
                <NavLink to="/bilan">Bilan d&apos;activité</NavLink>
              </li>
            )}
            {hasScope('audit:read') && (
              <li>
                <NavLink to="/journal">Journal d&apos;audit</NavLink>
              </li>
            )}
            {hasScope('admin') && (
              <li>
                <NavLink to="/administration">Administration</NavLink>
              </li>
            )}
            {hasScope('platform:admin') && (
              <li>
                <NavLink to="/plateforme/programmes">Programmes</NavLink>
              </li>
            )}
            {hasScope('network:read') && (
              <li>
                <NavLink to="/reseau">Chiffres nationaux</NavLink>
              </li>
            )}
          </ul>
        </nav>
      </header>
      <main id="contenu" ref={mainRef} tabIndex={-1}>
        {location.pathname === '/' && <PreparePanel />}
        <Outlet />
      </main>
      {unsent > 0 && (
        <ConfirmDialog
          title="Se déconnecter ?"
          message={`${unsent} modification${unsent > 1 ? 's' : ''} non envoyée${unsent > 1 ? 's' : ''} ser${unsent > 1 ? 'ont' : 'a'} perdue${unsent > 1 ? 's' : ''}. Elles sont sur cet appareil seulement.`}
          confirm="Se déconnecter quand même"
          cancel="Rester connecté"
          onConfirm={() => void doLogout()}
          onCancel={() => setUnsent(0)}
        />
      )}
      <footer className="site-footer">
        <p>Binôme – accompagnement SLIME contre la précarité énergétique.</p>
        <p><AccessibilityMention /></p>
      </footer>
    </>
  )
}

import type { ReactNode } from 'react'
import type { Scope } from '../api/types'
import { Navigate, useLocation } from 'react-router'
import { useAuth } from '../auth/AuthContext'
import { usePageTitle } from '../lib/usePageTitle'
import { Loading } from './Status'

export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, ended } = useAuth()
  const location = useLocation()
  if (status === 'loading') return <Loading label="Ouverture de la session…" />
  if (status === 'anonymous') {
    // After « Se déconnecter » the login page keeps no way back: the next person starts at home.
    if (ended === 'logout') return <Navigate to="/connexion" replace />
    const next = location.pathname + location.search
    return <Navigate to={`/connexion?suite=${encodeURIComponent(next)}`} replace />
  }
  return <>{children}</>
}

export function ForbiddenPage() {
  usePageTitle('Accès refusé')
  return (
    <>
      <h1>Accès refusé</h1>
      <p role="alert" className="alert alert--error">
        Vous n&apos;avez pas accès à cette page.
      </p>
    </>
  )
}

/** Renders children only if the user has one of the scopes; otherwise the 403 page. */
export function RequireScope({ anyOf, children }: { anyOf: Scope[]; children: ReactNode }) {
  const { hasScope } = useAuth()
  if (!hasScope(...anyOf)) return <ForbiddenPage />
  return <>{children}</>
}

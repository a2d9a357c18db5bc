import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'

const me = {
  kind: 'user',
  id: 6,
  email: 'conseiller@slime-jura.demo',
  full_name: 'Paul Girard',
  organisation: null,
  roles: ['advisor'],
  // An advisor reaches only the households assigned to them: the API answers 403 for the others.
  scopes: ['households:read'],
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('HouseholdPage', () => {
  it('shows "no access" on a 403 and keeps the user logged in', async () => {
    const calls: string[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      const path = new URL(req.url).pathname
      calls.push(path)
      if (path === '/api/v1/auth/me') return jsonResponse(200, me)
      return jsonResponse(403, { error: 'forbidden', detail: 'Accès refusé.' })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })

    renderApp('/menages/5')

    expect(await screen.findByRole('alert')).toHaveTextContent("Vous n'avez pas accès à cette page.")
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeInTheDocument()
    expect(screen.getByText('Conseiller énergie')).toBeInTheDocument()
    expect(calls).toContain('/api/v1/households/5')
    expect(session.getAccessToken()).toBe('a1')
    expect(calls).not.toContain('/api/v1/auth/refresh')
  })

  it('goes back to the login page when the session cannot be refreshed', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(401, { error: 'unauthorized', detail: 'Jeton expiré.' }))
    session.setTokens({ access_token: 'old', refresh_token: 'dead' })

    renderApp('/menages')

    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion' })).toBeInTheDocument()
    expect(session.hasSession()).toBe(false)
  })
})

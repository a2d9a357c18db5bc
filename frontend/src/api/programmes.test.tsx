import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from './client'
import { isPlatformAccount } from './programmes'
import type { Me } from './types'
import { jsonResponse, renderApp } from '../test/renderApp'

const advisor: Me = {
  kind: 'user', id: 31, email: 'conseillere2@ajena.demo', full_name: 'Inès Moreau', organisation: null,
  roles: ['advisor'], scopes: ['households:read'], device_storage_days: 14,
}
const network: Me = {
  kind: 'user', id: 90, email: 'reseau@binome.demo', full_name: 'Réseau national', organisation: null,
  roles: ['network'], scopes: ['network:read'], device_storage_days: 14,
}

/** Logged in as `me`; the paths asked for are recorded. */
function fakeApi(me: Me) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    calls.push(path)
    if (path === '/api/v1/auth/me') return jsonResponse(200, me)
    if (path === '/api/v1/programme')
      return isPlatformAccount(me)
        ? jsonResponse(404, { error: 'not_found', detail: 'Aucun programme.' })
        : jsonResponse(200, { id: 2, slug: 'haute-vallee', name: 'SLIME de Haute-Vallée (fictif)' })
    if (path.startsWith('/api/v1/national/')) return jsonResponse(403, { error: 'forbidden', detail: 'x' })
    return jsonResponse(200, { items: [], total: 0, next: null })
  })
  session.setTokens({ access_token: 't' })
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('isPlatformAccount', () => {
  it('is true only when every scope is a platform one', () => {
    expect(isPlatformAccount({ scopes: ['network:read'] })).toBe(true)
    expect(isPlatformAccount({ scopes: ['platform:admin', 'network:read'] })).toBe(true)
    expect(isPlatformAccount({ scopes: ['network:read', 'households:read'] })).toBe(false)
    expect(isPlatformAccount({ scopes: [] })).toBe(false)
    expect(isPlatformAccount(null)).toBe(false)
  })
})

describe('the programme in the header', { timeout: 20_000 }, () => {
  it("names the programme one works for", async () => {
    fakeApi(advisor)
    renderApp('/menages')
    expect(await screen.findByTestId('programme-name')).toHaveTextContent('– SLIME de Haute-Vallée (fictif)')
  })

  it('asks nothing of a platform account, which works for no programme', async () => {
    const calls = fakeApi(network)
    renderApp('/notifications')
    expect(await screen.findByTestId('programme-name')).toHaveTextContent('– Plateforme nationale')
    expect(calls).toContain('/api/v1/auth/me')
    expect(calls).not.toContain('/api/v1/programme')
  })
})

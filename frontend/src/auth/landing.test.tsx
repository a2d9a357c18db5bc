import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'
import { EXPIRED_USER_KEY, expiredUser, landingAfterLogin, rememberExpiredUser, safeNext } from './landing'

const people = {
  coordinator: {
    kind: 'user', id: 2, email: 'animatrice@cd39.demo', full_name: 'Claire Martin', organisation: null,
    roles: ['coordinator'], scopes: ['households:read', 'referrals:read', 'agenda:read'],
  },
  advisor: {
    kind: 'user', id: 6, email: 'conseiller@ajena.demo', full_name: 'Lucas Bernard', organisation: null,
    roles: ['advisor'], scopes: ['households:read', 'referrals:read', 'agenda:read'],
  },
}
type Who = keyof typeof people

const household = {
  id: 5, version: 1, status: 'open', display_name: 'DUPONT Marie', first_name: 'Marie', last_name: 'Dupont',
  phone: null, email: null, address_line: null, postcode: null, commune: 'Dole', insee_code: null, unit: null,
  outside_units: true, tenure: 'owner_occupier', landlord: null, social_referent: null, members: [],
  consumption_units: '1.0', dwelling: null, consents: [], advisors: [], created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z', allowed_actions: [],
}

/** A fake API: whoever logged in last is "me"; `expire()` makes every token dead. */
function fakeApi(first: Who) {
  let current: Who = first
  let dead = false
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/auth/token') {
      const form = new URLSearchParams(await req.text())
      current = form.get('username') === people.advisor.email ? 'advisor' : 'coordinator'
      dead = false
      return jsonResponse(200, { access_token: `t-${current}`, token_type: 'bearer' })
    }
    if (path === '/api/v1/auth/logout') return new Response(null, { status: 204 })
    if (path === '/api/v1/auth/refresh') return jsonResponse(401, { error: 'unauthorized', detail: 'x' })
    if (dead) return jsonResponse(401, { error: 'unauthorized', detail: 'Jeton expiré.' })
    if (path === '/api/v1/auth/me') return jsonResponse(200, people[current])
    if (path === '/api/v1/households/5') return jsonResponse(200, household)
    if (path === '/api/v1/worklist')
      return jsonResponse(200, { calls_to_make: [], visits_this_week: [], briefings_to_read: [], my_referrals: [], follow_ups: [] })
    if (path === '/api/v1/households/5/follow-up')
      return jsonResponse(200, {
        household_id: 5, status: 'open', version: 1, closing_summary: null, closed_at: null, closed_by: null,
        open_orientations: 0, can_close: false, allowed_actions: [], orientations: [], works_updates: [],
        measured_impact_href: '/api/v1/households/5/measured-impact',
      })
    return jsonResponse(200, { items: [], total: 0, next: null })
  })
  session.setTokens({ access_token: `t-${first}` })
  return { expire: () => { dead = true } }
}

async function logIn(email: string) {
  await userEvent.type(await screen.findByLabelText('Adresse e-mail'), email)
  await userEvent.type(screen.getByLabelText('Mot de passe'), 'secret')
  await userEvent.click(screen.getByRole('button', { name: 'Se connecter' }))
}

beforeEach(() => sessionStorage.clear())
afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
  sessionStorage.clear()
})

describe('landing after login (pure)', () => {
  it('keeps the way back only for the person whose session expired', () => {
    expect(landingAfterLogin('/menages/5', null, 6)).toBe('/menages/5')
    expect(landingAfterLogin('/menages/5', 6, 6)).toBe('/menages/5')
    expect(landingAfterLogin('/menages/5', 2, 6)).toBe('/')
    expect(landingAfterLogin(null, null, 6)).toBe('/')
  })

  it('accepts only same-site paths', () => {
    expect(safeNext('//evil.example')).toBe('/')
    expect(safeNext('https://evil.example')).toBe('/')
    expect(safeNext('/connexion?suite=/x')).toBe('/')
    expect(safeNext('/agenda')).toBe('/agenda')
  })

  it('remembers whose session expired in this tab', () => {
    rememberExpiredUser(6)
    expect(sessionStorage.getItem(EXPIRED_USER_KEY)).toBe('6')
    expect(expiredUser()).toBe(6)
    rememberExpiredUser(null)
    expect(expiredUser()).toBeNull()
  })
})

// Whole login flows typed with userEvent: slow on a loaded machine, hence the longer timeout.
describe('landing after logout or expiry (app)', { timeout: 20_000 }, () => {
  it('after « Se déconnecter », the next person lands on their own home page', async () => {
    fakeApi('coordinator')
    renderApp('/menages?q=dupont')
    expect(await screen.findByRole('heading', { level: 1, name: 'Ménages' })).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Se déconnecter' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion' })).toBeInTheDocument()
    expect(screen.getByText('Vous êtes déconnecté.')).toBeInTheDocument()

    await logIn(people.advisor.email)
    expect(await screen.findByText('Lucas Bernard')).toBeInTheDocument()
    expect(screen.queryByRole('heading', { level: 1, name: 'Ménages' })).not.toBeInTheDocument()
    expect(await screen.findByRole('heading', { level: 1, name: 'Accueil' })).toBeInTheDocument()
  })

  it('after an expiry, another person lands on their home page, the same person where they were', async () => {
    const api = fakeApi('coordinator')
    renderApp('/menages')
    expect(await screen.findByRole('heading', { level: 1, name: 'Ménages' })).toBeInTheDocument()
    api.expire()
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' })
    await userEvent.click(within(nav).getByRole('link', { name: 'Demandes' }))
    expect(await screen.findByText('Votre session a expiré. Reconnectez-vous pour continuer.')).toBeInTheDocument()
    expect(sessionStorage.getItem(EXPIRED_USER_KEY)).toBe('2')

    await logIn(people.advisor.email)
    expect(await screen.findByRole('heading', { level: 1, name: 'Accueil' })).toBeInTheDocument()
    expect(sessionStorage.getItem(EXPIRED_USER_KEY)).toBeNull()
  })

  it('the same person whose session expired comes back to the page they were on', async () => {
    const api = fakeApi('coordinator')
    renderApp('/menages')
    expect(await screen.findByRole('heading', { level: 1, name: 'Ménages' })).toBeInTheDocument()
    api.expire()
    const nav = screen.getByRole('navigation', { name: 'Navigation principale' })
    await userEvent.click(within(nav).getByRole('link', { name: 'Demandes' }))
    expect(await screen.findByText('Votre session a expiré. Reconnectez-vous pour continuer.')).toBeInTheDocument()
    await logIn(people.coordinator.email)
    expect(await screen.findByRole('heading', { level: 1, name: "Demandes d'intervention" })).toBeInTheDocument()
  })
})

import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { SearchResult } from '../api/types'
import { jsonResponse, renderApp } from '../test/renderApp'
import { groupResults, queryProblem, searchPath } from './searchModel'

const coordinator = {
  kind: 'user',
  id: 2,
  email: 'animatrice@cd39.demo',
  full_name: 'Claire Martin',
  organisation: null,
  roles: ['coordinator'],
  scopes: ['households:read', 'referrals:read', 'reports:read', 'agenda:read'],
}

const household: SearchResult = { kind: 'household', id: 5, label: 'DUPONT Marie', context: '39100 Dole', path: '/menages/5' }
const referral: SearchResult = {
  kind: 'referral',
  id: 41,
  label: 'Demande n° 41 – DUPONT Marie',
  context: 'Reçue – reçue le 05/01/2026 – Dole',
  path: '/demandes/41',
}

function serve(results: SearchResult[], me: typeof coordinator = coordinator) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    calls.push(url.pathname + url.search)
    if (url.pathname === '/api/v1/auth/me') return jsonResponse(200, me)
    if (url.pathname === '/api/v1/search') return jsonResponse(200, { items: results, total: results.length, next: null })
    return jsonResponse(200, { items: [], total: 0, next: null, referrals: [], visits: [], follow_ups: [] })
  })
  session.setTokens({ access_token: 'a1' })
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('search model', () => {
  it('refuses fewer than two characters, as the API does', () => {
    expect(queryProblem(' a ')).toBe('Saisissez au moins 2 caractères pour rechercher.')
    expect(queryProblem('du')).toBeNull()
  })

  it('builds the results address and groups by kind in a fixed order', () => {
    expect(searchPath(' 06 12 ')).toBe('/recherche?q=06%2012')
    const groups = groupResults([referral, household])
    expect(groups.map((g) => [g.title, g.items.length])).toEqual([
      ['Ménages', 1],
      ["Demandes d'intervention", 1],
    ])
  })
})

describe('header search', { timeout: 20_000 }, () => {
  it('is a labelled search form that leads to grouped results with links', async () => {
    const calls = serve([household, referral])
    renderApp('/demandes')
    const form = await screen.findByRole('search', { name: 'Rechercher un ménage, une demande, un compte rendu' })
    const box = within(form).getByRole('searchbox', { name: 'Rechercher un ménage, une demande, un compte rendu' })
    await userEvent.type(box, 'dupont{Enter}')

    expect(await screen.findByRole('heading', { level: 1, name: 'Recherche : « dupont »' })).toBeInTheDocument()
    expect(calls).toContain('/api/v1/search?q=dupont&limit=25&offset=0')
    const households = screen.getByRole('region', { name: 'Ménages' })
    expect(within(households).getByRole('link', { name: 'DUPONT Marie' })).toHaveAttribute('href', '/menages/5')
    const referrals = screen.getByRole('region', { name: "Demandes d'intervention" })
    expect(within(referrals).getByRole('link', { name: /Demande n° 41/ })).toHaveAttribute('href', '/demandes/41')
    expect(screen.getByText('2 résultats.')).toBeInTheDocument()
  })

  it('says why a one-letter search is not sent, tied to the field', async () => {
    const calls = serve([])
    renderApp('/demandes')
    const box = await screen.findByRole('searchbox', { name: 'Rechercher un ménage, une demande, un compte rendu' })
    await userEvent.type(box, 'd')
    await userEvent.click(screen.getByRole('button', { name: 'Rechercher' }))
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Saisissez au moins 2 caractères pour rechercher.')
    expect(box).toHaveAttribute('aria-invalid', 'true')
    expect(box).toHaveAttribute('aria-describedby', alert.id)
    expect(calls.some((c) => c.startsWith('/api/v1/search'))).toBe(false)
  })

  it('says so when nothing is found', async () => {
    serve([])
    renderApp('/recherche?q=zzz')
    expect(await screen.findByText('Aucun résultat parmi les dossiers auxquels vous avez accès.')).toBeInTheDocument()
  })

  it('is not shown to someone who may search nothing', async () => {
    serve([], { ...coordinator, roles: ['manager'], scopes: ['audit:read'] })
    renderApp('/journal')
    await screen.findByRole('button', { name: 'Se déconnecter' })
    expect(screen.queryByRole('search', { name: 'Rechercher un ménage, une demande, un compte rendu' })).not.toBeInTheDocument()
  })
})

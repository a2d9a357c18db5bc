import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'

const me = {
  kind: 'user',
  id: 6,
  email: 'referente@ccas-dole.demo',
  full_name: 'Nadia Petit',
  organisation: null,
  roles: ['referrer'],
  scopes: ['referrals:submit'],
}

const mine = {
  items: [
    {
      id: 41,
      household_name: 'GIRARD Amélie',
      commune: 'Dole',
      status: 'closed',
      received_at: '2026-03-02T09:00:00Z',
      status_changed_at: '2026-05-20T10:00:00Z',
      visit_date: null,
    },
  ],
  total: 1,
  next: null,
}

const detail = {
  id: 41,
  household_name: 'GIRARD Amélie',
  commune: 'Dole',
  reasons: ['bill_payment_difficulty'],
  description: 'Facture de gaz impayée depuis l’hiver.',
  status: 'closed',
  received_at: '2026-03-02T09:00:00Z',
  status_changed_at: '2026-05-20T10:00:00Z',
  visit_date: null,
  steps: [
    { status: 'received', on: '2026-03-02' },
    { status: 'contacted', on: '2026-03-04' },
    { status: 'visit_scheduled', on: '2026-03-05' },
    { status: 'visited', on: '2026-03-19' },
    { status: 'report_sent', on: '2026-04-10' },
    { status: 'closed', on: '2026-05-20' },
  ],
}

function serve(routes: Record<string, () => Response>) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    calls.push(path)
    if (path === '/api/v1/auth/me') return jsonResponse(200, me)
    const route = routes[path]
    return route ? route() : jsonResponse(404, { error: 'not_found', detail: 'Ressource introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('MyReferralPage', () => {
  it('shows the steps as an ordered list with dd/mm/yyyy dates and focuses the heading', async () => {
    serve({ '/api/v1/referrals/mine/41': () => jsonResponse(200, detail) })
    renderApp('/mes-demandes/41')

    const heading = await screen.findByRole('heading', { level: 1, name: 'Demande n° 41 – GIRARD Amélie' })
    await waitFor(() => expect(heading).toHaveFocus())
    const steps = screen.getByRole('list', { name: 'Où en est la demande' })
    expect(steps.tagName).toBe('OL')
    const items = within(steps).getAllByRole('listitem')
    expect(items.map((li) => li.textContent)).toEqual([
      'Demande reçue par l’équipe SLIME le 02/03/2026',
      'Ménage contacté le 04/03/2026',
      'Visite planifiée le 05/03/2026',
      'Visite réalisée le 19/03/2026',
      'Compte-rendu envoyé le 10/04/2026',
      'Dossier clôturé le 20/05/2026',
    ])
    expect(within(items[4]).getByText('10/04/2026')).toHaveAttribute('dateTime', '2026-04-10')
    expect(screen.getByText('Facture de gaz impayée depuis l’hiver.')).toBeInTheDocument()
    expect(screen.getByText('Difficultés à payer les factures d’énergie')).toBeInTheDocument()
    expect(document.title).toBe('Ma demande n° 41 – Binôme')
  })

  it('is reached from a card of the referrer’s home page', async () => {
    const user = userEvent.setup()
    serve({
      '/api/v1/worklist': () =>
        jsonResponse(200, { calls_to_make: [], visits_this_week: [], briefings_to_read: [], my_referrals: [], follow_ups: [] }),
      '/api/v1/referrals/mine': () => jsonResponse(200, mine),
      '/api/v1/referrals/mine/41': () => jsonResponse(200, detail),
    })
    renderApp('/')

    const card = await screen.findByRole('link', { name: 'GIRARD Amélie – Dole' })
    expect(card).toHaveAttribute('href', '/mes-demandes/41')
    await user.click(card)
    expect(await screen.findByRole('heading', { level: 1, name: /Demande n° 41/ })).toBeInTheDocument()
  })

  it('says « introuvable » for someone else’s referral (a 404)', async () => {
    const calls = serve({})
    renderApp('/mes-demandes/77')

    expect(await screen.findByRole('alert')).toHaveTextContent('Cette demande est introuvable.')
    expect(screen.getByRole('heading', { level: 1, name: 'Ma demande' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Retour à mes demandes' })).toHaveAttribute('href', '/')
    expect(calls).toContain('/api/v1/referrals/mine/77')
  })
})

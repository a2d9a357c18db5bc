import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { AnnualReport, CampaignRead, UnitProgress } from '../api/types'
import { jsonResponse, renderApp } from '../test/renderApp'

// jsdom has no canvas: the chart is replaced, the tables carry the figures.
vi.mock('../dashboard/ChartCanvas', () => ({ ChartCanvas: ({ label }: { label: string }) => <p>{label}</p> }))

const me = {
  kind: 'user',
  id: 5,
  email: 'cheffe@cd39.demo',
  full_name: 'Sophie Durand',
  organisation: null,
  roles: ['manager'],
  scopes: ['directory:read', 'reporting:read', 'referrals:read'],
}

const YEAR = new Date().getFullYear()
const campaigns: CampaignRead[] = [
  {
    id: 2,
    year: YEAR,
    objective_per_thousand: '2.00',
    budget_eur: '123192.50',
    notes: '',
    units: [
      { id: 2, name: 'Champagnole' },
      { id: 1, name: 'Dole' },
    ],
    households_in_scope: 52750,
    visits_objective: 106,
  },
  { ...({} as CampaignRead), id: 1, year: YEAR - 1, units: [{ id: 3, name: 'Lons-le-Saunier' }] },
]

const progress = (unit_id: number | null, unit: string, objective: string, done: number): UnitProgress => ({
  unit_id,
  unit,
  households_count: 18650,
  objective_visits: objective,
  visits_done: done,
  share_of_objective_pct: '2.7',
  visits_by_month: [done, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
})

const report = (unitId: number | null): AnnualReport => ({
  year: YEAR,
  unit_id: unitId,
  generated_at: `${YEAR}-01-31T10:00:00Z`,
  objective_per_thousand: '2.00',
  units: [progress(2, 'Champagnole', '37.3', 1), ...(unitId ? [] : [progress(1, 'Dole', '68.2', 0)])],
  total: progress(null, 'Total', '105.5', 1),
  visits_outside_campaign_units: 2,
  referrals_by_referrer_kind: [
    { key: 'caf', label: 'CAF', count: 9 },
    { key: 'ccas', label: 'CCAS', count: null },
  ],
  referrals_by_reason: [],
  lead_times: [{ key: 'referral_to_visit', label: 'Demande → visite', cases: 3, median_days: '20.6', p90_days: '24.6' }],
  tenure: [],
  heating_energy: [],
  income_band: [],
  tee_band: [],
  tenure_by_heating: { rows: [], columns: [], cells: [] },
  orientations: [],
  equipment: [],
  landlord_works: [],
  cost: { budget_eur: '123192.50', households_visited: 3, cost_per_household_eur: '41064.17', equipment_cost_eur: '59.00' },
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  session.clear()
})

describe('DashboardPage', () => {
  it('shows the objective per unit, suppressed counts as « < 5 », and filters by unit', async () => {
    const calls: string[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url)
      calls.push(url.pathname + url.search)
      if (url.pathname === '/api/v1/auth/me') return jsonResponse(200, me)
      if (url.pathname === '/api/v1/campaigns') return jsonResponse(200, { items: campaigns, total: campaigns.length, next: null })
      if (url.pathname === `/api/v1/reporting/annual/${YEAR}`) {
        const unit = url.searchParams.get('unit_id')
        return jsonResponse(200, report(unit ? Number(unit) : null))
      }
      return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })

    renderApp('/bilan')

    const table = await screen.findByTestId('objective-table')
    expect(within(table).getByRole('row', { name: /Champagnole/ })).toHaveTextContent('37,3')
    expect(within(table).getByRole('row', { name: /Dole/ })).toBeInTheDocument()
    expect(within(table).getByRole('row', { name: /Total/ })).toHaveTextContent('105,5')
    expect(screen.getByTestId('headline')).toHaveTextContent(/41\s064,17\s€/)
    expect(screen.getByTestId('headline')).toHaveTextContent('(et 2 hors des unités de la campagne)')
    expect(within(screen.getByTestId('referrals-by-kind')).getByRole('row', { name: /CCAS/ })).toHaveTextContent('< 5')
    expect(calls).toContain(`/api/v1/reporting/annual/${YEAR}?format=json`)

    // The unit list is the campaign's; applying the filter asks the API for that unit only.
    const unitSelect = screen.getByLabelText('Unité territoriale')
    expect(within(unitSelect).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Toutes les unités',
      'Champagnole',
      'Dole',
    ])
    await userEvent.selectOptions(unitSelect, 'Champagnole')
    await userEvent.click(screen.getByRole('button', { name: 'Afficher' }))
    expect(await screen.findByRole('heading', { level: 2, name: /Champagnole/ })).toBeInTheDocument()
    expect(calls).toContain(`/api/v1/reporting/annual/${YEAR}?unit_id=2&format=json`)
    expect(within(screen.getByTestId('objective-table')).queryByRole('row', { name: /Dole/ })).toBeNull()
  })

  it('shows counts hidden by statistical secrecy as « < 5 », and what depends on them as « masqué »', async () => {
    const hidden: AnnualReport = {
      ...report(null),
      units: [
        { ...progress(2, 'Champagnole', '37.3', 0), visits_done: null, share_of_objective_pct: null,
          visits_by_month: [null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
        { ...progress(1, 'Dole', '68.2', 9), visits_by_month: [6, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      ],
      total: { ...progress(null, 'Total', '105.5', 12), visits_by_month: [null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] },
      visits_outside_campaign_units: null,
      orientations: [
        { kind: 'fsl', label: 'FSL énergie', proposed: 6, in_progress: null, obtained: null, refused: 0, abandoned: 0,
          total: 9, amount_obtained_eur: null },
        { kind: 'cheque', label: 'Chèque énergie', proposed: 5, in_progress: 0, obtained: 7, refused: 0, abandoned: 0,
          total: 12, amount_obtained_eur: '1200.00' },
      ],
      landlord_works: [{ status: 'done', label: 'Réalisés', count: null, actual_cost_eur: null }],
    }
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url)
      if (url.pathname === '/api/v1/auth/me') return jsonResponse(200, me)
      if (url.pathname === '/api/v1/campaigns') return jsonResponse(200, { items: campaigns, total: campaigns.length, next: null })
      if (url.pathname === `/api/v1/reporting/annual/${YEAR}`) return jsonResponse(200, hidden)
      return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })

    // Mid-November: every month used below has begun.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date(YEAR, 10, 15))
    renderApp('/bilan')

    const table = await screen.findByTestId('objective-table')
    const champagnole = within(table).getByRole('row', { name: /Champagnole/ })
    expect(champagnole).toHaveTextContent('< 5 (masqué, secret statistique)')
    expect(champagnole).toHaveTextContent('masqué (secret statistique)')
    expect(within(table).getByRole('row', { name: /Total/ })).toHaveTextContent('12')
    expect(screen.getByTestId('headline')).toHaveTextContent('(et < 5 hors des unités de la campagne, secret statistique)')
    expect(screen.getByText(/Secret statistique : effectifs de 1 à 4 masqués \(« < 5 »\), pour/)).toBeVisible()

    // January and February are hidden: their running totals are « masqué »; Dole's are published.
    const monthly = screen.getByTestId('monthly-table')
    const dole = within(monthly).getByRole('row', { name: /Dole/ })
    expect(within(dole).getAllByRole('cell').slice(0, 2).map((c) => c.textContent)).toEqual(['6', '9'])
    const total = within(monthly).getByRole('row', { name: /Total/ })
    // The total's running totals come back from its published total once the hidden months are past.
    expect(within(total).getAllByRole('cell')[0]).toHaveTextContent('masqué')
    // From February on, the running total is the published total less the (published) later months.
    expect(within(total).getAllByRole('cell')[1]).toHaveTextContent('12')
    const champagneMonths = within(within(monthly).getByRole('row', { name: /Champagnole/ })).getAllByRole('cell')
    expect(champagneMonths[2]).toHaveTextContent('masqué')
    expect(screen.getByText(/Certains cumuls sont masqués \(secret statistique\)/)).toBeInTheDocument()

    // A column total would reveal the hidden counts it adds up: « masqué »; a published one is shown.
    const orientations = screen.getByTestId('orientations')
    const footer = within(orientations).getByRole('row', { name: /^Total/ })
    const cells = within(footer).getAllByRole('cell').map((c) => c.textContent)
    expect(cells[0]).toBe('11')
    expect(cells[1]).toContain('masqué')
    expect(cells[5]).toBe('21')
    expect(cells[6]).toContain('masqué')
    expect(within(screen.getByTestId('landlord-works')).getByRole('row', { name: /Réalisés/ })).toHaveTextContent(
      /< 5.*masqué/,
    )
  })
})

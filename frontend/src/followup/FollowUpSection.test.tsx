import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { FollowUpOrientation, HouseholdFollowUp } from '../api/types'
import { AuthProvider } from '../auth/AuthContext'
import { jsonResponse } from '../test/renderApp'
import { FollowUpSection } from './FollowUpSection'

const me = {
  kind: 'user',
  id: 2,
  email: 'animatrice@cd39.demo',
  full_name: 'Claire Martin',
  organisation: null,
  roles: ['coordinator'],
  scopes: ['households:read', 'households:write', 'followup:write', 'directory:read'],
}

const fsl: FollowUpOrientation = {
  id: 31,
  household_id: 5,
  report_id: 12,
  kind: 'fsl_energy',
  kind_label: 'FSL énergie',
  description: 'Demande d’aide FSL énergie.',
  partner: 'FSL du Jura',
  partner_organisation: null,
  responsible: { id: 2, full_name: 'Claire Martin' },
  due_on: '2026-03-01',
  status: 'in_progress',
  outcome: '',
  amount_obtained_eur: null,
  handed_to_referent_at: null,
  settled_at: null,
  overdue: true,
  version: 4,
  allowed_actions: ['obtain', 'refuse', 'abandon'],
  events: [
    { id: 1, kind: 'note', on: '2026-02-10', contact: 'FSL du Jura', note: 'Dossier déposé.', by: { id: 2, full_name: 'Claire Martin' }, created_at: '2026-02-10T09:00:00Z' },
  ],
}

const followUp: HouseholdFollowUp = {
  household_id: 5,
  status: 'open',
  version: 7,
  closing_summary: null,
  closed_at: null,
  closed_by: null,
  open_orientations: 1,
  can_close: false,
  allowed_actions: ['close'],
  orientations: [fsl],
  works_updates: [
    { id: 3, report_id: 12, work_priority: 1, work_description: 'Isoler les combles', status: 'done', on: '2026-03-10', actual_cost_eur: '2300.00', comment: 'Fait.', organisation: { id: 9, name: 'Jura Habitat' }, created_at: '2026-03-10T10:00:00Z' },
  ],
  measured_impact_href: '/api/v1/households/5/measured-impact',
}

// The measured impact the follow-up links to (measured_impact_href): nothing after the visit yet.
const impact = {
  household_id: 5, visit_id: 2, visit_date: '2026-02-01', reference_date: '2026-03-15',
  baseline: { start: '2025-02-01', end: '2026-01-31', bills: 12 }, after: null, bills_straddling_visit: 0,
  energies: [], baseline_kwh: null, after_kwh: null, change_kwh: null, change_eur: null,
  corrected_change_kwh: null, corrected_change_eur: null, climate_corrected: false, climate_note: '',
  estimated: [{ kind: 'work', code: 'roof', label: 'Isoler les combles', saving_kwh: '2400', saving_eur: null }],
  estimated_kwh: '2400', measured_saving_kwh: null, share_of_estimate: null,
  explanation: 'Impact mesuré non calculable : factures après la visite à saisir.',
}

function renderSection(api: (path: string, req: Request) => Response | Promise<Response>) {
  const sent: { path: string; body: unknown }[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/auth/me') return jsonResponse(200, me)
    if (path === '/api/v1/orientation-types') return jsonResponse(200, { items: [], total: 0, next: null })
    if (path === '/api/v1/users') return jsonResponse(200, { items: [], total: 0, next: null })
    if (path === '/api/v1/households/5/measured-impact') return jsonResponse(200, impact)
    if (req.method !== 'GET') sent.push({ path, body: await req.clone().json() })
    return api(path, req)
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <AuthProvider>
          <FollowUpSection householdId={5} />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return sent
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('FollowUpSection', () => {
  it('shows each orientation, its log, the overdue flag, the works updates, and keeps closing disabled', async () => {
    renderSection(() => jsonResponse(200, followUp))
    const card = await screen.findByRole('article', { name: 'FSL énergie' })
    expect(within(card).getByText('En retard')).toBeInTheDocument()
    expect(within(card).getByText('01/03/2026')).toBeInTheDocument()
    expect(within(card).getByRole('row', { name: /Dossier déposé/ })).toHaveTextContent('10/02/2026')
    expect(within(screen.getByTestId('works-updates')).getByRole('row', { name: /Isoler les combles/ })).toHaveTextContent(
      /Réalisés.*2 300,00 €/,
    )
    expect(screen.getByRole('button', { name: 'Clore le dossier' })).toBeDisabled()
    expect(screen.getByText(/1 orientation est encore ouverte/)).toBeInTheDocument()
    // The measured impact it links to: what is missing, and the estimated saving of the work done.
    const impactPanel = await screen.findByRole('region', { name: 'Impact mesuré sur les factures' })
    expect(await within(impactPanel).findByTestId('impact-explanation')).toHaveTextContent('factures après la visite à saisir')
    expect(within(impactPanel).getByTestId('impact-estimated')).toHaveTextContent('Isoler les combles : 2 400 kWh par an')
  })

  it('sends « obtained » with the amount and the version, and shows the API’s 409 message', async () => {
    const user = userEvent.setup()
    const sent = renderSection((path) =>
      path.endsWith('/transitions')
        ? jsonResponse(409, { error: 'stale_version', detail: 'L’orientation a été modifiée entre-temps.' })
        : jsonResponse(200, followUp),
    )
    const card = await screen.findByRole('article', { name: 'FSL énergie' })
    await user.click(await within(card).findByRole('button', { name: /^Enregistrer comme obtenue/ }))
    await user.type(within(card).getByLabelText('Montant obtenu (€)'), '350,5')
    await user.click(within(card).getByRole('button', { name: 'Enregistrer' }))
    expect(await within(card).findByRole('alert')).toHaveTextContent('L’orientation a été modifiée entre-temps.')
    expect(sent).toEqual([
      { path: '/api/v1/orientations/31/transitions', body: { action: 'obtain', version: 4, outcome: '', amount_obtained_eur: '350.5' } },
    ])
  })

  it('flags an unreadable amount next to its field and sends nothing', async () => {
    const user = userEvent.setup()
    const sent = renderSection(() => jsonResponse(200, followUp))
    const card = await screen.findByRole('article', { name: 'FSL énergie' })
    await user.click(await within(card).findByRole('button', { name: /^Enregistrer comme obtenue/ }))
    const amount = within(card).getByLabelText('Montant obtenu (€)')
    await user.type(amount, 'beaucoup')
    await user.click(within(card).getByRole('button', { name: 'Enregistrer' }))
    expect(amount).toHaveAttribute('aria-invalid', 'true')
    expect(amount).toHaveAccessibleDescription(/Montant illisible/)
    expect(sent).toEqual([])
  })

  it('shows a closed case with its summary and the reopen form', async () => {
    renderSection(() =>
      jsonResponse(200, {
        ...followUp,
        status: 'closed',
        allowed_actions: ['reopen'],
        open_orientations: 0,
        closing_summary: 'Aides obtenues, travaux faits.',
        closed_at: '2026-04-02T08:30:00Z',
        closed_by: { id: 2, full_name: 'Claire Martin' },
      }),
    )
    const closed = await screen.findByTestId('closed-case')
    expect(closed).toHaveTextContent('Dossier clos le 02/04/2026 à 10:30 par Claire Martin.')
    expect(closed).toHaveTextContent('Aides obtenues, travaux faits.')
    expect(screen.getByRole('button', { name: 'Rouvrir' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /^Enregistrer comme obtenue/ })).not.toBeInTheDocument()
  })
})

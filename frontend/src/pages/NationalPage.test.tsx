import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { NationalFigures } from '../api/programmes'
import type { Me } from '../api/types'
import { jsonResponse, renderApp } from '../test/renderApp'
import { nationalYears } from '../lib/national'

const network: Me = {
  kind: 'user', id: 90, email: 'reseau@binome.demo', full_name: 'Réseau national', organisation: null,
  roles: ['network'], scopes: ['network:read'], device_storage_days: 14,
}

const row = (programme: string, households: number, visits: number | null, share: string | null) => ({
  programme,
  households_count: households,
  objective_per_thousand: '2.00',
  objective_visits: (households * 0.002).toFixed(1),
  visits_done: visits,
  share_of_objective_pct: share,
})

function figures(year: number): NationalFigures {
  return {
    year,
    generated_at: '2026-11-30T08:00:00Z',
    programmes: [row('SLIME du Jura', 71_150, 12, '8.4'), row('Programme non nommé', 20_000, null, null)],
    programmes_without_campaign: 1,
    total: row('Total', 91_150, 15, '8.2'),
    tenure: [
      { key: 'owner_occupier', label: 'Propriétaire occupant', count: 9 },
      { key: 'private_tenant', label: 'Locataire du parc privé', count: null },
    ],
    heating_energy: [{ key: 'wood', label: 'Bois', count: 6 }],
    income_band: [],
    tee_band: [{ key: 'tee_10_15', label: 'De 10 à 15 %', count: 5 }],
    orientations: [{ key: 'anah', label: 'Anah – MaPrimeRénov’', count: 7 }],
    orientation_outcomes: [{ key: 'proposed', label: 'Proposée', count: null }],
    measured_impact: {
      cohort_year: year - 1,
      households_followed: 12,
      households_measured: 8,
      climate_corrected: null,
      rows: [{ group: 'no_action', label: 'Ni travaux faits ni écogestes', households: 8, measured_saving_kwh: '950',
               estimated_saving_kwh: '0', share_of_estimate: null }],
      note: 'Ménages visités pour la première fois l’année précédente.',
    },
  }
}

function fakeApi() {
  const years: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/auth/me') return jsonResponse(200, network)
    const national = path.match(/^\/api\/v1\/national\/(\d+)$/)
    if (national) {
      years.push(national[1])
      return jsonResponse(200, figures(Number(national[1])))
    }
    return jsonResponse(200, { items: [], total: 0, next: null })
  })
  session.setTokens({ access_token: 't' })
  return years
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('NationalPage', { timeout: 20_000 }, () => {
  it('is the home of a network account, with French figures and « < 5 » for suppressed counts', async () => {
    fakeApi()
    renderApp('/')
    expect(await screen.findByRole('heading', { level: 1, name: 'Chiffres nationaux' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Chiffres nationaux' })).toHaveAttribute('href', '/reseau')

    const table = await screen.findByTestId('national-programmes')
    const jura = within(table).getByRole('row', { name: /SLIME du Jura/ })
    // French formats, with their narrow no-break spaces (which toHaveTextContent would blur into spaces).
    const cells = within(jura).getAllByRole('cell').map((c) => c.textContent)
    expect(cells).toEqual(['71\u202f150', '2', '142,3', '12', '8,4\u202f%'])
    const unnamed = within(table).getByRole('row', { name: /Programme non nommé/ })
    expect(unnamed).toHaveTextContent('< 5')
    expect(unnamed).toHaveTextContent('masqué')
    expect(within(table).getByRole('row', { name: /Total/ }).textContent).toContain('91\u202f150')
    expect(screen.getByText(/Un programme n’a pas de campagne/)).toBeInTheDocument()

    expect(within(screen.getByTestId('n-tenure')).getByRole('row', { name: /Locataire du parc privé/ })).toHaveTextContent(
      '< 5',
    )
    expect(screen.getByText('Tranche de revenus (déciles) : aucune donnée pour cette période.')).toBeInTheDocument()
    // The measured impact of the year before's visits, all programmes together.
    expect(within(screen.getByTestId('n-impact')).getByRole('row', { name: /Ni travaux faits/ })).toHaveTextContent('8')
  })

  it('shows the year chosen', async () => {
    const years = fakeApi()
    const user = userEvent.setup()
    renderApp('/reseau')
    await screen.findByTestId('national-programmes')
    const previous = nationalYears()[1]
    await user.selectOptions(screen.getByLabelText('Année de campagne'), String(previous))
    await user.click(screen.getByRole('button', { name: 'Afficher' }))
    expect(await screen.findByText(`Chiffres ${previous} affichés.`)).toBeInTheDocument()
    expect(years).toEqual([String(nationalYears()[0]), String(previous)])
  })
})

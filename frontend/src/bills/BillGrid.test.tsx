import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactElement } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { figureKeys } from '../api/analysis'
import { session } from '../api/client'
import type { BillEntryRead } from '../api/types'
import { jsonResponse } from '../test/renderApp'
import { BillGrid } from './BillGrid'
import { VOCABULARY } from '../test/vocabulary'

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

/** The grid under a query cache of its own (its writes mark the household's figures stale there). */
function renderGrid(grid: ReactElement) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return { queryClient, ...render(<QueryClientProvider client={queryClient}>{grid}</QueryClientProvider>) }
}

function billFrom(body: Record<string, unknown>, id: number): BillEntryRead {
  return {
    id,
    version: 1,
    energy: body.energy,
    supplier: body.supplier ?? null,
    contract_option: null,
    subscribed_kva: null,
    period_start: body.period_start ?? null,
    period_end: body.period_end ?? null,
    delivery_date: body.delivery_date ?? null,
    quantity: String(body.quantity),
    unit: body.unit,
    gas_coefficient: null,
    amount_eur: String(body.amount_eur),
    estimated: !!body.estimated,
    unpaid_eur: String(body.unpaid_eur ?? '0'),
    kwh: String(body.quantity),
  } as BillEntryRead
}

/** The API: the first POST is accepted, the second refused with an error on "unit". */
function stubApi() {
  const posted: Record<string, unknown>[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (req.method === 'POST' && path === '/api/v1/households/5/bills') {
      const body = (await req.json()) as Record<string, unknown>
      posted.push(body)
      if (posted.length === 1) return jsonResponse(201, billFrom(body, 101))
      return jsonResponse(422, {
        error: 'validation_error',
        detail: 'Unité « kWh » impossible pour eau : choisir parmi m³ d’eau.',
        fields: [{ field: 'unit', message: 'Unité « kWh » impossible pour eau : choisir parmi m³ d’eau.' }],
      })
    }
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  return posted
}

describe('BillGrid', () => {
  it('labels every cell of a row', () => {
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
    for (const name of ['Énergie', 'Fournisseur', 'Début', 'Fin', 'Quantité', 'Unité', 'Montant (€)', 'Impayé (€)', 'Estimé']) {
      expect(screen.getByLabelText(`${name} (facture 1)`)).toBeInTheDocument()
    }
    // The unit list follows the energy: electricity is counted in kWh only.
    const unit = screen.getByLabelText('Unité (facture 1)')
    expect(within(unit).getAllByRole('option').map((o) => o.textContent)).toEqual(['kWh'])
  })

  it('saves a row on Enter, opens the next one, and shows a server error next to its cell', async () => {
    const posted = stubApi()
    const user = userEvent.setup()
    const { queryClient } = renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
    // The figures computed from the bills, as read before: a saved bill makes them stale.
    const analysis = figureKeys.analysis(5)
    queryClient.setQueryData(analysis, { years: [] })
    const stale = () => queryClient.getQueryState(analysis)?.isInvalidated

    // Keyboard only: Tab through the cells in order, Enter on the last one.
    screen.getByLabelText('Énergie (facture 1)').focus()
    await user.keyboard('{Tab}EDF{Tab}01/01/2025{Tab}31/01/2025{Tab}1 350{Tab}{Tab}95,50{Tab}{Tab}')
    expect(screen.getByLabelText('Estimé (facture 1)')).toHaveFocus()
    await user.keyboard('{Enter}')

    // A new row, with the focus on its first cell and the energy of the previous row.
    const energy2 = screen.getByLabelText('Énergie (facture 2)')
    expect(energy2).toHaveFocus()
    expect(energy2).toHaveValue('electricity')
    expect(screen.getByLabelText('Début (facture 2)')).toHaveValue('01/02/2025')
    await waitFor(() => expect(screen.getByTestId('bill-status-1')).toHaveTextContent('Enregistrée'))
    expect(posted[0]).toMatchObject({
      energy: 'electricity',
      supplier: 'EDF',
      period_start: '2025-01-01',
      period_end: '2025-01-31',
      quantity: '1350',
      unit: 'kwh',
      amount_eur: '95.5',
      unpaid_eur: '0',
      estimated: false,
    })
    expect(stale()).toBe(true)
    queryClient.setQueryData(analysis, { years: [] }) // read again

    // Second row: the server refuses its unit; the message sits next to the unit cell.
    await user.type(screen.getByLabelText('Fin (facture 2)'), '28/02/2025')
    await user.type(screen.getByLabelText('Quantité (facture 2)'), '12')
    await user.type(screen.getByLabelText('Montant (€) (facture 2)'), '40')
    screen.getByLabelText('Estimé (facture 2)').focus()
    await user.keyboard('{Enter}')

    const unit2 = screen.getByLabelText('Unité (facture 2)')
    await waitFor(() => expect(unit2).toHaveAttribute('aria-invalid', 'true'))
    // The focus had gone on to the next row: it comes back to the faulty cell.
    expect(unit2).toHaveFocus()
    expect(unit2).toHaveAccessibleDescription(/Unité « kWh » impossible pour eau/)
    expect(document.getElementById(unit2.getAttribute('aria-describedby')!)).toHaveTextContent('impossible')
    // The row is kept, with what was typed, and says it must be corrected.
    expect(screen.getByLabelText('Fin (facture 2)')).toHaveValue('28/02/2025')
    expect(screen.getByTestId('bill-status-2')).toHaveTextContent('À corriger')
    expect(posted).toHaveLength(2)
    // A refused bill changes nothing on the server: the figures are not read again.
    expect(stale()).toBe(false)
  })

  it('checks French numbers and dates before sending anything', async () => {
    const posted = stubApi()
    const user = userEvent.setup()
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
    await user.type(screen.getByLabelText('Début (facture 1)'), '31/02/2025')
    await user.type(screen.getByLabelText('Fin (facture 1)'), '31/03/2025')
    await user.type(screen.getByLabelText('Quantité (facture 1)'), '12,5')
    await user.type(screen.getByLabelText('Montant (€) (facture 1)'), '1.234,5')
    await user.keyboard('{Enter}')

    const start = screen.getByLabelText('Début (facture 1)')
    expect(start).toHaveAttribute('aria-invalid', 'true')
    expect(start).toHaveAccessibleDescription(/jj\/mm\/aaaa/)
    expect(start).toHaveFocus()
    expect(screen.getByLabelText('Montant (€) (facture 1)')).toHaveAccessibleDescription(/1 234,56/)
    expect(screen.queryByLabelText('Énergie (facture 2)')).toBeNull()
    expect(posted).toHaveLength(0)
  })

  it('offers only the valid units of the chosen energy, the first by default', async () => {
    const user = userEvent.setup()
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
    await user.selectOptions(screen.getByLabelText('Énergie (facture 1)'), 'natural_gas')
    const unit = screen.getByLabelText('Unité (facture 1)')
    expect(unit).toHaveValue('kwh')
    expect(within(unit).getAllByRole('option').map((o) => o.getAttribute('value'))).toEqual(['kwh', 'm3_gas'])
    expect(screen.queryByLabelText('Coefficient gaz (facture 1)')).toBeNull()
    await user.selectOptions(unit, 'm3_gas')
    expect(screen.getByLabelText('Coefficient gaz (facture 1)')).toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Énergie (facture 1)'), 'fuel_oil')
    expect(screen.getByLabelText('Unité (facture 1)')).toHaveValue('kwh')
    expect(screen.getByLabelText('Date de livraison (facture 1)')).toBeInTheDocument()
    expect(screen.queryByLabelText('Début (facture 1)')).toBeNull()
  })
  it('asks the wood factor of a delivery of logs in stères, and puts the API’s message on its field', async () => {
    const posted: Record<string, unknown>[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      const body = (await req.json()) as Record<string, unknown>
      posted.push(body)
      return jsonResponse(422, {
        error: 'validation_error',
        detail: 'Données invalides.',
        fields: [{ field: 'kwh_per_unit', message: 'Doit être au moins 500.' }],
      })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const user = userEvent.setup()
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
    expect(screen.queryByTestId('bill-wood-1')).toBeNull()
    await user.selectOptions(screen.getByLabelText('Énergie (facture 1)'), 'wood_logs')
    await user.selectOptions(screen.getByLabelText('Unité (facture 1)'), 'stere')
    const wood = screen.getByTestId('bill-wood-1')
    expect(within(wood).getByRole('group')).toHaveAccessibleName(/1 680 kWh PCI par stère/)
    await user.type(screen.getByLabelText('Date de livraison (facture 1)'), '15/10/2025')
    await user.type(screen.getByLabelText('Quantité (facture 1)'), '4')
    await user.type(screen.getByLabelText('Montant (€) (facture 1)'), '320')
    await user.selectOptions(screen.getByLabelText('Essence (facture 1)'), 'oak')
    await user.selectOptions(screen.getByLabelText('Humidité (facture 1)'), 'dry')
    await user.selectOptions(screen.getByLabelText('Longueur des bûches (facture 1)'), '50')
    await user.type(screen.getByLabelText('kWh PCI par stère (fournisseur) (facture 1)'), '450')
    screen.getByLabelText('kWh PCI par stère (fournisseur) (facture 1)').focus()
    await user.keyboard('{Enter}')
    const factor = screen.getByLabelText('kWh PCI par stère (fournisseur) (facture 1)')
    await waitFor(() => expect(factor).toHaveAttribute('aria-invalid', 'true'))
    expect(factor).toHaveAccessibleDescription(/Doit être au moins 500/)
    expect(posted[0]).toMatchObject({
      energy: 'wood_logs',
      unit: 'stere',
      wood_species: 'oak',
      wood_moisture: 'dry',
      log_length_cm: 50,
      kwh_per_unit: '450',
    })
  })

  it('shows a saved bill’s kWh PCI, and its kWh PCS for gas', () => {
    const gas = {
      ...billFrom({ energy: 'natural_gas', period_start: '2025-01-01', period_end: '2025-02-28', quantity: '1200', unit: 'kwh', amount_eur: '110' }, 7),
      kwh: '1081',
      kwh_pcs: '1200',
    }
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[gas]} />)
    expect(screen.getByTestId('bill-kwh-1')).toHaveTextContent('1 081 kWh PCI (1 200 kWh PCS)')
  })

  it('says what the API noted about a wood delivery’s conversion', () => {
    const logs = {
      ...billFrom({ energy: 'wood_logs', delivery_date: '2025-10-01', quantity: '4', unit: 'stere', amount_eur: '340' }, 8),
      wood_species: 'oak' as const,
      log_length_cm: 50,
      kwh: '7776',
      conversion_notes: ['Bois : coefficient de longueur des bûches « 50 » à renseigner, non appliqué.'],
    }
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[logs]} />)
    expect(screen.getByLabelText('Essence (facture 1)')).toHaveValue('oak')
    expect(screen.getByLabelText('Longueur des bûches (facture 1)')).toHaveValue('50')
    expect(screen.getByTestId('bill-notes-1')).toHaveTextContent('coefficient de longueur des bûches « 50 » à renseigner')
  })

  it('keeps the person’s place after a refusal: focus on the faulty cell, no dates computed from the refused row', async () => {
    const posted: Record<string, unknown>[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      const body = (await req.json()) as Record<string, unknown>
      posted.push(body)
      if (body.quantity === '99999') {
        return jsonResponse(422, {
          error: 'validation_error',
          detail: 'Données invalides.',
          fields: [{ field: 'body.quantity', message: 'Quantité invraisemblable pour un mois.' }],
        })
      }
      return jsonResponse(201, billFrom(body, 200 + posted.length))
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const user = userEvent.setup()
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)

    await user.type(screen.getByLabelText('Début (facture 1)'), '01/01/2025')
    await user.type(screen.getByLabelText('Fin (facture 1)'), '31/01/2025')
    await user.type(screen.getByLabelText('Quantité (facture 1)'), '99999')
    await user.type(screen.getByLabelText('Montant (€) (facture 1)'), '95')
    await user.keyboard('{Enter}')

    // The server refuses the quantity: the focus is back on it, its message tied to it.
    const quantity = screen.getByLabelText('Quantité (facture 1)')
    await waitFor(() => expect(quantity).toHaveFocus())
    expect(quantity).toHaveAttribute('aria-invalid', 'true')
    expect(quantity).toHaveAccessibleDescription('Quantité invraisemblable pour un mois.')
    expect(screen.getByTestId('bill-status-1')).toHaveTextContent('À corriger')
    // The new row's start is not computed from the refused row, and the new row is not « Non enregistrée ».
    expect(screen.getByLabelText('Début (facture 2)')).toHaveValue('')
    expect(screen.getByTestId('bill-status-2')).toHaveTextContent('Nouvelle ligne')

    // Corrected and saved: the next row now starts the day after.
    await user.clear(quantity)
    await user.type(quantity, '350')
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.getByTestId('bill-status-1')).toHaveTextContent('Enregistrée'))
    expect(screen.getByLabelText('Début (facture 2)')).toHaveValue('01/02/2025')
    expect(screen.getByTestId('bill-status-2')).toHaveTextContent('Nouvelle ligne')
    expect(screen.getByLabelText('Énergie (facture 2)')).toHaveFocus()
    expect(posted.map((p) => p.quantity)).toEqual(['99999', '350'])
  })

  it('does not take back a start the person typed in the next row', async () => {
    let calls = 0
    let release: () => void = () => {}
    vi.stubGlobal('fetch', async () => {
      calls += 1
      await new Promise<void>((resolve) => (release = resolve))
      return jsonResponse(422, { error: 'validation_error', detail: 'Facture refusée.', fields: [] })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const user = userEvent.setup()
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
    await user.type(screen.getByLabelText('Début (facture 1)'), '01/01/2025')
    await user.type(screen.getByLabelText('Fin (facture 1)'), '31/01/2025')
    await user.type(screen.getByLabelText('Quantité (facture 1)'), '300')
    await user.type(screen.getByLabelText('Montant (€) (facture 1)'), '95')
    await user.keyboard('{Enter}')
    // While the first row is in flight, the person types the next row's start themselves.
    const start2 = screen.getByLabelText('Début (facture 2)')
    expect(start2).toHaveValue('01/02/2025')
    await user.clear(start2)
    await user.type(start2, '05/02/2025')
    expect(calls).toBe(1)
    release()
    await waitFor(() => expect(screen.getByTestId('bill-status-1')).toHaveTextContent('À corriger'))
    // A refusal with no field: its message goes with the row's save button, which gets the focus.
    const saveButton = await screen.findByRole('button', { name: /^Enregistrer ?la facture 1$/ })
    await waitFor(() => expect(saveButton).toHaveFocus())
    expect(saveButton).toHaveAccessibleDescription('Facture refusée.')
    expect(start2).toHaveValue('05/02/2025')
  })

  it('ties the key instructions to the grid, and calls the empty last row a new row', () => {
    const saved = billFrom({ energy: 'electricity', period_start: '2025-01-01', period_end: '2025-01-31', quantity: '300', unit: 'kwh', amount_eur: '95' }, 9)
    renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[saved]} />)
    expect(screen.getByRole('table')).toHaveAccessibleDescription(/Entrée pour enregistrer la ligne/)
    expect(screen.getByTestId('bill-status-1')).toHaveTextContent('Enregistrée')
    expect(screen.getByLabelText('Début (facture 2)')).toHaveValue('01/02/2025')
    expect(screen.getByTestId('bill-status-2')).toHaveTextContent('Nouvelle ligne')
    expect(screen.getByTestId('bill-row-2')).not.toHaveTextContent('Non enregistrée')
    // A new row has nothing to save yet: only its deletion is offered.
    expect(screen.queryByRole('button', { name: /^Enregistrer ?la facture 2$/ })).toBeNull()
    // Every cell has a label of its own (shown on a card, read in the table).
    expect(screen.getAllByText('Quantité', { selector: 'label' })).toHaveLength(2)
  })
})

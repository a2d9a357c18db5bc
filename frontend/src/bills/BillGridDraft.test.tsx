import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { ReactElement } from 'react'
import { afterEach, beforeEach, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { db, wipeAll } from '../offline/db'
import { setOwner } from '../offline/store'
import { jsonResponse } from '../test/renderApp'
import type { BillEntryRead } from '../api/types'
import { BillGrid } from './BillGrid'
import { VOCABULARY } from '../test/vocabulary'

beforeEach(async () => {
  await wipeAll()
  setOwner(7)
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
})

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

/** The grid under a query cache of its own (its writes mark the household's figures stale there). */
function renderGrid(grid: ReactElement) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return { queryClient, ...render(<QueryClientProvider client={queryClient}>{grid}</QueryClientProvider>) }
}

async function typeFirstBill() {
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Début (facture 1)'), '01/01/2025')
  await user.type(screen.getByLabelText('Fin (facture 1)'), '31/01/2025')
  await user.type(screen.getByLabelText('Quantité (facture 1)'), '812')
  await user.type(screen.getByLabelText('Montant (€) (facture 1)'), '164,30')
  return user
}

it('keeps a row typed but not saved on the device, and gives it back after a reload', async () => {
  const first = renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
  await typeFirstBill()
  // Written ~300 ms after the last keystroke, without pressing Enter (on a busy machine an earlier write may
  // hold a half-typed row: wait for the last field typed).
  await waitFor(
    async () => expect((await db.drafts.get('bills:5'))?.value).toEqual([expect.objectContaining({ quantity: '812', amount: '164,30' })]),
    { timeout: 3000 },
  )
  first.unmount()

  renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
  expect(await screen.findByText(/Brouillon restauré de cet appareil/)).toBeInTheDocument()
  expect(screen.getByLabelText('Quantité (facture 1)')).toHaveValue('812')
  expect(screen.getByLabelText('Montant (€) (facture 1)')).toHaveValue('164,30')
  expect(screen.getByLabelText('Fin (facture 1)')).toHaveValue('31/01/2025')
  // The empty row for the next bill follows it.
  expect(screen.getByLabelText('Quantité (facture 2)')).toHaveValue('')
})

it('drops the draft once the row is saved', async () => {
  vi.stubGlobal('fetch', async (req: Request) => {
    const body = (await req.json()) as Record<string, unknown>
    return jsonResponse(201, {
      id: 101, version: 1, energy: body.energy, supplier: null, contract_option: null, subscribed_kva: null,
      period_start: body.period_start, period_end: body.period_end, delivery_date: null, quantity: String(body.quantity),
      unit: body.unit, gas_coefficient: null, amount_eur: String(body.amount_eur), estimated: false, unpaid_eur: '0', kwh: '812',
    })
  })
  renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[]} />)
  const user = await typeFirstBill()
  await waitFor(async () => expect(await db.drafts.get('bills:5')).toBeDefined(), { timeout: 3000 })
  await user.keyboard('{Enter}')
  expect(await screen.findByText('Facture 1 enregistrée.')).toBeInTheDocument()
  await waitFor(async () => expect(await db.drafts.get('bills:5')).toBeUndefined(), { timeout: 3000 })
})

it('an edit of a saved bill made without network waits in the queue as a PUT on its version, and survives a reload', async () => {
  vi.stubGlobal('fetch', async () => {
    throw new TypeError('Failed to fetch')
  })
  const saved = {
    id: 101, version: 3, energy: 'electricity', supplier: null, contract_option: null, subscribed_kva: null,
    period_start: '2025-01-01', period_end: '2025-01-31', delivery_date: null, quantity: '812', unit: 'kWh',
    gas_coefficient: null, amount_eur: '164.30', estimated: false, unpaid_eur: '0', kwh: '812',
  } as unknown as BillEntryRead
  const first = renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[saved]} />)
  const user = userEvent.setup()
  const amount = screen.getByLabelText('Montant (€) (facture 1)')
  await user.clear(amount)
  await user.type(amount, '170{Enter}')
  expect(await screen.findByText('Facture 1 en attente de synchronisation.')).toBeInTheDocument()
  const [item] = await db.outbox.toArray()
  expect(item).toMatchObject({ method: 'PUT', path: '/api/v1/households/5/bills/101', baseVersion: 3 })
  expect(item.body).toMatchObject({ amount_eur: '170', version: 3 })
  first.unmount()

  renderGrid(<BillGrid householdId={5} vocabulary={VOCABULARY} bills={[saved]} />)
  await waitFor(() => expect(screen.getByLabelText('Montant (€) (facture 1)')).toHaveValue('170'))
  expect(screen.getByText('En attente de synchronisation')).toBeInTheDocument()
})

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes, useLocation } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { AuditPage } from '../pages/AuditPage'
import { jsonResponse } from '../test/renderApp'

function Where() {
  const location = useLocation()
  return <p data-testid="where">{location.search}</p>
}

function renderAt(path: string) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/journal" element={<><AuditPage /><Where /></>} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

const EVENT = {
  id: 9, at: '2026-03-10T08:05:00Z', actor: { id: 2, full_name: 'Claire Martin' }, actor_token_id: null,
  token_jti: null, actor_name: 'Claire Martin', action: 'transition', action_label: "Changement d'étape",
  entity: 'orientation', entity_label: 'Orientation', entity_id: 7, household_id: 3,
  household_name: 'JACQUET Hélène', detail: '{"action":"refuse","to":"refused"}', summary: 'Refus',
}

function stubApi(seen: URL[]) {
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    if (url.pathname === '/api/v1/users')
      return jsonResponse(200, [
        { id: 2, full_name: 'Claire Martin', is_active: true },
        { id: 5, full_name: 'Sophie Durand', is_active: true },
      ])
    if (url.pathname === '/api/v1/audit-events/vocabulary')
      return jsonResponse(200, {
        actions: [{ code: 'read', label: 'Consultation' }, { code: 'transition', label: "Changement d'étape" }],
        entities: [{ code: 'orientation', label: 'Orientation' }],
      })
    if (url.pathname === '/api/v1/audit-events') {
      seen.push(url)
      return jsonResponse(200, { items: [EVENT], total: 1, next: null })
    }
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('AuditPage', () => {
  it('fills the form from the address and asks the API for those filters', async () => {
    const seen: URL[] = []
    stubApi(seen)
    renderAt('/journal?personne=2&action=transition&du=2026-03-01&au=2026-03-31')

    expect(await screen.findByRole('cell', { name: 'Refus' })).toBeInTheDocument()
    expect(screen.getByRole('rowheader', { name: 'Claire Martin' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'JACQUET Hélène' })).toHaveAttribute('href', '/menages/3')
    await waitFor(() => expect(screen.getByLabelText('Personne')).toHaveValue('2'))
    expect(screen.getByLabelText('Action')).toHaveValue('transition')
    // Shown the French way; the address and the API keep ISO dates.
    expect(screen.getByLabelText('Du')).toHaveValue('01/03/2026')
    expect(screen.getByLabelText('Au (inclus)')).toHaveValue('31/03/2026')
    const query = seen.at(-1)!.searchParams
    expect([query.get('actor_id'), query.get('action'), query.get('from'), query.get('to')]).toEqual([
      '2', 'transition', '2026-03-01', '2026-03-31',
    ])
    expect(screen.getByRole('status')).toHaveTextContent('1 événement correspondant aux filtres.')
  })

  it('puts the submitted filters in the address, back to the first page', async () => {
    const seen: URL[] = []
    stubApi(seen)
    const user = userEvent.setup()
    renderAt('/journal?offset=25')
    await screen.findByRole('cell', { name: 'Refus' })
    await waitFor(() => expect(screen.getAllByRole('option', { name: 'Sophie Durand' })).toHaveLength(1))

    await user.selectOptions(screen.getByLabelText('Personne'), '5')
    await user.type(screen.getByLabelText("Nom d'une personne ou d'un ménage"), 'jacq')
    await user.click(screen.getByRole('button', { name: 'Filtrer' }))

    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?personne=5&q=jacq'))
    await waitFor(() => expect(seen.at(-1)!.searchParams.get('q')).toBe('jacq'))
    expect(seen.at(-1)!.searchParams.get('offset')).toBe('0')
  })

  it('refuses a date range that ends before it starts, tied to the fields', async () => {
    const seen: URL[] = []
    stubApi(seen)
    const user = userEvent.setup()
    renderAt('/journal')
    await screen.findByRole('cell', { name: 'Refus' })

    await user.type(screen.getByLabelText('Du'), '10/03/2026')
    await user.type(screen.getByLabelText('Au (inclus)'), '01/03/2026')
    await user.click(screen.getByRole('button', { name: 'Filtrer' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('La date de début doit précéder la date de fin.')
    expect(screen.getByLabelText('Du')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText('Du')).toHaveAccessibleDescription(/La date de début doit précéder la date de fin\./)
    expect(screen.getByTestId('where')).toHaveTextContent('')
  })

  it('reads dates typed jj/mm/aaaa (or 8 digits) and puts them in the address and the query as ISO', async () => {
    const seen: URL[] = []
    stubApi(seen)
    const user = userEvent.setup()
    renderAt('/journal')
    await screen.findByRole('cell', { name: 'Refus' })

    const from = screen.getByLabelText('Du')
    expect(from).toHaveAttribute('type', 'text')
    expect(from).toHaveAttribute('inputmode', 'numeric')
    expect(from).toHaveAccessibleDescription(/Au format jj\/mm\/aaaa/)
    await user.type(from, '01122026')
    await user.type(screen.getByLabelText('Au (inclus)'), '31/12/2026')
    await user.click(screen.getByRole('button', { name: 'Filtrer' }))

    await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?du=2026-12-01&au=2026-12-31'))
    await waitFor(() => expect(seen.at(-1)!.searchParams.get('to')).toBe('2026-12-31'))
    expect(seen.at(-1)!.searchParams.get('from')).toBe('2026-12-01')
    // The form, rebuilt from the new address, shows them the French way again.
    expect(screen.getByLabelText('Au (inclus)')).toHaveValue('31/12/2026')
  })

  it('says at the field when a date cannot be read, and changes nothing', async () => {
    const seen: URL[] = []
    stubApi(seen)
    const user = userEvent.setup()
    renderAt('/journal')
    await screen.findByRole('cell', { name: 'Refus' })
    const calls = seen.length

    const to = screen.getByLabelText('Au (inclus)')
    await user.type(to, '32/12/2026')
    await user.click(screen.getByRole('button', { name: 'Filtrer' }))

    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveAccessibleDescription(/Date illisible : tapez-la au format jj\/mm\/aaaa/)
    expect(to).toHaveFocus()
    expect(screen.getByLabelText('Du')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByTestId('where')).toHaveTextContent('')
    expect(seen).toHaveLength(calls)
  })
})

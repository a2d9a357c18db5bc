import { fireEvent, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { todayKey } from '../lib/datetime'
import { isoToFrenchDate } from '../lib/parse'
import { jsonResponse, renderApp } from '../test/renderApp'

const me = {
  kind: 'user',
  id: 2,
  email: 'animatrice@cd39.demo',
  full_name: 'Claire Martin',
  organisation: { id: 1, name: 'Conseil départemental du Jura' },
  roles: ['coordinator'],
  scopes: ['agenda:read', 'agenda:write', 'directory:read'],
}

/** The API as the agenda sees it; POST /unavailabilities answers what it was sent, and the bodies are kept. */
function stubApi() {
  const posted: Record<string, unknown>[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    if (url.pathname === '/api/v1/auth/me') return jsonResponse(200, me)
    if (url.pathname === '/api/v1/users')
      return jsonResponse(200, { items: [{ id: 2, full_name: 'Claire Martin', is_active: true, roles: ['coordinator'] }], total: 1, next: null })
    if (url.pathname === '/api/v1/agenda') return jsonResponse(200, { start: '', end: '', people: [], entries: [] })
    if (url.pathname === '/api/v1/unavailabilities' && req.method === 'POST') {
      const body = (await req.json()) as Record<string, unknown>
      posted.push(body)
      return jsonResponse(201, { id: 1, user_id: 2, ...body })
    }
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  return posted
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('AgendaPage: adding an unavailability', () => {
  it('reads the dates typed jj/mm/aaaa (or 8 digits) and sends Paris instants', async () => {
    const posted = stubApi()
    renderApp('/agenda')
    const form = await screen.findByRole('form', { name: 'Ajouter une indisponibilité' })
    const start = within(form).getByLabelText('Du')
    expect(start).toHaveAttribute('type', 'text')
    expect(start).toHaveAttribute('inputmode', 'numeric')
    expect(start).toHaveValue(isoToFrenchDate(todayKey()))
    expect(start).toHaveAccessibleDescription(/Au format jj\/mm\/aaaa/)
    fireEvent.change(start, { target: { value: '30/12/2026' } })
    fireEvent.change(within(form).getByLabelText('Au'), { target: { value: '31122026' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Ajouter à mon agenda' }))

    expect(await screen.findByText(/ajoutée à votre agenda, du 30\/12\/2026 08:30 au 31\/12\/2026 18:00/)).toBeInTheDocument()
    expect(posted).toEqual([
      expect.objectContaining({ starts_at: '2026-12-30T08:30:00+01:00', ends_at: '2026-12-31T18:00:00+01:00' }),
    ])
  })

  it('an unreadable or missing date is said at its field and nothing is sent', async () => {
    const posted = stubApi()
    renderApp('/agenda')
    const form = await screen.findByRole('form', { name: 'Ajouter une indisponibilité' })
    const start = within(form).getByLabelText('Du')
    const end = within(form).getByLabelText('Au')
    fireEvent.change(start, { target: { value: '31/04/2026' } })
    fireEvent.change(end, { target: { value: '' } })
    fireEvent.click(within(form).getByRole('button', { name: 'Ajouter à mon agenda' }))

    expect(start).toHaveAttribute('aria-invalid', 'true')
    expect(start).toHaveAccessibleDescription(/Date illisible : tapez-la au format jj\/mm\/aaaa/)
    expect(start).toHaveFocus()
    expect(end).toHaveAttribute('aria-invalid', 'true')
    expect(end).toHaveAccessibleDescription(/Indiquez la date, au format jj\/mm\/aaaa/)
    expect(await screen.findByRole('alert')).toHaveTextContent('Une date est à corriger.')
    expect(posted).toHaveLength(0)
  })
})

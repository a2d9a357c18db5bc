import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { ReferralRead } from '../api/types'
import { jsonResponse } from '../test/renderApp'
import { TriageNoteEditor } from './TriageNoteEditor'

const note = {
  problem: 'Facture impayée.',
  questions_for_advisor: '',
  proposed_visit_date: '2026-03-02',
  version: 4,
  written_by: { id: 2, full_name: 'Claire Martin' },
  written_at: '2026-02-20T09:00:00Z',
}
const referral = (triage_note: typeof note | null) =>
  ({ id: 9, version: 3, status: 'contacted', triage_note }) as unknown as ReferralRead

/** PUT triage-note answers the referral with the note sent; the bodies sent are kept. */
function stubApi() {
  const sent: Record<string, unknown>[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    if (req.method === 'PUT' && url.pathname === '/api/v1/referrals/9/triage-note') {
      const body = (await req.json()) as Record<string, unknown>
      sent.push(body)
      return jsonResponse(200, referral({ ...note, ...body, version: 5 } as typeof note))
    }
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  return sent
}

function renderEditor(r: ReferralRead) {
  return render(
    <QueryClientProvider client={new QueryClient()}>
      <TriageNoteEditor referral={r} canWrite />
    </QueryClientProvider>,
  )
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('TriageNoteEditor: the wished visit date', () => {
  it('is typed jj/mm/aaaa and sent as an ISO date', async () => {
    const sent = stubApi()
    const user = userEvent.setup()
    renderEditor(referral(null))
    await user.type(screen.getByLabelText(/^Situation relevée/), 'Courrier de coupure reçu.')
    const date = screen.getByLabelText('Date de visite souhaitée par le ménage')
    expect(date).toHaveAttribute('type', 'text')
    expect(date).toHaveAccessibleDescription(/Au format jj\/mm\/aaaa/)
    await user.type(date, '31/12/2026')
    await user.click(screen.getByRole('button', { name: 'Enregistrer la fiche de note' }))

    expect(await screen.findByRole('status')).toHaveTextContent('Fiche de note enregistrée.')
    expect(sent).toHaveLength(1)
    expect(sent[0]).toMatchObject({ proposed_visit_date: '2026-12-31', problem: 'Courrier de coupure reçu.' })
  })

  it('shows the saved date the French way when editing, and sends no date once emptied', async () => {
    const sent = stubApi()
    const user = userEvent.setup()
    renderEditor(referral(note))
    await user.click(screen.getByRole('button', { name: 'Modifier la fiche de note' }))
    const date = screen.getByLabelText('Date de visite souhaitée par le ménage')
    expect(date).toHaveValue('02/03/2026')
    await user.clear(date)
    await user.click(screen.getByRole('button', { name: 'Enregistrer la fiche de note' }))
    await screen.findByRole('status')
    expect(sent[0]).toMatchObject({ proposed_visit_date: null, version: 4 })
  })

  it('an unreadable date is said at the field and nothing is sent', async () => {
    const sent = stubApi()
    const user = userEvent.setup()
    renderEditor(referral(null))
    await user.type(screen.getByLabelText(/^Situation relevée/), 'Courrier de coupure reçu.')
    const date = screen.getByLabelText('Date de visite souhaitée par le ménage')
    await user.type(date, '2026/12/31')
    await user.click(screen.getByRole('button', { name: 'Enregistrer la fiche de note' }))

    expect(date).toHaveAttribute('aria-invalid', 'true')
    expect(date).toHaveAccessibleDescription(/Date illisible : tapez-la au format jj\/mm\/aaaa/)
    expect(date).toHaveFocus()
    expect(screen.getByRole('alert')).toHaveTextContent('La date de visite souhaitée est à corriger.')
    expect(sent).toHaveLength(0)
  })
})

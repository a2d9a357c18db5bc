import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'

const me = {
  kind: 'user',
  id: 2,
  email: 'animatrice@cd39.demo',
  full_name: 'Claire Martin',
  organisation: { id: 1, name: 'Conseil départemental du Jura' },
  roles: ['coordinator'],
  scopes: ['agenda:read', 'agenda:write', 'directory:read', 'referrals:read', 'referrals:triage'],
}
const referral = {
  id: 5,
  household_id: 7,
  household_name: 'PERRIN Jeanne',
  commune: 'Montmorot',
  triage_note: null,
}
const user = (id: number, full_name: string, role: string) => ({
  id,
  full_name,
  email: `${id}@demo`,
  is_active: true,
  roles: [role],
  organisation: { id: 1, name: 'Ajena' },
})

/** The API as the booking page sees it; POST /visits answers `refusal`, and the bodies sent are kept. */
function stubApi(refusal: { status: number; body: object }) {
  const posted: Record<string, unknown>[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    if (url.pathname === '/api/v1/auth/me') return jsonResponse(200, me)
    if (url.pathname === '/api/v1/referrals/5') return jsonResponse(200, referral)
    if (url.pathname === '/api/v1/users')
      return jsonResponse(200, { items: url.searchParams.get('role') === 'advisor' ? [user(3, 'Lucas Bernard', 'advisor')] : [user(2, 'Claire Martin', 'coordinator')], total: 1, next: null })
    if (url.pathname === '/api/v1/agenda') return jsonResponse(200, { start: '', end: '', people: [], entries: [] })
    if (url.pathname === '/api/v1/agenda/free-slots') return jsonResponse(200, { items: [], total: 0, next: null })
    if (url.pathname === '/api/v1/visits' && req.method === 'POST') {
      posted.push(await req.json())
      return jsonResponse(refusal.status, refusal.body)
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

describe('VisitBookingPage', () => {
  it('shows the refusal of a second planned visit with a link to the one to reschedule', async () => {
    const detail = 'Ce ménage a déjà une visite prévue le 04/03/2031 à 09:00 (visite n° 12) : reportez-la plutôt.'
    const posted = stubApi({ status: 409, body: { error: 'conflict', detail, allowed: ['reschedule'], record_id: 12 } })
    renderApp('/visites/nouvelle?referral=5')

    fireEvent.change(await screen.findByLabelText('Date'), { target: { value: '11/03/2031' } })
    fireEvent.change(screen.getByLabelText('Heure de début (heure de Paris)'), { target: { value: '14:00' } })
    fireEvent.click(screen.getByRole('button', { name: 'Planifier à cette date' }))
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Confirmer' }))

    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent(detail)
    expect(within(alert).getByRole('link', { name: 'Ouvrir la visite déjà prévue pour la reporter' })).toHaveAttribute(
      'href',
      '/visites/12',
    )
    expect(posted[0]).toMatchObject({ household_id: 7, referral_id: 5, entered_afterwards: false })
  })

  it('offers the « saisie a posteriori » with a required reason', async () => {
    const detail = 'La visite (le 02/03/2026 à 09:00) ne peut pas précéder la réception de la demande.'
    const posted = stubApi({ status: 422, body: { error: 'validation_error', detail, fields: [{ field: 'starts_at', message: detail }] } })
    renderApp('/visites/nouvelle?referral=5')

    const box = await screen.findByLabelText('Saisie a posteriori : la visite a déjà eu lieu')
    expect(screen.queryByLabelText('Motif de la saisie a posteriori (obligatoire)')).not.toBeInTheDocument()
    fireEvent.click(box)
    const reason = screen.getByLabelText('Motif de la saisie a posteriori (obligatoire)')
    fireEvent.change(screen.getByLabelText('Date'), { target: { value: '02/03/2026' } })
    fireEvent.change(screen.getByLabelText('Heure de début (heure de Paris)'), { target: { value: '09:00' } })

    // Without a reason, nothing is sent and the field says why.
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer la visite réalisée' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Indiquez pourquoi la visite est saisie après coup.')
    expect(reason).toHaveAttribute('aria-invalid', 'true')
    expect(posted).toHaveLength(0)

    fireEvent.change(reason, { target: { value: 'Fiche papier remise au retour de congé' } })
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer la visite réalisée' }))
    const ask = await screen.findByRole('alertdialog')
    expect(ask).toHaveTextContent('Enregistrer comme réalisée la visite du lundi 02/03/2026 de 09:00 à 11:00 chez PERRIN Jeanne ?')
    fireEvent.click(within(ask).getByRole('button', { name: 'Confirmer' }))
    expect(await screen.findByText(detail)).toBeInTheDocument()
    expect(posted[0]).toMatchObject({
      entered_afterwards: true,
      afterwards_reason: 'Fiche papier remise au retour de congé',
    })
  })

  it('asks for a confirmation before booking: focus on the question, Escape cancels without sending', async () => {
    const posted = stubApi({ status: 409, body: { error: 'conflict', detail: 'Créneau déjà pris.' } })
    renderApp('/visites/nouvelle?referral=5')

    fireEvent.change(await screen.findByLabelText('Date'), { target: { value: '11/03/2031' } })
    fireEvent.change(screen.getByLabelText('Heure de début (heure de Paris)'), { target: { value: '14:00' } })
    const submit = screen.getByRole('button', { name: 'Planifier à cette date' })
    submit.focus()
    fireEvent.click(submit)

    const ask = await screen.findByRole('alertdialog', {
      name: 'Confirmer la visite du mardi 11/03/2031 de 14:00 à 16:00 chez PERRIN Jeanne ?',
    })
    expect(ask).toHaveFocus()
    fireEvent.keyDown(ask, { key: 'Escape' })
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    await waitFor(() => expect(submit).toHaveFocus())
    expect(posted).toHaveLength(0)

    fireEvent.click(submit)
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Annuler' }))
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    fireEvent.click(submit)
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Confirmer' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Créneau déjà pris.')
    expect(posted).toHaveLength(1)
  })

  it('reads the date typed jj/mm/aaaa (or 8 digits) and sends the Paris instant of that day', async () => {
    const posted = stubApi({ status: 409, body: { error: 'conflict', detail: 'Créneau déjà pris.' } })
    renderApp('/visites/nouvelle?referral=5')

    const date = await screen.findByLabelText('Date')
    expect(date).toHaveAttribute('type', 'text')
    expect(date).toHaveAttribute('inputmode', 'numeric')
    expect(date).toHaveAccessibleDescription(/Au format jj\/mm\/aaaa/)
    fireEvent.change(date, { target: { value: '31122026' } })
    fireEvent.change(screen.getByLabelText('Heure de début (heure de Paris)'), { target: { value: '14:00' } })
    fireEvent.click(screen.getByRole('button', { name: 'Planifier à cette date' }))
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Confirmer' }))
    await screen.findByText('Créneau déjà pris.')
    expect(posted[0]).toMatchObject({ starts_at: '2026-12-31T14:00:00+01:00' })
  })

  it('says at the field when the date cannot be read, and sends nothing', async () => {
    const posted = stubApi({ status: 409, body: { error: 'conflict', detail: 'Créneau déjà pris.' } })
    renderApp('/visites/nouvelle?referral=5')

    const date = await screen.findByLabelText('Date')
    fireEvent.change(date, { target: { value: '31/02/2031' } })
    fireEvent.change(screen.getByLabelText('Heure de début (heure de Paris)'), { target: { value: '14:00' } })
    fireEvent.click(screen.getByRole('button', { name: 'Planifier à cette date' }))

    expect(date).toHaveAttribute('aria-invalid', 'true')
    expect(date).toHaveAccessibleDescription(/Date illisible : tapez-la au format jj\/mm\/aaaa/)
    expect(date).toHaveFocus()
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()

    // Empty: asked for, not silently ignored.
    fireEvent.change(date, { target: { value: '' } })
    fireEvent.click(screen.getByRole('button', { name: 'Planifier à cette date' }))
    expect(date).toHaveAccessibleDescription(/Indiquez la date de la visite/)
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(posted).toHaveLength(0)
  })
})

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { reportKeys } from '../api/reports'
import type { ReportRead } from '../api/types'
import { validatedReport } from '../test/fixtures'
import { jsonResponse } from '../test/renderApp'
import { DeliveryPanel } from './DeliveryPanel'

const report: ReportRead = {
  ...validatedReport,
  deliveries: [
    {
      id: 1,
      recipient: 'household',
      channel: 'post',
      address: '3 rue des Lilas, 39100 Dole',
      status: 'recorded',
      error: null,
      attempts: 0,
      at: '2026-03-05T13:07:00Z',
      delivered_at: '2026-03-05T13:07:00Z',
      by: { id: 2, full_name: 'Claire Martin' },
    },
  ],
}

const CONSENT_409 =
  "Le locataire n'a pas donné (ou a retiré) son accord pour transmettre la synthèse technique au bailleur : " +
  "enregistrez son consentement avant l'envoi."

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

/** The panel under a query cache of its own; `stored()` is the report as the page would now show it. */
function renderPanel(shown: ReportRead) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <DeliveryPanel report={shown} />
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return { stored: () => queryClient.getQueryData<ReportRead>(reportKeys.detail(shown.id)) }
}

describe('DeliveryPanel', () => {
  it('shows the consent of each recipient and the delivery log in Paris time', () => {
    renderPanel(report)
    const landlord = screen.getByRole('form', { name: 'Bailleur' })
    expect(within(landlord).getByText(/Pas d.accord du ménage/)).toBeInTheDocument()
    expect(within(landlord).getByRole('link', { name: /Enregistrer le consentement/ })).toHaveAttribute(
      'href',
      '/menages/5#s-consents',
    )
    expect(within(screen.getByRole('form', { name: 'Prescripteur' })).getByText(/a donné son accord/)).toBeInTheDocument()
    const log = screen.getByTestId('delivery-log')
    expect(within(log).getByText('05/03/2026 14:07')).toBeInTheDocument()
    expect(within(log).getByText('Enregistré (courrier)')).toBeInTheDocument()
  })

  it('shows the 409 consent message when the landlord copy is refused', async () => {
    const bodies: unknown[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      bodies.push(await req.json())
      return jsonResponse(409, { error: 'conflict', detail: CONSENT_409 })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const { stored } = renderPanel(report)
    const landlord = screen.getByRole('form', { name: 'Bailleur' })
    fireEvent.click(within(landlord).getByLabelText('Courrier'))
    fireEvent.click(within(landlord).getByRole('button', { name: /Envoyer/ }))
    expect(await within(landlord).findByRole('alert')).toHaveTextContent(CONSENT_409)
    expect(bodies).toEqual([{ recipient: 'landlord', channel: 'post', address: null }])
    expect(stored()).toBeUndefined()
  })

  it('offers the landlord space (API) to the landlord only and sends it without an address', async () => {
    const bodies: unknown[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      bodies.push(await req.json())
      return jsonResponse(200, { ...report, status: 'sent' })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const { stored } = renderPanel(report)
    const apiLabel = "Mise à disposition sur l'espace bailleur (API)"
    expect(within(screen.getByRole('form', { name: 'Ménage' })).queryByLabelText(apiLabel)).toBeNull()
    const landlord = screen.getByRole('form', { name: 'Bailleur' })
    fireEvent.click(within(landlord).getByLabelText(apiLabel))
    expect(within(landlord).queryByLabelText(/Adresse/)).toBeNull()
    fireEvent.click(within(landlord).getByRole('button', { name: /Envoyer/ }))
    expect(await within(landlord).findByRole('status')).toHaveTextContent("mise à disposition sur l'espace bailleur")
    expect(bodies).toEqual([{ recipient: 'landlord', channel: 'api', address: null }])
    // The answer (the report and its log) is the page's report now.
    expect(stored()).toMatchObject({ id: report.id, status: 'sent' })
  })

  it('hides e-mail and defaults to post when the server sends no e-mail', () => {
    renderPanel({ ...report, email_available: false })
    expect(screen.getByTestId('no-email')).toHaveTextContent("L'envoi par e-mail n'est pas configuré")
    for (const name of ['Ménage', 'Prescripteur', 'Bailleur']) {
      const form = screen.getByRole('form', { name })
      expect(within(form).queryByLabelText('E-mail')).toBeNull()
      expect(within(form).getByLabelText('Courrier')).toBeChecked()
    }
  })

  it('offers e-mail by default when the server sends it', () => {
    renderPanel(report)
    expect(screen.queryByTestId('no-email')).toBeNull()
    expect(within(screen.getByRole('form', { name: 'Ménage' })).getByLabelText('E-mail')).toBeChecked()
  })

  it('shows a queued copy as waiting and retries a failed one', async () => {
    const calls: string[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      calls.push(`${req.method} ${new URL(req.url).pathname}`)
      return jsonResponse(200, { ...report, deliveries: [] })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const base = report.deliveries[0]
    const logged: ReportRead = {
      ...report,
      allowed_actions: ['send'],
      deliveries: [
        { ...base, id: 7, channel: 'email', address: 'famille@example.org', status: 'pending', delivered_at: null },
        {
          ...base,
          id: 8,
          recipient: 'prescriber',
          channel: 'email',
          address: 'cas@caf.example',
          status: 'failed',
          error: 'ConnectionRefusedError',
          attempts: 7,
          delivered_at: null,
        },
      ],
    }
    const { stored } = renderPanel(logged)
    const log = screen.getByTestId('delivery-log')
    expect(within(log).getByText('En attente')).toBeInTheDocument()
    expect(within(log).getByText(/ConnectionRefusedError \(7 tentatives\)/)).toBeInTheDocument()
    const buttons = within(log).getAllByRole('button', { name: /Réessayer/ })
    expect(buttons).toHaveLength(1) // the failed copy only
    fireEvent.click(buttons[0])
    await vi.waitFor(() => expect(stored()).toMatchObject({ id: report.id, deliveries: [] }))
    expect(calls).toEqual(['POST /api/v1/reports/12/deliveries/8/retry'])
  })

  it('offers no retry to someone who may not send', () => {
    const failed: ReportRead = {
      ...report,
      deliveries: [{ ...report.deliveries[0], channel: 'email', status: 'failed', error: 'SMTPDataError', attempts: 1 }],
    }
    renderPanel(failed)
    expect(screen.getByText('SMTPDataError')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Réessayer/ })).toBeNull()
  })
})

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { HouseholdRead } from '../api/types'
import { AuthProvider, useAuth } from '../auth/AuthContext'
import { jsonResponse } from '../test/renderApp'
import { PrivacySection } from './PrivacySection'

const household = { id: 3, display_name: 'JACQUET Hélène', anonymised_at: null } as unknown as HouseholdRead

function Who() {
  return <p>{useAuth().me?.full_name ?? ''}</p>
}

function me(roles: string[], scopes: string[]) {
  return { kind: 'user', id: 1, email: 'x@binome.demo', full_name: 'Alex Admin', organisation: null, roles, scopes }
}

function renderAs(profile: ReturnType<typeof me>, posts: { path: string; body: unknown }[]) {
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    if (url.pathname === '/api/v1/auth/me') return jsonResponse(200, profile)
    if (req.method === 'POST') {
      posts.push({ path: url.pathname, body: await req.json() })
      return new Response(null, { status: 204 })
    }
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1' })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <AuthProvider>
          <Who />
          <PrivacySection household={household} />
        </AuthProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  )
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('PrivacySection', () => {
  it('shows subject access and the access log to a manager, but no erasure', async () => {
    renderAs(me(['manager'], ['privacy:manage', 'audit:read']), [])
    expect(await screen.findByRole('heading', { name: 'Données personnelles (RGPD)' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Télécharger les données (PDF)' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Télécharger les données (JSON)' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Qui a consulté ce dossier' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Effacer/ })).not.toBeInTheDocument()
  })

  it('is absent for someone without the GDPR or audit scope', async () => {
    renderAs(me(['advisor'], ['households:read']), [])
    expect(await screen.findByText('Alex Admin')).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Données personnelles (RGPD)' })).not.toBeInTheDocument()
  })

  it('erases only after a reason and the typed confirmation', async () => {
    const posts: { path: string; body: unknown }[] = []
    const user = userEvent.setup()
    renderAs(me(['admin'], ['privacy:manage', 'audit:read', 'admin']), posts)

    await user.click(await screen.findByRole('button', { name: 'Effacer les données de ce ménage…' }))
    expect(screen.getByText(/Ce qui est conservé/)).toBeInTheDocument()
    await user.type(screen.getByLabelText(/Pour confirmer/), 'JACQUET')
    await user.click(screen.getByRole('button', { name: 'Effacer définitivement' }))

    expect(screen.getByText('Indiquez le motif de la demande d’effacement.')).toBeInTheDocument()
    expect(screen.getByLabelText('Motif de la demande (obligatoire)')).toHaveFocus()
    expect(screen.getByLabelText(/Pour confirmer/)).toHaveAttribute('aria-describedby', 'erase-confirm-error')
    expect(posts).toEqual([])

    await user.type(screen.getByLabelText('Motif de la demande (obligatoire)'), 'Courrier du 20/11/2026')
    await user.clear(screen.getByLabelText(/Pour confirmer/))
    await user.type(screen.getByLabelText(/Pour confirmer/), 'effacer')
    await user.click(screen.getByRole('button', { name: 'Effacer définitivement' }))

    await waitFor(() =>
      expect(posts).toEqual([{ path: '/api/v1/households/3/erase', body: { reason: 'Courrier du 20/11/2026' } }]),
    )
    expect(await screen.findByRole('status')).toHaveTextContent('Le dossier est désormais anonymisé.')
  })
})

import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { Me } from '../api/types'
import { jsonResponse, renderApp } from '../test/renderApp'

const platformAdmin: Me = {
  kind: 'user', id: 91, email: 'plateforme@binome.demo', full_name: 'Administratrice plateforme', organisation: null,
  roles: ['platform_admin'], scopes: ['platform:admin', 'network:read'], device_storage_days: 14,
}
const jura = {
  id: 1, slug: 'jura', name: 'SLIME du Jura', territory: 'Jura', issuer_name: 'Département du Jura',
  issuer_address: '', signature: '', sender_email: null, logo_svg: '', visiting_days: null, visiting_start: null,
  visiting_end: null, named_in_national: true, is_active: true, created_at: '2026-01-05T08:00:00Z',
}

function fakeApi() {
  const posted: unknown[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/auth/me') return jsonResponse(200, platformAdmin)
    if (path === '/api/v1/platform/programmes' && req.method === 'POST') {
      posted.push(await req.json())
      return jsonResponse(422, {
        error: 'invalid_input',
        detail: 'La demande contient des champs invalides.',
        fields: [{ field: 'slug', message: 'Cet identifiant est déjà pris par un autre programme.' }],
      })
    }
    if (path === '/api/v1/platform/programmes') return jsonResponse(200, { items: [jura], total: 1, next: null })
    return jsonResponse(200, { items: [], total: 0, next: null })
  })
  session.setTokens({ access_token: 't' })
  return posted
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('PlatformProgrammesPage', { timeout: 20_000 }, () => {
  it("is the platform administrator's home: the list, and a new programme whose API errors sit by their field", async () => {
    const posted = fakeApi()
    const user = userEvent.setup()
    renderApp('/')
    expect(await screen.findByRole('heading', { level: 1, name: 'Programmes de la plateforme' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Programmes' })).toHaveAttribute('href', '/plateforme/programmes')
    expect(screen.getByRole('link', { name: 'Chiffres nationaux' })).toBeInTheDocument()
    const table = await screen.findByTestId('platform-programmes')
    expect(within(table).getByRole('row', { name: /SLIME du Jura/ })).toHaveTextContent('Ouvert')

    await user.click(screen.getByRole('button', { name: 'Créer un programme' }))
    // Nothing is sent while fields are missing.
    await user.click(screen.getByRole('button', { name: 'Créer le programme' }))
    expect(screen.getByLabelText(/Nom du programme/)).toHaveAccessibleDescription('Ce champ est obligatoire.')
    expect(posted).toEqual([])

    await user.type(screen.getByLabelText(/Nom du programme/), 'SLIME du Jura bis')
    await user.type(screen.getByLabelText(/Identifiant/), 'jura')
    await user.type(screen.getByLabelText(/Territoire/), 'Jura')
    await user.type(screen.getByLabelText(/Émetteur des documents/), 'Département')
    await user.type(screen.getByLabelText(/E-mail du premier administrateur/), 'admin@exemple.fr')
    await user.type(screen.getByLabelText(/Nom complet du premier administrateur/), 'Alice Martin')
    await user.type(screen.getByLabelText(/Organisation qui porte le programme/), 'Conseil départemental')
    await user.click(screen.getByRole('button', { name: 'Créer le programme' }))

    const slug = screen.getByLabelText(/Identifiant/)
    await waitFor(() => expect(slug).toHaveAttribute('aria-invalid', 'true'))
    expect(slug.getAttribute('aria-describedby')).toContain('np-slug-error')
    expect(screen.getByText('Cet identifiant est déjà pris par un autre programme.')).toBeInTheDocument()
    expect(posted).toEqual([
      expect.objectContaining({
        name: 'SLIME du Jura bis',
        slug: 'jura',
        first_admin: { email: 'admin@exemple.fr', full_name: 'Alice Martin', organisation_name: 'Conseil départemental' },
      }),
    ])
  })
})

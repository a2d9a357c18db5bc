import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'

/** Nobody is logged in; a token request answers `tokenStatus` (401: wrong e-mail or password). */
function fakeApi(tokenStatus: number, detail = 'Adresse e-mail ou mot de passe incorrect.') {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    calls.push(path)
    if (path === '/api/v1/auth/token') return jsonResponse(tokenStatus, { error: 'unauthorized', detail })
    return jsonResponse(401, { error: 'unauthorized', detail: 'Non connecté.' })
  })
  return calls
}

beforeEach(() => sessionStorage.clear())
afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('LoginPage', { timeout: 20_000 }, () => {
  it('ties each missing field to its message and moves focus to the summary, without sending', async () => {
    const calls = fakeApi(200)
    const user = userEvent.setup()
    renderApp('/connexion')
    await user.click(await screen.findByRole('button', { name: 'Se connecter' }))

    const alert = screen.getByRole('alert')
    await waitFor(() => expect(alert).toHaveFocus())
    expect(alert).toHaveTextContent('2 champs sont à corriger.')
    expect(within(alert).getByRole('link', { name: /Adresse e-mail : Saisissez votre adresse e-mail/ })).toHaveAttribute(
      'href',
      '#login-email',
    )
    expect(within(alert).getByRole('link', { name: /Mot de passe : Saisissez votre mot de passe/ })).toHaveAttribute(
      'href',
      '#login-password',
    )
    const email = screen.getByLabelText('Adresse e-mail')
    const password = screen.getByLabelText('Mot de passe')
    expect(email).toHaveAttribute('aria-invalid', 'true')
    expect(email).toHaveAccessibleDescription('Saisissez votre adresse e-mail.')
    expect(password).toHaveAttribute('aria-invalid', 'true')
    expect(password).toHaveAccessibleDescription('Saisissez votre mot de passe.')
    expect(calls).not.toContain('/api/v1/auth/token')

    // Filling one field leaves only the other in error on the next try.
    await user.type(email, 'animatrice@cd39.demo')
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Un champ est à corriger.'))
    expect(email).not.toHaveAttribute('aria-invalid')
    expect(email).not.toHaveAttribute('aria-describedby')
    expect(password).toHaveAttribute('aria-invalid', 'true')
  })

  it('a refused login marks both fields, describes them by the message and focuses it', async () => {
    fakeApi(401)
    const user = userEvent.setup()
    renderApp('/connexion')
    await user.type(await screen.findByLabelText('Adresse e-mail'), 'animatrice@cd39.demo')
    await user.type(screen.getByLabelText('Mot de passe'), 'pas-le-bon')
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))

    const alert = await screen.findByText('Adresse e-mail ou mot de passe incorrect.')
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus())
    for (const label of ['Adresse e-mail', 'Mot de passe']) {
      const input = screen.getByLabelText(label)
      expect(input).toHaveAttribute('aria-invalid', 'true')
      expect(input).toHaveAccessibleDescription(alert.textContent ?? '')
    }
    expect(screen.getByLabelText('Mot de passe')).toHaveValue('')
  })

  it('a failure that is not about the fields (too many tries) leaves them valid', async () => {
    fakeApi(429, 'Trop de tentatives : réessayez dans 5 minutes.')
    const user = userEvent.setup()
    renderApp('/connexion')
    await user.type(await screen.findByLabelText('Adresse e-mail'), 'animatrice@cd39.demo')
    await user.type(screen.getByLabelText('Mot de passe'), 'x')
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus())
    expect(screen.getByRole('alert')).toHaveTextContent('Trop de tentatives')
    expect(screen.getByLabelText('Adresse e-mail')).not.toHaveAttribute('aria-invalid')
  })

  it('links to the accessibility statement with its status', async () => {
    fakeApi(200)
    renderApp('/connexion')
    const link = await screen.findByRole('link', { name: 'Accessibilité : totalement conforme' })
    expect(link).toHaveAttribute('href', '/accessibilite')
  })

  it('a person of several programmes chooses one in a focused radio group, then logs in to it', async () => {
    const sent: (string | null)[] = []
    const ines = {
      kind: 'user', id: 31, email: 'conseillere2@ajena.demo', full_name: 'Inès Moreau', organisation: null,
      roles: ['advisor'], scopes: ['households:read'], device_storage_days: 14,
    }
    vi.stubGlobal('fetch', async (req: Request) => {
      const path = new URL(req.url).pathname
      if (path === '/api/v1/auth/token') {
        const programme = new URLSearchParams(await req.text()).get('programme')
        sent.push(programme)
        if (!programme)
          return jsonResponse(409, {
            error: 'programme_choice',
            detail: 'Vous intervenez dans plusieurs programmes : choisissez-en un.',
            choices: [
              { value: 'jura', label: 'SLIME du Jura' },
              { value: 'haute-vallee', label: 'SLIME de Haute-Vallée (fictif)' },
            ],
          })
        return jsonResponse(200, { access_token: `t-${programme}`, token_type: 'bearer' })
      }
      if (path === '/api/v1/auth/me') return jsonResponse(200, ines)
      if (path === '/api/v1/programme') return jsonResponse(200, { name: 'SLIME de Haute-Vallée (fictif)' })
      return jsonResponse(200, { items: [], total: 0, next: null })
    })
    const user = userEvent.setup()
    renderApp('/connexion')
    await user.type(await screen.findByLabelText('Adresse e-mail'), 'conseillere2@ajena.demo')
    await user.type(screen.getByLabelText('Mot de passe'), 'Binome-demo-2026')
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))

    const group = await screen.findByRole('group', {
      name: 'Vous intervenez dans plusieurs programmes : choisissez celui où vous travaillez',
    })
    await waitFor(() => expect(group).toHaveFocus())
    expect(within(group).getAllByRole('radio').map((r) => r.getAttribute('value'))).toEqual(['jura', 'haute-vallee'])

    // Sending without a choice names the missing choice, tied to the group.
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus())
    expect(screen.getByRole('alert')).toHaveTextContent('Programme : Choisissez le programme où vous travaillez.')
    expect(group).toHaveAccessibleDescription('Choisissez le programme où vous travaillez.')
    expect(sent).toEqual([null])

    await user.click(within(group).getByLabelText('SLIME de Haute-Vallée (fictif)'))
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))
    await screen.findByRole('link', { name: 'Ménages' })
    expect(sent).toEqual([null, 'haute-vallee'])
    // Nothing of the choice is kept beyond the session (no storage holds the slug).
    expect(Object.values({ ...sessionStorage, ...localStorage }).join(' ')).not.toContain('haute-vallee')
  })
})

import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'
import { COMPLIANCE_STATUS, complianceStatus, FOOTER_MENTION, NON_CONFORMITIES } from './statement'

/** Nobody is logged in. */
function loggedOut() {
  vi.stubGlobal('fetch', async () => jsonResponse(401, { error: 'unauthorized', detail: 'Non connecté.' }))
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('the accessibility statement', { timeout: 20_000 }, () => {
  it('its status follows the list of known non-conformities (one place keeps it true)', () => {
    expect(NON_CONFORMITIES).toEqual([])
    expect(COMPLIANCE_STATUS).toBe('totalement conforme')
    expect(FOOTER_MENTION).toBe('Accessibilité : totalement conforme')
    const known = { text: 'Un tableau ne reçoit pas le focus.', criteria: ['7.3'] }
    expect(complianceStatus([known])).toBe('partiellement conforme')
  })

  it('is public, titled, focused on its heading, and follows the RGAA model', async () => {
    loggedOut()
    renderApp('/accessibilite')
    const h1 = await screen.findByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' })
    await waitFor(() => expect(h1).toHaveFocus())
    expect(document.title).toBe('Déclaration d’accessibilité – Binôme')
    expect(screen.queryByLabelText('Mot de passe')).toBeNull() // not the login page
    const sections = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)
    expect(sections).toEqual([
      'État de conformité',
      'Résultats des tests',
      'Contenus non accessibles',
      'Établissement de cette déclaration d’accessibilité',
      'Retour d’information et contact',
      'Voies de recours',
      'Schéma pluriannuel et plan d’action',
    ])
    expect(screen.getByText('totalement conforme', { selector: 'strong' })).toBeInTheDocument()
    expect(screen.getByText('Aucune non-conformité n’est connue à ce jour.')).toBeInTheDocument()
    expect(screen.getByText('30/11/2026')).toHaveAttribute('dateTime', '2026-11-30')
    expect(screen.getByText(/^axe-core 4\.13/)).toBeInTheDocument()
    expect(screen.getByText('Prescripteur')).toBeInTheDocument()
    expect(screen.getByText('Animatrice SLIME')).toBeInTheDocument()
    expect(screen.getByRole('link', { name: /formulaire en ligne/ })).toHaveAttribute(
      'href',
      'https://formulaire.defenseurdesdroits.fr/',
    )
    expect(screen.getByText(/Libre réponse 71120, 75342 Paris CEDEX 07/)).toBeInTheDocument()
  })

  it('is reached from the login page by keyboard, and leads back to it', async () => {
    loggedOut()
    const user = userEvent.setup()
    renderApp('/connexion')
    const mention = await screen.findByRole('link', { name: FOOTER_MENTION })
    mention.focus()
    await user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' })).toBeInTheDocument()
    await user.click(screen.getByRole('link', { name: 'Retour à la connexion' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Connexion' })).toBeInTheDocument()
  })
})

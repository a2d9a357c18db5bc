import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { ReferralCreate } from '../api/types'
import { ApiError } from '../lib/errors'
import { ReferralForm } from './ReferralForm'

async function fillMinimal(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByLabelText(/^Prénom \(obligatoire\)/), 'Amélie')
  await user.type(screen.getByLabelText(/^Nom \(obligatoire\)/), 'Girard')
  await user.type(screen.getByLabelText(/^Commune \(obligatoire\)/), 'Dole')
  await user.click(screen.getByLabelText('Logement énergivore'))
}

describe('ReferralForm (referrer)', () => {
  it('labels every control', () => {
    const { container } = render(<ReferralForm variant="referrer" onSubmit={vi.fn()} />)
    for (const el of container.querySelectorAll('input, select, textarea')) {
      const id = el.getAttribute('id')
      expect(id).toBeTruthy()
      expect(container.querySelector(`label[for="${id}"]`), `label for ${id}`).not.toBeNull()
    }
  })

  it('requires the consent checkbox before sending', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {})
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    await fillMinimal(user)
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))

    expect(onSubmit).not.toHaveBeenCalled()
    const consent = screen.getByRole('checkbox', { name: /accepté d'être contacté/ })
    expect(consent).toHaveAttribute('aria-invalid', 'true')
    expect(consent).toHaveAccessibleDescription(/doit avoir accepté d'être contacté/)
    const alert = screen.getByRole('alert')
    expect(within(alert).getByRole('link', { name: /Accord du ménage/ })).toHaveAttribute('href', '#field-contact_consent')
    await waitFor(() => expect(alert).toHaveFocus())

    await user.click(consent)
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))
    expect(onSubmit).toHaveBeenCalledTimes(1)
    const body = (onSubmit.mock.calls[0] as unknown as [ReferralCreate])[0]
    expect(body).toMatchObject({
      reasons: ['energy_hungry_dwelling'],
      contact_consent: true,
      channel: 'form',
      household: { first_name: 'Amélie', last_name: 'Girard', commune: 'Dole' },
    })
    // Empty optional fields are not sent (the server would reject an empty phone number).
    expect(body.household).not.toHaveProperty('phone', '')
    expect(body.household?.phone).toBeUndefined()
    expect(body).not.toHaveProperty('referring_organisation_id')
  })

  it('shows server field errors next to their fields', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {
      throw new ApiError(422, {
        error: 'validation_error',
        detail: '2 champs sont à corriger : voir les messages à côté des champs.',
        fields: [
          { field: 'household.phone', message: 'Format de téléphone invalide.' },
          { field: 'cutoff_date', message: 'Date invalide.' },
        ],
      })
    })
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    await fillMinimal(user)
    await user.type(screen.getByLabelText(/^Téléphone/), 'abc')
    await user.click(screen.getByRole('checkbox', { name: /accepté d'être contacté/ }))
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))

    expect(onSubmit).toHaveBeenCalledTimes(1)
    const phone = screen.getByLabelText(/^Téléphone/)
    expect(phone).toHaveAttribute('aria-invalid', 'true')
    expect(phone).toHaveAccessibleDescription(/Format de téléphone invalide\./)
    expect(screen.getByLabelText(/^Date de coupure/)).toHaveAccessibleDescription(/Date invalide\./)
    expect(screen.getByRole('alert')).toHaveTextContent('2 champs sont à corriger')
    expect(screen.getByLabelText(/^Commune/)).not.toHaveAttribute('aria-invalid')
  })
})

describe('ReferralForm (coordinator)', () => {
  it('asks who referred the household and links an existing household instead of creating one', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {})
    const onIdentityChange = vi.fn()
    render(
      <ReferralForm
        variant="coordinator"
        onSubmit={onSubmit}
        organisations={[{ id: 5, name: 'CCAS de Dole' }]}
        onIdentityChange={onIdentityChange}
        candidates={[{ id: 12, display_name: 'GIRARD Amélie', commune: 'Dole', phone: null, matched_on: ['name_commune'] }]}
      />,
    )
    await user.click(screen.getByRole('button', { name: 'Enregistrer la demande' }))
    expect(onSubmit).not.toHaveBeenCalled()
    expect(screen.getByLabelText(/^Organisme qui oriente/)).toHaveAttribute('aria-invalid', 'true')

    await user.type(screen.getByLabelText(/^Nom \(obligatoire\)/), 'Girard')
    expect(onIdentityChange).toHaveBeenLastCalledWith({ last_name: 'Girard', commune: '', phone: '' })
    await user.click(screen.getByRole('button', { name: /Rattacher à ce ménage/ }))
    expect(screen.getByText(/Demande rattachée au ménage existant/)).toBeInTheDocument()
    expect(screen.queryByLabelText(/^Nom \(obligatoire\)/)).toBeNull()

    await user.selectOptions(screen.getByLabelText(/^Organisme qui oriente/), '5')
    await user.type(screen.getByLabelText(/^Personne qui oriente/), 'Mme Dupuis')
    await user.click(screen.getByLabelText('Froid, humidité, moisissures'))
    await user.click(screen.getByRole('checkbox', { name: /accepté d'être contacté/ }))
    await user.click(screen.getByRole('button', { name: 'Enregistrer la demande' }))
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({
        household_id: 12,
        referring_organisation_id: 5,
        referrer_name: 'Mme Dupuis',
        channel: 'phone',
        reasons: ['cold_damp_mould'],
      }),
    )
    expect((onSubmit.mock.calls[0] as unknown as [ReferralCreate])[0].household).toBeUndefined()
  })
})

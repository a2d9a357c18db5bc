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

describe('ReferralForm: the cutoff date, typed jj/mm/aaaa', () => {
  it('is a text field with the format hint, sent as an ISO date', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {})
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    const cutoff = screen.getByLabelText(/^Date de coupure/)
    expect(cutoff).toHaveAttribute('type', 'text')
    expect(cutoff).toHaveAttribute('inputmode', 'numeric')
    expect(cutoff).toHaveAccessibleDescription(/rend la demande prioritaire\. Au format jj\/mm\/aaaa/)
    await fillMinimal(user)
    await user.type(cutoff, '31/12/2026')
    await user.click(screen.getByRole('checkbox', { name: /accepté d'être contacté/ }))
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))

    expect(onSubmit).toHaveBeenCalledTimes(1)
    expect((onSubmit.mock.calls[0] as unknown as [ReferralCreate])[0].cutoff_date).toBe('2026-12-31')
  })

  it('an unreadable date is said at the field and in the summary, and nothing is sent', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {})
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    await fillMinimal(user)
    const cutoff = screen.getByLabelText(/^Date de coupure/)
    await user.type(cutoff, '31/02/2026')
    await user.click(screen.getByRole('checkbox', { name: /accepté d'être contacté/ }))
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))

    expect(onSubmit).not.toHaveBeenCalled()
    expect(cutoff).toHaveAttribute('aria-invalid', 'true')
    expect(cutoff).toHaveAccessibleDescription(/Date illisible : tapez-la au format jj\/mm\/aaaa/)
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('Un champ est à corriger.')
    expect(within(alert).getByRole('link', { name: /^Date de coupure : Date illisible/ })).toHaveAttribute(
      'href',
      '#field-cutoff_date',
    )
  })
})

describe('ReferralForm: one round for every missing field', () => {
  it('an empty form lists ALL its missing required fields at once, in the order of the form', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {})
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))

    expect(onSubmit).not.toHaveBeenCalled()
    const alert = screen.getByRole('alert')
    await waitFor(() => expect(alert).toHaveFocus())
    expect(alert).toHaveTextContent('5 champs sont à corriger.')
    expect(within(alert).getAllByRole('link').map((a) => a.getAttribute('href'))).toEqual([
      '#field-household-first_name',
      '#field-household-last_name',
      '#field-household-commune',
      '#field-reasons-group',
      '#field-contact_consent',
    ])
    for (const [label, message] of [
      [/^Prénom \(obligatoire\)/, 'Indiquez le prénom.'],
      [/^Nom \(obligatoire\)/, 'Indiquez le nom.'],
      [/^Commune \(obligatoire\)/, 'Indiquez la commune.'],
    ] as const) {
      const input = screen.getByLabelText(label)
      expect(input).toHaveAttribute('aria-invalid', 'true')
      expect(input).toHaveAccessibleDescription(message)
    }
    expect(screen.getByRole('group', { name: /Motifs de la demande/ })).toHaveAccessibleDescription(/Cochez au moins un motif/)

    // Fixing them all is enough: the second try sends.
    await fillMinimal(user)
    await user.click(screen.getByRole('checkbox', { name: /accepté d'être contacté/ }))
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))
    expect(onSubmit).toHaveBeenCalledTimes(1)
  })

  it('a malformed postcode is caught with the missing fields, not in a second round', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {})
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    await user.type(screen.getByLabelText(/^Code postal/), '391')
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))
    expect(onSubmit).not.toHaveBeenCalled()
    expect(screen.getByLabelText(/^Code postal/)).toHaveAccessibleDescription(/5 chiffres.*Le code postal a 5 chiffres/)
    expect(screen.getByRole('alert')).toHaveTextContent('6 champs sont à corriger.')
  })

  it("maps every field of the server's 422 and keeps a whole-request message listed among them", async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {
      throw new ApiError(422, {
        error: 'validation_error',
        detail: '3 champs sont à corriger : voir les messages à côté des champs.',
        fields: [
          { field: 'household.first_name', message: 'Champ obligatoire.' },
          { field: 'household.email', message: 'Adresse e-mail invalide.' },
          { field: 'body', message: 'Indiquer soit un ménage existant, soit un nouveau ménage.' },
        ],
      })
    })
    render(<ReferralForm variant="referrer" onSubmit={onSubmit} />)
    await fillMinimal(user)
    await user.click(screen.getByRole('checkbox', { name: /accepté d'être contacté/ }))
    await user.click(screen.getByRole('button', { name: 'Envoyer la demande' }))

    const alert = screen.getByRole('alert')
    await waitFor(() => expect(alert).toHaveFocus())
    expect(screen.getByLabelText(/^Prénom \(obligatoire\)/)).toHaveAccessibleDescription('Champ obligatoire.')
    expect(screen.getByLabelText(/^Adresse e-mail/)).toHaveAccessibleDescription('Adresse e-mail invalide.')
    expect(within(alert).getByRole('link', { name: 'Prénom : Champ obligatoire.' })).toBeInTheDocument()
    expect(within(alert).getByRole('link', { name: 'Adresse e-mail : Adresse e-mail invalide.' })).toBeInTheDocument()
    expect(alert).toHaveTextContent('Demande : Indiquer soit un ménage existant, soit un nouveau ménage.')
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
    // The household's identity is asked in the same round as who referred it.
    expect(screen.getByLabelText(/^Personne qui oriente/)).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByLabelText(/^Nom \(obligatoire\)/)).toHaveAttribute('aria-invalid', 'true')

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

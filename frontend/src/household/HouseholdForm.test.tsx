import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../lib/errors'
import { HouseholdForm } from './HouseholdForm'
import { emptyValues, toCreatePayload, type HouseholdFormValues } from './formModel'

function renderForm(onSubmit: (v: HouseholdFormValues) => Promise<void>, extra: { onReload?: () => void } = {}) {
  return render(
    <MemoryRouter>
      <HouseholdForm
        mode="create"
        initialValues={emptyValues()}
        onSubmit={onSubmit}
        onReload={extra.onReload}
        cancelTo="/menages"
        units={[{ id: 1, name: 'UT Dole' }]}
        landlords={[{ id: 3, name: 'Grand Dole Habitat' }]}
      />
    </MemoryRouter>,
  )
}

describe('HouseholdForm', () => {
  it('labels every input', () => {
    const { container } = renderForm(vi.fn())
    for (const el of container.querySelectorAll('input, select, textarea')) {
      const id = el.getAttribute('id')
      expect(id, 'every control has an id').toBeTruthy()
      expect(container.querySelector(`label[for="${id}"]`), `label for ${id}`).not.toBeNull()
    }
  })

  it('shows server field errors next to their fields, including a member row', async () => {
    const user = userEvent.setup()
    const onSubmit = vi.fn(async () => {
      throw new ApiError(422, {
        error: 'validation_error',
        detail: 'Données invalides.',
        fields: [
          { field: 'members.1.birth_year', message: "L'année de naissance ne peut pas être dans le futur." },
          { field: 'commune', message: 'Ce champ est obligatoire.' },
          { field: 'campaign_id', message: 'Champ inconnu.' },
        ],
      })
    })
    renderForm(onSubmit)

    await user.type(screen.getByLabelText(/^Prénom \(obligatoire\)/), 'Amélie')
    await user.type(screen.getByLabelText(/^Nom \(obligatoire\)/), 'Girard')
    await user.click(screen.getByRole('button', { name: 'Ajouter un membre' }))
    await user.type(screen.getByLabelText(/Année de naissance \(membre 2\)/), '2999')
    await user.click(screen.getByRole('button', { name: 'Créer le ménage' }))

    expect(onSubmit).toHaveBeenCalledTimes(1)

    // The member row's input carries the message via aria-describedby.
    const birthYear = screen.getByLabelText(/Année de naissance \(membre 2\)/)
    expect(birthYear).toHaveAttribute('aria-invalid', 'true')
    expect(birthYear).toHaveAccessibleDescription("L'année de naissance ne peut pas être dans le futur.")
    const describedBy = birthYear.getAttribute('aria-describedby')!
    expect(document.getElementById(describedBy)).toHaveTextContent('dans le futur')
    // ...and the first member's year is untouched.
    expect(screen.getByLabelText(/Année de naissance \(membre 1\)/)).not.toHaveAttribute('aria-invalid')

    const commune = screen.getByLabelText(/^Commune \(obligatoire\)/)
    expect(commune).toHaveAttribute('aria-invalid', 'true')
    expect(commune).toHaveAccessibleDescription('Ce champ est obligatoire.')

    // The top-level detail is announced in an alert region, with a summary linking to the fields.
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('Données invalides.')
    expect(within(alert).getByRole('link', { name: /Membre 2 – année de naissance/ })).toHaveAttribute(
      'href',
      '#field-members-1-birth_year',
    )
    // An error on a field the form does not have is still shown.
    expect(alert).toHaveTextContent('campaign_id : Champ inconnu.')
    await waitFor(() => expect(alert).toHaveFocus())
  })

  it('on 409 says the record changed meanwhile and offers to reload', async () => {
    const user = userEvent.setup()
    const onReload = vi.fn()
    renderForm(
      async () => {
        throw new ApiError(409, { error: 'stale_version', detail: 'Version périmée.' })
      },
      { onReload },
    )
    await user.click(screen.getByRole('button', { name: 'Créer le ménage' }))
    const alert = screen.getByRole('alert')
    expect(alert).toHaveTextContent('modifié entre-temps')
    await user.click(within(alert).getByRole('button', { name: 'Recharger la fiche' }))
    expect(onReload).toHaveBeenCalledTimes(1)
  })

  it('submits members and a French decimal surface', async () => {
    const user = userEvent.setup()
    let sent: unknown = null
    renderForm(async (v) => {
      sent = toCreatePayload(v)
    })
    await user.type(screen.getByLabelText(/^Prénom \(obligatoire\)/), 'Amélie')
    await user.type(screen.getByLabelText(/^Nom \(obligatoire\)/), 'Girard')
    await user.type(screen.getByLabelText(/^Commune \(obligatoire\)/), 'Dole')
    await user.selectOptions(screen.getByLabelText(/^Statut d'occupation/), 'social_tenant')
    await user.selectOptions(screen.getByLabelText(/^Bailleur/), '3')
    await user.type(screen.getByLabelText(/Prénom \(membre 1\)/), 'Amélie')
    await user.type(screen.getByLabelText(/Année de naissance \(membre 1\)/), '1986')
    await user.click(screen.getByRole('button', { name: 'Ajouter un membre' }))
    await user.type(screen.getByLabelText(/Prénom \(membre 2\)/), 'Léo')
    await user.type(screen.getByLabelText(/Année de naissance \(membre 2\)/), '2016')
    await user.selectOptions(screen.getByLabelText(/Lien \(membre 2\)/), 'child')
    await user.selectOptions(screen.getByLabelText(/^Type de logement/), 'apartment')
    await user.type(screen.getByLabelText(/^Surface habitable/), '64,5')
    await user.click(screen.getByRole('button', { name: 'Créer le ménage' }))

    expect(sent).toEqual({
      first_name: 'Amélie',
      last_name: 'Girard',
      commune: 'Dole',
      tenure: 'social_tenant',
      landlord_id: 3,
      members: [
        { first_name: 'Amélie', birth_year: 1986, relation: 'applicant' },
        { first_name: 'Léo', birth_year: 2016, relation: 'child' },
      ],
      dwelling: { dwelling_type: 'apartment', construction_period: 'unknown', surface_m2: '64.5' },
    })
  })

  it('removes a member row', async () => {
    const user = userEvent.setup()
    renderForm(vi.fn())
    await user.click(screen.getByRole('button', { name: 'Ajouter un membre' }))
    expect(screen.getByLabelText(/Prénom \(membre 2\)/)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Retirer le membre 2' }))
    expect(screen.queryByLabelText(/Prénom \(membre 2\)/)).toBeNull()
  })
})

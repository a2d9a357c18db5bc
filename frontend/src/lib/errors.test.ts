import { describe, expect, it } from 'vitest'
import { ApiError, fieldErrorId, fieldInputId, mapFieldErrors, toApiError } from './errors'

const known = [
  'first_name',
  'last_name',
  'commune',
  'members',
  'members.0.first_name',
  'members.0.birth_year',
  'members.0.relation',
  'members.1.birth_year',
  'dwelling',
  'dwelling.surface_m2',
]

describe('mapFieldErrors', () => {
  it('maps exact paths, including member rows', () => {
    const { byField, unmatched } = mapFieldErrors(
      [
        { field: 'members.0.birth_year', message: 'Année invalide.' },
        { field: 'commune', message: 'Ce champ est obligatoire.' },
      ],
      known,
    )
    expect(byField).toEqual({
      'members.0.birth_year': ['Année invalide.'],
      commune: ['Ce champ est obligatoire.'],
    })
    expect(unmatched).toEqual([])
  })

  it('strips a "body." prefix', () => {
    const { byField } = mapFieldErrors([{ field: 'body.last_name', message: 'Trop long.' }], known)
    expect(byField).toEqual({ last_name: ['Trop long.'] })
  })

  it('attaches a deeper path to its closest known parent', () => {
    const { byField } = mapFieldErrors(
      [
        { field: 'dwelling.surface_m2.decimal', message: 'Nombre attendu.' },
        { field: 'members.3.birth_year', message: 'Année invalide.' },
        { field: 'members', message: 'Au moins 1 élément(s).' },
      ],
      known,
    )
    expect(byField['dwelling.surface_m2']).toEqual(['Nombre attendu.'])
    expect(byField.members).toEqual(['Année invalide.', 'Au moins 1 élément(s).'])
  })

  it('reports unknown fields as unmatched and de-duplicates messages', () => {
    const { byField, unmatched } = mapFieldErrors(
      [
        { field: 'landlord_id', message: 'Bailleur inconnu.' },
        { field: 'commune', message: 'Obligatoire.' },
        { field: 'commune', message: 'Obligatoire.' },
      ],
      known,
    )
    expect(unmatched).toEqual([{ field: 'landlord_id', message: 'Bailleur inconnu.' }])
    expect(byField.commune).toEqual(['Obligatoire.'])
  })
})

describe('ids', () => {
  it('derives stable input and error ids from a field path', () => {
    expect(fieldInputId('members.0.birth_year')).toBe('field-members-0-birth_year')
    expect(fieldErrorId('members.0.birth_year')).toBe('field-members-0-birth_year-error')
  })
})

describe('ApiError', () => {
  it('keeps the server detail and fields', () => {
    const e = toApiError(
      { error: 'validation_error', detail: 'Données invalides.', fields: [{ field: 'commune', message: 'x' }] },
      new Response(null, { status: 422 }),
    )
    expect(e).toBeInstanceOf(ApiError)
    expect(e.status).toBe(422)
    expect(e.detail).toBe('Données invalides.')
    expect(e.fields).toHaveLength(1)
  })
  it('falls back to a French message', () => {
    const e = toApiError(undefined, new Response(null, { status: 403 }))
    expect(e.detail).toBe("Vous n'avez pas accès à cette page.")
    expect(toApiError(new TypeError('Failed to fetch'), undefined).status).toBe(0)
  })
})

import { describe, expect, it } from 'vitest'
import type { HouseholdRead } from '../api/types'
import { toUpdatePayload, valuesFromHousehold } from './formModel'

const household: HouseholdRead = {
  id: 7,
  version: 3,
  status: 'open',
  display_name: 'GIRARD Amélie',
  first_name: 'Amélie',
  last_name: 'Girard',
  phone: '06 12 34 56 78',
  email: null,
  address_line: '3 rue des Arènes',
  postcode: '39100',
  commune: 'Dole',
  insee_code: '39198',
  unit: { id: 1, name: 'UT Dole' },
  outside_units: false,
  tenure: 'social_tenant',
  landlord: { id: 3, name: 'Grand Dole Habitat' },
  social_referent: null,
  members: [{ id: 1, first_name: 'Amélie', birth_year: 1986, relation: 'applicant' }],
  consumption_units: '1.0',
  dwelling: {
    dwelling_type: 'apartment',
    construction_period: 'before_1975',
    surface_m2: '64.0',
    altitude_class: 'below_400',
    main_heating_energy: 'electricity',
  },
  consents: [],
  advisors: [],
  created_at: '2026-01-02T10:00:00Z',
  updated_at: '2026-01-02T10:00:00Z',
  allowed_actions: ['close'],
}

describe('toUpdatePayload', () => {
  it('sends only the version when nothing changed', () => {
    const initial = valuesFromHousehold(household)
    expect(toUpdatePayload(valuesFromHousehold(household), initial, 3)).toEqual({ version: 3 })
  })

  it('sends changed fields, null for a cleared optional one, and the whole member list', () => {
    const initial = valuesFromHousehold(household)
    const v = valuesFromHousehold(household)
    v.phone = ''
    v.commune = 'Tavaux'
    v.members = [...v.members, { key: 'k', first_name: 'Léo', birth_year: '2016', relation: 'child' }]
    v.dwelling = { ...v.dwelling, surface_m2: '70,5' }
    expect(toUpdatePayload(v, initial, 3)).toEqual({
      version: 3,
      phone: null,
      commune: 'Tavaux',
      members: [
        { first_name: 'Amélie', birth_year: 1986, relation: 'applicant' },
        { first_name: 'Léo', birth_year: 2016, relation: 'child' },
      ],
      dwelling: {
        dwelling_type: 'apartment',
        construction_period: 'before_1975',
        surface_m2: '70.5',
        altitude_class: 'below_400',
        main_heating_energy: 'electricity',
      },
    })
  })
})

import { describe, expect, it } from 'vitest'
import { checkEquipment, checkOrientationType } from './catalogueForms'
import { checkSubscriptionForm } from '../webhooks/webhookForm'

describe('checkOrientationType', () => {
  it('checks the code only when creating, and defaults the position to 0', () => {
    expect(checkOrientationType({ code: 'microcredit', label: 'Microcrédit personnel', position: '', active: true }, true).payload).toEqual({
      code: 'microcredit',
      label: 'Microcrédit personnel',
      position: 0,
      active: true,
    })
    expect(checkOrientationType({ code: 'Micro Crédit', label: 'Microcrédit', position: '5', active: true }, true).errors.code).toMatch(/minuscules/)
    expect(checkOrientationType({ code: 'anything', label: 'FSL eau', position: '40', active: false }, false).payload).toEqual({
      label: 'FSL eau',
      position: 40,
      active: false,
    })
    expect(checkOrientationType({ code: '', label: 'X', position: '2000', active: true }, false).errors).toEqual({
      label: 'Libellé d’au moins 2 caractères.',
      position: 'Nombre entier de 0 à 1 000.',
    })
  })
})

describe('checkEquipment', () => {
  it('reads euros, kWh and m³ typed the French way', () => {
    const { payload } = checkEquipment({ code: 'shower_head', name: 'Pommeau économe', unitCost: '12,5', savingKwh: '1 250', savingWater: '1,25', source: 'Ajena 2026', active: true })
    expect(payload).toEqual({
      code: 'shower_head',
      name: 'Pommeau économe',
      unit_cost_eur: '12.5',
      yearly_saving_kwh: '1250',
      yearly_saving_water_m3: '1.25',
      source: 'Ajena 2026',
      active: true,
    })
  })

  it('refuses a cost with 3 decimals, fractional kWh and a bad code', () => {
    const { errors } = checkEquipment({ code: 'LED', name: '', unitCost: '3,505', savingKwh: '2,5', savingWater: '', source: '', active: true })
    expect(Object.keys(errors).sort()).toEqual(['code', 'name', 'unit_cost_eur', 'yearly_saving_kwh'])
  })
})

describe('checkSubscriptionForm', () => {
  it('wants a landlord and an http(s) address', () => {
    expect(checkSubscriptionForm({ organisationId: '4', url: ' https://si.example/hook ' }).payload).toEqual({ organisation_id: 4, url: 'https://si.example/hook' })
    expect(Object.keys(checkSubscriptionForm({ organisationId: '', url: 'ftp://x' }).errors).sort()).toEqual(['organisation_id', 'url'])
  })
})

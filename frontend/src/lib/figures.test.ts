import { describe, expect, it } from 'vitest'
import {
  classDetails,
  decileBounds,
  figureText,
  missingText,
  referenceValue,
  signedKwh,
  spanText,
  verdictWords,
  withIndicative,
} from './figures'

describe('figures', () => {
  it('shows the API’s display as is, « Non calculable » when it could not be computed', () => {
    expect(figureText({ value: '0.0974', display: '9,7 %', calculable: true })).toBe('9,7 %')
    expect(figureText({ value: null, display: 'non calculable : revenus à renseigner', calculable: false })).toBe('Non calculable')
    // An older frozen figure without display: its value and unit, never an invented rounding.
    expect(figureText({ value: '1.30', unit: 'UC' })).toBe('1,3 UC')
    expect(figureText({ value: null })).toBe('Non calculable')
  })

  it('says what is missing once, without repeating « à renseigner »', () => {
    expect(missingText(['revenu fiscal de référence à renseigner', 'surface'])).toBe('revenu fiscal de référence, surface')
    expect(missingText(undefined)).toBe('')
  })

  it('writes a reference value with its unit, or « à renseigner »', () => {
    expect(referenceValue({ table: 'kwh_per_unit', key: 'propane/kg', value: '12.780000', unit: 'kWh PCI par unité' })).toBe('12,78 kWh PCI par unité')
    expect(referenceValue({ table: 'brde_median', key: 'energy_spending_per_uc', value: null, unit: '€' })).toBe('à renseigner')
  })

  it('dates each decile bound by its own year', () => {
    expect(
      decileBounds([
        { table: 'income_decile', key: 'D1', value: '12970', valid_from: '2022-01-01' },
        { table: 'threshold', key: 'tee_slime', value: '0.1', valid_from: '2018-01-01' },
        { table: 'income_decile', key: 'D3', value: null, valid_from: '2021-01-01' },
      ]),
    ).toEqual(['D1 : 12\u202f970\u00a0€ (revenus 2022)', 'D3 : à renseigner (revenus 2021)'])
  })

  it('says verdicts in words, and nothing without an answer', () => {
    expect(verdictWords('brde_rav', true)).toMatch(/condition de revenu du BRDE remplie/)
    expect(verdictWords('brde_rav', false)).toMatch(/non remplie/)
    expect(verdictWords('brde_variant', false)).toMatch(/^Non/)
    expect(verdictWords('decency', true)).toMatch(/non décent/)
    expect(verdictWords('decency', null)).toBeNull()
  })

  it('keeps the class indicative and tells its energy and climate classes', () => {
    expect(withIndicative('E (indicatif — pas un DPE)')).toBe('E (indicatif — pas un DPE)')
    expect(withIndicative('Non calculable')).toBe('Non calculable (indicatif — pas un DPE)')
    expect(classDetails({ 'classe énergie': 'D', 'classe climat': 'E', 'énergie primaire': '185 kWhEP/m²/an' })).toBe(
      'Classe énergie D (185 kWhEP/m²/an), classe climat E.',
    )
    expect(classDetails({})).toBeNull()
  })

  it('writes spans with French dates and signed changes', () => {
    expect(spanText({ start: '2025-03-01', end: '2025-03-01', days: 1 })).toBe('du 01/03/2025 au 01/03/2025 (1 jour)')
    expect(signedKwh('-3500')).toBe('−3\u202f500\u00a0kWh')
    expect(signedKwh('0')).toBe('0\u00a0kWh')
  })
})

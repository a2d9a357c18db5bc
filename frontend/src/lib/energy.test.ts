import { describe, expect, it } from 'vitest'
import { ENERGIES, isDelivered, needsGasCoefficient, unitAfterEnergyChange, unitsFor } from './energy'

describe('units per energy', () => {
  it('lists only the units the API accepts, the default first', () => {
    expect(unitsFor('electricity')).toEqual(['kwh'])
    expect(unitsFor('natural_gas')).toEqual(['kwh', 'm3_gas'])
    expect(unitsFor('propane')).toEqual(['kwh', 'kg', 'litre', 'm3_propane'])
    expect(unitsFor('fuel_oil')).toEqual(['kwh', 'litre'])
    expect(unitsFor('wood_logs')).toEqual(['kwh', 'stere'])
    expect(unitsFor('wood_pellets')).toEqual(['kwh', 'kg'])
    expect(unitsFor('district_heating')).toEqual(['kwh'])
    expect(unitsFor('water')).toEqual(['m3_water'])
    for (const e of ENERGIES) expect(unitsFor(e).length).toBeGreaterThan(0)
  })
  it('keeps a unit still valid after a change of energy, else takes the first', () => {
    expect(unitAfterEnergyChange('fuel_oil', 'litre')).toBe('litre')
    expect(unitAfterEnergyChange('wood_logs', 'litre')).toBe('kwh')
    expect(unitAfterEnergyChange('water', 'kwh')).toBe('m3_water')
    expect(unitAfterEnergyChange('natural_gas', '')).toBe('kwh')
  })
  it('knows delivered fuels and when the gas coefficient is needed', () => {
    expect(['fuel_oil', 'wood_logs', 'wood_pellets', 'propane'].every((e) => isDelivered(e as never))).toBe(true)
    expect(isDelivered('electricity')).toBe(false)
    expect(isDelivered('water')).toBe(false)
    expect(needsGasCoefficient('natural_gas', 'm3_gas')).toBe(true)
    expect(needsGasCoefficient('natural_gas', 'kwh')).toBe(false)
    expect(needsGasCoefficient('propane', 'm3_propane')).toBe(false)
  })
})

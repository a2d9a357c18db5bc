import { describe, expect, it } from 'vitest'
import { VOCABULARY as v } from '../test/vocabulary'
import { energies, energyLabel, isDelivered, labelOf, needsGasCoefficient, optionsOf, unitAfterEnergyChange, unitLabel, unitsFor } from './energy'

// The vocabulary is the API's answer (src/test/energy-vocabulary.json, checked against the API by the backend).
describe('units per energy, from the API vocabulary', () => {
  it('lists only the units the API accepts, the default first', () => {
    expect(unitsFor(v, 'electricity')).toEqual(['kwh'])
    expect(unitsFor(v, 'natural_gas')).toEqual(['kwh', 'm3_gas'])
    expect(unitsFor(v, 'propane')).toEqual(['kwh', 'kg', 'litre', 'm3_propane'])
    expect(unitsFor(v, 'fuel_oil')).toEqual(['kwh', 'litre'])
    expect(unitsFor(v, 'wood_logs')).toEqual(['kwh', 'stere'])
    expect(unitsFor(v, 'wood_pellets')).toEqual(['kwh', 'kg'])
    expect(unitsFor(v, 'district_heating')).toEqual(['kwh'])
    expect(unitsFor(v, 'water')).toEqual(['m3_water'])
    for (const e of energies(v)) expect(unitsFor(v, e).length).toBeGreaterThan(0)
  })
  it('keeps a unit still valid after a change of energy, else takes the first', () => {
    expect(unitAfterEnergyChange(v, 'fuel_oil', 'litre')).toBe('litre')
    expect(unitAfterEnergyChange(v, 'wood_logs', 'litre')).toBe('kwh')
    expect(unitAfterEnergyChange(v, 'water', 'kwh')).toBe('m3_water')
    expect(unitAfterEnergyChange(v, 'natural_gas', '')).toBe('kwh')
  })
  it('knows delivered fuels and when the gas coefficient is needed', () => {
    expect(['fuel_oil', 'wood_logs', 'wood_pellets', 'propane'].every((e) => isDelivered(v, e as never))).toBe(true)
    expect(isDelivered(v, 'electricity')).toBe(false)
    expect(isDelivered(v, 'water')).toBe(false)
    expect(needsGasCoefficient(v, 'natural_gas', 'm3_gas')).toBe(true)
    expect(needsGasCoefficient(v, 'natural_gas', 'kwh')).toBe(false)
    expect(needsGasCoefficient(v, 'propane', 'm3_propane')).toBe(false)
  })
  it('follows the vocabulary it is given, not a copy', () => {
    // A future API that also counted district heating in MWh: the SPA offers it with no change of its own.
    const changed = {
      ...v,
      energies: v.energies.map((e) =>
        e.value === 'district_heating' ? { ...e, delivered: true, units: [...e.units, { ...e.units[0], unit: 'kg' as const, label: 'MWh' }] } : e,
      ),
    }
    expect(unitsFor(changed, 'district_heating')).toEqual(['kwh', 'kg'])
    expect(isDelivered(changed, 'district_heating')).toBe(true)
  })
})

describe('labels', () => {
  it('are the API’s, and the code while the vocabulary loads', () => {
    expect(energyLabel(v, 'wood_pellets')).toBe('Granulés de bois')
    expect(unitLabel(v, 'm3_gas')).toBe('m³ de gaz')
    expect(energyLabel(undefined, 'wood_pellets')).toBe('wood_pellets')
    expect(energyLabel(v, null)).toBe('')
    expect(labelOf(v.system_uses, 'both')).toBe('Chauffage et eau chaude')
    expect(optionsOf(v.altitude_classes)).toEqual([
      ['below_400', 'Moins de 400 m'],
      ['400_800', 'De 400 à 800 m'],
      ['above_800', 'Plus de 800 m'],
    ])
    // Log lengths keep the API's order (1 m first), which an object keyed by '100', '50'… would lose.
    expect(optionsOf(v.log_lengths).map(([cm]) => cm)).toEqual([100, 50, 33, 25])
  })
})

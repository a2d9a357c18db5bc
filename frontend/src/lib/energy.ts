/** Energies, the units a bill may use for each (mirror of api/energy/units.py), and their labels. */
import type { components } from '../api/schema'

export type Energy = components['schemas']['Energy']
export type Unit = components['schemas']['Unit']

export const ENERGY_LABELS: Record<Energy, string> = {
  electricity: 'Électricité',
  natural_gas: 'Gaz naturel',
  propane: 'Propane',
  fuel_oil: 'Fioul',
  wood_logs: 'Bois bûches',
  wood_pellets: 'Granulés de bois',
  district_heating: 'Réseau de chaleur',
  water: 'Eau',
}

export const UNIT_LABELS: Record<Unit, string> = {
  kwh: 'kWh',
  m3_gas: 'm³ de gaz',
  litre: 'litres',
  kg: 'kg',
  m3_propane: 'm³ de propane',
  stere: 'stères',
  m3_water: 'm³ d’eau',
}

/** What a bill may be counted in, per energy; the first is the default. */
export const VALID_UNITS: Record<Energy, readonly Unit[]> = {
  electricity: ['kwh'],
  natural_gas: ['kwh', 'm3_gas'],
  propane: ['kwh', 'kg', 'litre', 'm3_propane'],
  fuel_oil: ['kwh', 'litre'],
  wood_logs: ['kwh', 'stere'],
  wood_pellets: ['kwh', 'kg'],
  district_heating: ['kwh'],
  water: ['m3_water'],
}

/** Bought by delivery (a tank, a pile): a delivery date instead of a period. */
export const DELIVERED: ReadonlySet<Energy> = new Set<Energy>(['fuel_oil', 'wood_logs', 'wood_pellets', 'propane'])

export function unitsFor(energy: Energy): readonly Unit[] {
  return VALID_UNITS[energy] ?? []
}

/** The unit to keep when the energy changes: the same if still valid, else the energy's first. */
export function unitAfterEnergyChange(energy: Energy, unit: Unit | ''): Unit {
  const units = unitsFor(energy)
  return unit && units.includes(unit) ? unit : units[0]
}

export function isDelivered(energy: Energy): boolean {
  return DELIVERED.has(energy)
}

/** Natural gas counted in m³ needs the kWh/m³ coefficient printed on the bill. */
export function needsGasCoefficient(energy: Energy, unit: Unit | ''): boolean {
  return energy === 'natural_gas' && unit === 'm3_gas'
}

export const ENERGIES = Object.keys(ENERGY_LABELS) as Energy[]

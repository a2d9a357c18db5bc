/**
 * Energies, the units a bill may use for each, and the labels of the energy enums: read from the API's
 * vocabulary (GET /api/v1/reference/energy-vocabulary, see api/vocabulary.ts), never copied here. Pure
 * functions of that answer, so the forms and their tests follow the API's rules.
 */
import type { components } from '../api/schema'

export type Energy = components['schemas']['Energy']
export type Unit = components['schemas']['Unit']
export type EnergyVocabulary = components['schemas']['EnergyVocabulary']
export type EnergyCarrier = components['schemas']['EnergyCarrier']

/** One value of an enum and its French label, as the vocabulary lists them. */
export interface Choice<V> {
  value: V
  label: string
}

function carrier(v: EnergyVocabulary, energy: Energy): EnergyCarrier | undefined {
  return v.energies.find((e) => e.value === energy)
}

/** Every energy, in the vocabulary's order. */
export function energies(v: EnergyVocabulary): Energy[] {
  return v.energies.map((e) => e.value)
}

/** What a bill of this energy may be counted in; the first is the default. */
export function unitsFor(v: EnergyVocabulary, energy: Energy): Unit[] {
  return carrier(v, energy)?.units.map((u) => u.unit) ?? []
}

/** The unit to keep when the energy changes: the same if still valid, else the energy's first. */
export function unitAfterEnergyChange(v: EnergyVocabulary, energy: Energy, unit: Unit | ''): Unit {
  const units = unitsFor(v, energy)
  return unit && units.includes(unit) ? unit : units[0]
}

/** Bought by delivery (a tank, a pile): a delivery date instead of a period. */
export function isDelivered(v: EnergyVocabulary, energy: Energy): boolean {
  return carrier(v, energy)?.delivered ?? false
}

/** Natural gas counted in m³ needs the kWh/m³ coefficient printed on the bill. */
export function needsGasCoefficient(v: EnergyVocabulary, energy: Energy, unit: Unit | ''): boolean {
  return carrier(v, energy)?.units.find((u) => u.unit === unit)?.gas_coefficient_required ?? false
}

/** The label of `value` among `choices`, the value itself while the vocabulary is not there ('' for none). */
export function labelOf<V>(choices: readonly Choice<V>[] | undefined, value: V | null | undefined): string {
  if (value === null || value === undefined) return ''
  return choices?.find((c) => c.value === value)?.label ?? String(value)
}

/** [value, label] pairs for a <select>, in the vocabulary's order. */
export function optionsOf<V>(choices: readonly Choice<V>[] | undefined): [V, string][] {
  return (choices ?? []).map((c) => [c.value, c.label])
}

/** "Électricité", or the code while the vocabulary loads. */
export function energyLabel(v: EnergyVocabulary | undefined, energy: Energy | null | undefined): string {
  return labelOf(v?.energies, energy)
}

/** "m³ de gaz", or the code while the vocabulary loads. */
export function unitLabel(v: EnergyVocabulary | undefined, unit: Unit | null | undefined): string {
  return labelOf(v?.units, unit)
}

/** A bill as a row of the grid: what was typed (French text), and how it maps to the API. */
import type { BillEntryRead, BillEntryWrite, WoodMoisture, WoodSpecies } from '../api/types'
import { normalizeFieldPath, type ApiFieldError } from '../lib/errors'
import { isDelivered, needsGasCoefficient, unitAfterEnergyChange, type Energy, type EnergyVocabulary, type Unit } from '../lib/energy'
import { addDaysIso, decimalToInput, isoToFrenchDate, parseFrenchAmount, parseFrenchDate, parseFrenchNumber, isNegativeNumber } from '../lib/parse'

/**
 * The energy rules (units per energy, delivered fuels, the gas coefficient) come from the API's vocabulary
 * (`v`, api/vocabulary.ts): the functions that need them take it first.
 */

/** The cells of a row, in tab order. */
export type BillField =
  | 'energy'
  | 'supplier'
  | 'period_start'
  | 'period_end'
  | 'delivery_date'
  | 'quantity'
  | 'unit'
  | 'gas_coefficient'
  | 'amount_eur'
  | 'unpaid_eur'
  | 'estimated'
  | 'wood_species'
  | 'wood_moisture'
  | 'log_length_cm'
  | 'kwh_per_unit'

/** The wood factor of a delivery of logs counted in stères (all optional: 1 680 kWh PCI per stère by default). */
export const WOOD_FIELDS: readonly BillField[] = ['wood_species', 'wood_moisture', 'log_length_cm', 'kwh_per_unit']

/** A log length in cm as the select holds it ('100', '50'…), from the vocabulary's `log_lengths`. */
export type LogLength = string
type LogLengthCm = NonNullable<BillEntryWrite['log_length_cm']>

export interface BillRow {
  /** Stable React key and id prefix of the row's inputs. */
  key: string
  id?: number
  version?: number
  energy: Energy
  supplier: string
  start: string
  end: string
  delivery: string
  quantity: string
  unit: Unit
  gasCoefficient: string
  amount: string
  unpaid: string
  estimated: boolean
  /** Wood logs in stères only: the delivery's own factor (empty: the default). */
  woodSpecies: WoodSpecies | ''
  woodMoisture: WoodMoisture | ''
  logLength: LogLength | ''
  kwhPerUnit: string
  /** Kept as read, sent back unchanged on PUT (no column for them in the grid). */
  contractOption: string | null
  subscribedKva: string | null
  /** JSON of the last payload the server accepted; a row is dirty when it differs. */
  savedPayload?: string
  kwh?: string | null
  /** The bill's own kWh PCS (natural gas, network propane), as the API returns it. */
  kwhPcs?: string | null
  /** What the API says of the conversion (a wood factor « à renseigner », not applied…). */
  conversionNotes?: string[]
  saving: boolean
  errors: Partial<Record<BillField, string[]>>
  rowErrors: string[]
  /**
   * The row whose end date gave this row's start (typing bills one after the other), and that start:
   * withdrawn if that row is refused by the server, and not counted as typed (the row is still new).
   */
  derivedFrom?: string
  derivedStart?: string
}

let counter = 0
export const newRowKey = () => `r${++counter}`

export function emptyRow(v: EnergyVocabulary, energy: Energy = 'electricity'): BillRow {
  return {
    key: newRowKey(),
    energy,
    supplier: '',
    start: '',
    end: '',
    delivery: '',
    quantity: '',
    unit: unitAfterEnergyChange(v, energy, ''),
    gasCoefficient: '',
    amount: '',
    unpaid: '',
    estimated: false,
    woodSpecies: '',
    woodMoisture: '',
    logLength: '',
    kwhPerUnit: '',
    contractOption: null,
    subscribedKva: null,
    saving: false,
    errors: {},
    rowErrors: [],
  }
}

/**
 * The row that follows `previous` when typing bills one after the other: same energy, unit,
 * supplier and gas coefficient, and a period starting the day after the previous one ended
 * (not after a row the server refused: its dates are not known to be right).
 */
export function nextRow(v: EnergyVocabulary, previous: BillRow): BillRow {
  const row = emptyRow(v, previous.energy)
  row.unit = unitAfterEnergyChange(v, previous.energy, previous.unit)
  row.supplier = previous.supplier
  row.gasCoefficient = needsGasCoefficient(v, row.energy, row.unit) ? previous.gasCoefficient : ''
  return isRefused(previous) ? row : deriveStart(v, row, previous)
}

/** A row with errors (the server's or the grid's): nothing is computed from it. */
export function isRefused(row: Pick<BillRow, 'errors' | 'rowErrors'>): boolean {
  return row.rowErrors.length > 0 || Object.values(row.errors).some((e) => e?.length)
}

/** The start date the day after `from` ended, on a row nobody typed a start in (else the row unchanged). */
export function deriveStart(v: EnergyVocabulary, row: BillRow, from: BillRow): BillRow {
  if (row.start.trim() && row.start !== row.derivedStart) return row
  const end = parseFrenchDate(from.end)
  if (isDelivered(v, from.energy) || isDelivered(v, row.energy) || !end) return row
  const start = isoToFrenchDate(addDaysIso(end, 1))
  return { ...row, start, derivedFrom: from.key, derivedStart: start }
}

/**
 * `refused` was refused by the server: the start `row` took from it is withdrawn, unless the
 * person typed another one meanwhile.
 */
export function withdrawDerivedStart(row: BillRow, refused: Pick<BillRow, 'key'>): BillRow {
  if (row.derivedFrom !== refused.key || row.start !== row.derivedStart) return row
  return { ...row, start: '', derivedFrom: undefined, derivedStart: undefined }
}

export function rowFromBill(v: EnergyVocabulary, bill: BillEntryRead): BillRow {
  const row: BillRow = {
    ...emptyRow(v, bill.energy),
    id: bill.id,
    version: bill.version,
    supplier: bill.supplier ?? '',
    start: isoToFrenchDate(bill.period_start),
    end: isoToFrenchDate(bill.period_end),
    delivery: isoToFrenchDate(bill.delivery_date),
    quantity: decimalToInput(bill.quantity),
    unit: bill.unit,
    gasCoefficient: decimalToInput(bill.gas_coefficient),
    amount: decimalToInput(bill.amount_eur),
    unpaid: Number(bill.unpaid_eur) ? decimalToInput(bill.unpaid_eur) : '',
    estimated: bill.estimated,
    woodSpecies: bill.wood_species ?? '',
    woodMoisture: bill.wood_moisture ?? '',
    logLength: bill.log_length_cm ? String(bill.log_length_cm) : '',
    kwhPerUnit: decimalToInput(bill.kwh_per_unit),
    contractOption: bill.contract_option,
    subscribedKva: bill.subscribed_kva,
    kwh: bill.kwh,
    kwhPcs: bill.kwh_pcs ?? null,
    conversionNotes: bill.conversion_notes ?? [],
  }
  const built = toPayload(v, row)
  row.savedPayload = built.payload ? JSON.stringify(built.payload) : undefined
  return row
}

/** Whether the row is shown with a delivery date rather than a period. */
export function usesDelivery(v: EnergyVocabulary, row: Pick<BillRow, 'energy'>): boolean {
  return isDelivered(v, row.energy)
}

/** Wood logs counted in stères: the delivery may carry its own kWh factor. */
export function hasWoodFactor(row: Pick<BillRow, 'energy' | 'unit'>): boolean {
  return row.energy === 'wood_logs' && row.unit === 'stere'
}

/** The cells the row shows, in tab order. */
export function visibleFields(v: EnergyVocabulary, row: Pick<BillRow, 'energy' | 'unit'>): BillField[] {
  const fields: BillField[] = ['energy', 'supplier']
  if (usesDelivery(v, row)) fields.push('delivery_date')
  else fields.push('period_start', 'period_end')
  fields.push('quantity', 'unit')
  if (needsGasCoefficient(v, row.energy, row.unit)) fields.push('gas_coefficient')
  fields.push('amount_eur', 'unpaid_eur', 'estimated')
  if (hasWoodFactor(row)) fields.push(...WOOD_FIELDS)
  return fields
}

const DATE_HINT = 'Date attendue au format jj/mm/aaaa, par exemple 31/12/2025.'
const NUMBER_HINT = 'Nombre attendu, par exemple 1 234,5.'
const AMOUNT_HINT = 'Montant attendu en euros, par exemple 1 234,56.'
const REQUIRED = 'À renseigner.'
const AMOUNT_POSITIVE = 'Le montant doit être positif.'
const QUANTITY_POSITIVE = 'La quantité doit être positive.'

/** The message for a number that could not be read: « positif » if it is a negative number, else the format. */
const unreadable = (text: string, hint: string, positive: string) => (isNegativeNumber(text) ? positive : hint)

export interface BuiltPayload {
  payload: BillEntryWrite | null
  errors: Partial<Record<BillField, string[]>>
}

/** Parses the typed values; errors (French) by cell when something cannot be read. */
export function toPayload(v: EnergyVocabulary, row: BillRow): BuiltPayload {
  const errors: Partial<Record<BillField, string[]>> = {}
  const fail = (field: BillField, message: string) => {
    errors[field] = [message]
  }
  const date = (field: BillField, text: string) => {
    if (!text.trim()) {
      fail(field, REQUIRED)
      return null
    }
    const iso = parseFrenchDate(text)
    if (!iso) fail(field, DATE_HINT)
    return iso
  }
  let period_start: string | null = null
  let period_end: string | null = null
  let delivery_date: string | null = null
  if (usesDelivery(v, row)) delivery_date = date('delivery_date', row.delivery)
  else {
    period_start = date('period_start', row.start)
    period_end = date('period_end', row.end)
  }
  const quantity = row.quantity.trim() ? parseFrenchNumber(row.quantity, 3) : null
  if (!row.quantity.trim()) fail('quantity', REQUIRED)
  else if (quantity === null) fail('quantity', unreadable(row.quantity, NUMBER_HINT, QUANTITY_POSITIVE))
  const amount = row.amount.trim() ? parseFrenchAmount(row.amount) : null
  if (!row.amount.trim()) fail('amount_eur', REQUIRED)
  else if (amount === null) fail('amount_eur', unreadable(row.amount, AMOUNT_HINT, AMOUNT_POSITIVE))
  const unpaid = row.unpaid.trim() ? parseFrenchAmount(row.unpaid) : '0'
  if (unpaid === null) fail('unpaid_eur', unreadable(row.unpaid, AMOUNT_HINT, AMOUNT_POSITIVE))
  let gas_coefficient: string | null = null
  if (needsGasCoefficient(v, row.energy, row.unit)) {
    gas_coefficient = row.gasCoefficient.trim() ? parseFrenchNumber(row.gasCoefficient, 3) : null
    if (!row.gasCoefficient.trim()) fail('gas_coefficient', 'Coefficient imprimé sur la facture, par exemple 10,8.')
    else if (gas_coefficient === null)
      fail('gas_coefficient', unreadable(row.gasCoefficient, NUMBER_HINT, 'Le coefficient doit être positif.'))
  }
  let kwh_per_unit: string | null = null
  const wood = hasWoodFactor(row)
  if (wood && row.kwhPerUnit.trim()) {
    kwh_per_unit = parseFrenchNumber(row.kwhPerUnit, 1)
    if (kwh_per_unit === null)
      fail('kwh_per_unit', unreadable(row.kwhPerUnit, 'Nombre de kWh par stère attendu, par exemple 1 680.', 'Le nombre de kWh doit être positif.'))
  }
  if (Object.keys(errors).length) return { payload: null, errors }
  return {
    payload: {
      energy: row.energy,
      supplier: row.supplier.trim() || null,
      contract_option: row.contractOption,
      subscribed_kva: row.subscribedKva,
      period_start,
      period_end,
      delivery_date,
      quantity: quantity!,
      unit: row.unit,
      gas_coefficient,
      amount_eur: amount!,
      estimated: row.estimated,
      unpaid_eur: unpaid!,
      wood_species: wood && row.woodSpecies ? row.woodSpecies : null,
      wood_moisture: wood && row.woodMoisture ? row.woodMoisture : null,
      log_length_cm: wood && row.logLength ? (Number(row.logLength) as LogLengthCm) : null,
      kwh_per_unit: wood ? kwh_per_unit : null,
    },
    errors: {},
  }
}

/** Nothing typed in the row yet (a start computed from the previous row does not count). */
export function isBlank(row: BillRow): boolean {
  const start = row.derivedStart !== undefined && row.start === row.derivedStart ? '' : row.start
  return !row.id && ![start, row.end, row.delivery, row.quantity, row.amount, row.unpaid].some((v) => v.trim())
}

export function isDirty(v: EnergyVocabulary, row: BillRow): boolean {
  if (!row.savedPayload) return true
  const built = toPayload(v, row)
  return !built.payload || JSON.stringify(built.payload) !== row.savedPayload
}

/**
 * The server's field errors placed on the row's cells; a period error on a delivered fuel goes to
 * the delivery date and vice versa; anything else is a row error.
 */
export function placeServerErrors(
  v: EnergyVocabulary,
  row: BillRow,
  fields: readonly ApiFieldError[],
): { errors: Partial<Record<BillField, string[]>>; rowErrors: string[] } {
  const visible = new Set(visibleFields(v, row))
  const errors: Partial<Record<BillField, string[]>> = {}
  const rowErrors: string[] = []
  for (const fe of fields) {
    let field = normalizeFieldPath(fe.field).split('.')[0] as BillField
    if (!visible.has(field)) {
      if (field === 'period_start' || field === 'period_end') field = 'delivery_date'
      else if (field === 'delivery_date') field = 'period_start'
    }
    if (visible.has(field)) (errors[field] ??= []).push(fe.message)
    else rowErrors.push(fe.message)
  }
  return { errors, rowErrors }
}

export const cellId = (row: Pick<BillRow, 'key'>, field: BillField) => `bill-${row.key}-${field}`
export const cellErrorId = (row: Pick<BillRow, 'key'>, field: BillField) => `${cellId(row, field)}-error`
/** The message of a row's errors that belong to no cell (tied to the row's save button). */
export const rowErrorId = (row: Pick<BillRow, 'key'>) => `bill-${row.key}-row-error`

/** Where the focus goes after the server refused the row: its first faulty cell, else its save button. */
export function refusedFocusTarget(v: EnergyVocabulary, row: BillRow): string {
  const first = visibleFields(v, row).find((f) => row.errors[f]?.length)
  return first ? cellId(row, first) : saveButtonId(row)
}
export const saveButtonId = (row: Pick<BillRow, 'key'>) => `bill-${row.key}-save`

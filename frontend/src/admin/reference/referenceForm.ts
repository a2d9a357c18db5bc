import { parseFrenchDate, parseFrenchNumber } from '../../lib/parse'

export interface ReferenceFormValues {
  value: string
  unit: string
  validFrom: string
  source: string
}

export interface ReferencePayload {
  table_name: string
  key: string
  value: string | null
  unit: string
  valid_from: string
  source: string
}

/**
 * Checks a new dated value before sending (French messages by field). An empty value is sent as null:
 * « à renseigner » (known, not yet sourced). The source is required: every reference value says where
 * it comes from.
 */
export function checkReferenceForm(
  v: ReferenceFormValues,
  target: { table: string; key: string },
): { errors: Record<string, string>; payload: ReferencePayload | null } {
  const errors: Record<string, string> = {}
  let value: string | null = null
  if (v.value.trim()) {
    value = parseFrenchNumber(v.value, 6)
    if (value === null) errors.value = 'Nombre positif attendu (par exemple 0,1952), 6 décimales au plus.'
    else if (Number(value) > 10_000_000) errors.value = 'Valeur trop grande (au plus 10 000 000).'
  }
  const unit = v.unit.trim()
  if (!unit) errors.unit = 'Indiquez l’unité (par exemple « € TTC par kWh » ou « coefficient »).'
  else if (unit.length > 80) errors.unit = 'Au plus 80 caractères.'
  const validFrom = parseFrenchDate(v.validFrom)
  if (!validFrom) errors.valid_from = 'Date de début attendue au format jj/mm/aaaa.'
  const source = v.source.trim()
  if (source.length < 3) errors.source = 'Indiquez la source de la valeur (texte officiel, barème, décision…).'
  else if (source.length > 500) errors.source = 'Au plus 500 caractères.'
  if (Object.keys(errors).length > 0 || !validFrom) return { errors, payload: null }
  return { errors, payload: { table_name: target.table, key: target.key, value, unit, valid_from: validFrom, source } }
}

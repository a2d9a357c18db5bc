import { parseFrenchAmount, parseFrenchNumber, parseWholeNumber } from '../../lib/parse'

export interface OrientationTypeValues {
  code: string
  label: string
  position: string
  active: boolean
}

/** A new or edited orientation type; `creating` also checks the (permanent) code. */
export function checkOrientationType(
  v: OrientationTypeValues,
  creating: boolean,
): { errors: Record<string, string>; payload: { code?: string; label: string; position: number; active: boolean } | null } {
  const errors: Record<string, string> = {}
  const code = v.code.trim()
  if (creating && !/^[a-z][a-z0-9_]{1,31}$/.test(code))
    errors.code = 'Code de 2 à 32 caractères : lettres minuscules sans accent, chiffres et « _ », commençant par une lettre.'
  const label = v.label.trim()
  if (label.length < 2) errors.label = 'Libellé d’au moins 2 caractères.'
  else if (label.length > 120) errors.label = 'Au plus 120 caractères.'
  const position = v.position.trim() === '' ? 0 : parseWholeNumber(v.position)
  if (position === null || position > 1000) errors.position = 'Nombre entier de 0 à 1 000.'
  if (Object.keys(errors).length > 0 || position === null) return { errors, payload: null }
  return { errors, payload: { ...(creating ? { code } : {}), label, position, active: v.active } }
}

export interface EquipmentValues {
  code: string
  name: string
  unitCost: string
  savingKwh: string
  savingWater: string
  source: string
  active: boolean
}

export interface EquipmentPayload {
  code: string
  name: string
  unit_cost_eur: string
  yearly_saving_kwh: string
  yearly_saving_water_m3: string
  source: string
  active: boolean
}

/** An equipment item: cost in euros (2 decimals), yearly savings in whole kWh and m³ (3 decimals). */
export function checkEquipment(v: EquipmentValues): { errors: Record<string, string>; payload: EquipmentPayload | null } {
  const errors: Record<string, string> = {}
  const code = v.code.trim()
  if (!/^[a-z0-9_]{1,40}$/.test(code)) errors.code = 'Code de 1 à 40 caractères : lettres minuscules sans accent, chiffres et « _ ».'
  const name = v.name.trim()
  if (!name) errors.name = 'Indiquez le nom de l’équipement.'
  else if (name.length > 120) errors.name = 'Au plus 120 caractères.'
  const cost = parseFrenchAmount(v.unitCost)
  if (cost === null) errors.unit_cost_eur = 'Montant en euros attendu, par exemple 3,50.'
  const kwh = v.savingKwh.trim() === '' ? '0' : parseFrenchNumber(v.savingKwh, 0)
  if (kwh === null || Number(kwh) > 100_000) errors.yearly_saving_kwh = 'Nombre entier de kWh par an attendu (0 à 100 000).'
  const water = v.savingWater.trim() === '' ? '0' : parseFrenchNumber(v.savingWater, 3)
  if (water === null || Number(water) > 1000) errors.yearly_saving_water_m3 = 'Nombre de m³ par an attendu (0 à 1 000), par exemple 1,25.'
  const source = v.source.trim()
  if (source.length > 300) errors.source = 'Au plus 300 caractères.'
  if (Object.keys(errors).length > 0 || cost === null || kwh === null || water === null) return { errors, payload: null }
  return {
    errors,
    payload: { code, name, unit_cost_eur: cost, yearly_saving_kwh: kwh, yearly_saving_water_m3: water, source, active: v.active },
  }
}

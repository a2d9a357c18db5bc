/**
 * A conflict: the change made on this device against the record now on the server, field by field
 * (top-level fields of the write; nested objects and arrays are compared whole and shown as a summary).
 */

export type Side = 'local' | 'server'
export type Record_ = Record<string, unknown>

/** Fields never compared: the version is the server's, the rest is computed by the server. */
const IGNORED = new Set(['version'])

/** The server's value in the shape of the device's (the keys the form sends), so it can be sent back. */
export function project(server: unknown, shape: unknown): unknown {
  if (Array.isArray(server)) {
    const model = Array.isArray(shape) && shape.length ? shape[0] : undefined
    return server.map((x) => project(x, model))
  }
  if (server && typeof server === 'object' && shape && typeof shape === 'object' && !Array.isArray(shape)) {
    const out: Record_ = {}
    for (const k of Object.keys(shape)) out[k] = project((server as Record_)[k], (shape as Record_)[k])
    return out
  }
  return server === undefined ? null : server
}

/** A stable text for comparing: object keys sorted, "12.50" and 12.5 the same number. */
export function canonical(value: unknown): string {
  const norm = (v: unknown): unknown => {
    if (v === undefined || v === '') return null
    if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v)
    if (Array.isArray(v)) return v.map(norm)
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.keys(v as Record_)
          .sort()
          .map((k) => [k, norm((v as Record_)[k])]),
      )
    return v
  }
  return JSON.stringify(norm(value))
}

export interface FieldDiff {
  field: string
  local: unknown
  server: unknown
}

/** The top-level fields of the device's write whose value differs on the server. */
export function diffFields(local: Record_, server: Record_): FieldDiff[] {
  const out: FieldDiff[] = []
  for (const field of Object.keys(local)) {
    if (IGNORED.has(field)) continue
    const theirs = project(server[field], local[field])
    if (canonical(local[field]) !== canonical(theirs)) out.push({ field, local: local[field], server: theirs })
  }
  return out
}

/**
 * The record to send after a conflict: the device's write, with the server's value for each field the
 * person chose « Sur le serveur », and the server's current version (so the save is accepted once).
 */
export function mergeChoices(local: Record_, server: Record_, choices: Record<string, Side>): Record_ {
  const merged: Record_ = { ...local }
  for (const [field, side] of Object.entries(choices)) {
    if (side === 'server' && !IGNORED.has(field)) merged[field] = project(server[field], local[field])
  }
  if ('version' in local || 'version' in server) merged.version = server.version ?? null
  return merged
}

function scalar(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(vide)'
  if (typeof v === 'boolean') return v ? 'Oui' : 'Non'
  if (typeof v === 'number') return v.toLocaleString('fr-FR')
  if (typeof v === 'string') return /^-?\d+(\.\d+)?$/.test(v) ? Number(v).toLocaleString('fr-FR') : v
  return JSON.stringify(v)
}

/** A value as a person reads it: lists counted and summed up, objects as « clé : valeur ». */
export function summarise(value: unknown): string {
  if (Array.isArray(value)) {
    if (!value.length) return 'Aucun élément'
    const items = value.map((x) =>
      x && typeof x === 'object'
        ? Object.values(x as Record_)
            .filter((v) => v !== null && v !== '' && typeof v !== 'object')
            .slice(0, 3)
            .map(scalar)
            .join(', ')
        : scalar(x),
    )
    return `${value.length} élément${value.length > 1 ? 's' : ''} : ${items.join(' ; ')}`
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record_).filter(([, v]) => v !== null && v !== '')
    return entries.length ? entries.map(([k, v]) => `${FIELD_LABELS[k] ?? k} : ${scalar(v)}`).join(', ') : '(vide)'
  }
  return scalar(value)
}

/** French names of the fields the visit forms send. */
export const FIELD_LABELS: Record<string, string> = {
  dwelling_type: 'Type de logement',
  construction_period: 'Période de construction',
  surface_m2: 'Surface habitable (m²)',
  levels: 'Niveaux',
  ceiling_height_m: 'Hauteur sous plafond (m)',
  altitude_class: 'Altitude',
  envelope: 'Parois',
  systems: 'Systèmes de chauffage et d’eau chaude',
  ventilation: 'Ventilation',
  humidity_mould: 'Moisissures visibles',
  condensation: 'Condensation',
  humidity_notes: 'Observations sur l’humidité',
  measurements: 'Mesures',
  appliances: 'Appareils et usages observés',
  cooking_energy: 'Énergie de cuisson',
  decency: 'Décence',
  dpe: 'DPE existant',
  equipment_installed: 'Petits équipements posés',
  notes: 'Notes',
  number: 'Numéro',
  energy_class: 'Classe',
  established_on: 'Établi le',
}

export const fieldLabel = (field: string) => FIELD_LABELS[field] ?? field.replace(/_/g, ' ')

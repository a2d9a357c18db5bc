/**
 * The household form's state (strings, as typed) and its conversion to API payloads.
 * Values are sent as typed when they cannot be parsed, so the server reports the error next to
 * the field; empty optional fields are omitted on create and sent as null on update.
 */
import type { HouseholdCreate, HouseholdRead, HouseholdUpdate } from '../api/types'
import { parseFrenchDecimal } from '../lib/format'

export interface MemberRow {
  /** Stable React key (not sent). */
  key: string
  first_name: string
  birth_year: string
  relation: string
}

export interface DwellingValues {
  dwelling_type: string
  construction_period: string
  surface_m2: string
  altitude_class: string
  main_heating_energy: string
}

export interface ReferentValues {
  name: string
  organisation: string
  phone: string
  email: string
}

export interface HouseholdFormValues {
  first_name: string
  last_name: string
  phone: string
  email: string
  address_line: string
  postcode: string
  commune: string
  insee_code: string
  /** Read only: the server sets the unit from the commune (shown, never sent). */
  unit_id: string
  tenure: string
  landlord_id: string
  social_referent: ReferentValues
  members: MemberRow[]
  dwelling: DwellingValues
}

let keyCounter = 0
export const newRowKey = () => `row-${++keyCounter}`

export function emptyMember(relation = ''): MemberRow {
  return { key: newRowKey(), first_name: '', birth_year: '', relation }
}

export function emptyValues(): HouseholdFormValues {
  return {
    first_name: '',
    last_name: '',
    phone: '',
    email: '',
    address_line: '',
    postcode: '',
    commune: '',
    insee_code: '',
    unit_id: '',
    tenure: '',
    landlord_id: '',
    social_referent: { name: '', organisation: '', phone: '', email: '' },
    members: [emptyMember('applicant')],
    dwelling: {
      dwelling_type: '',
      construction_period: 'unknown',
      surface_m2: '',
      altitude_class: '',
      main_heating_energy: '',
    },
  }
}

const s = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v))

export function valuesFromHousehold(h: HouseholdRead): HouseholdFormValues {
  const empty = emptyValues()
  return {
    first_name: h.first_name,
    last_name: h.last_name,
    phone: s(h.phone),
    email: s(h.email),
    address_line: s(h.address_line),
    postcode: s(h.postcode),
    commune: h.commune,
    insee_code: s(h.insee_code),
    unit_id: s(h.unit?.id),
    tenure: h.tenure,
    landlord_id: s(h.landlord?.id),
    social_referent: h.social_referent
      ? {
          name: s(h.social_referent.name),
          organisation: s(h.social_referent.organisation),
          phone: s(h.social_referent.phone),
          email: s(h.social_referent.email),
        }
      : empty.social_referent,
    members: h.members.map((m) => ({
      key: newRowKey(),
      first_name: m.first_name,
      birth_year: String(m.birth_year),
      relation: m.relation,
    })),
    dwelling: h.dwelling
      ? {
          dwelling_type: h.dwelling.dwelling_type,
          construction_period: h.dwelling.construction_period,
          // Shown the French way; parsed back on submit.
          surface_m2: h.dwelling.surface_m2 == null ? '' : String(h.dwelling.surface_m2).replace('.', ','),
          altitude_class: h.dwelling.altitude_class,
          main_heating_energy: h.dwelling.main_heating_energy,
        }
      : empty.dwelling,
  }
}

/** Every field path the form can show an error next to (matches the API's `fields[].field`). */
export function knownFieldPaths(values: HouseholdFormValues): string[] {
  const paths = [
    'first_name',
    'last_name',
    'phone',
    'email',
    'address_line',
    'postcode',
    'commune',
    'insee_code',
    'tenure',
    'landlord_id',
    'social_referent',
    'social_referent.name',
    'social_referent.organisation',
    'social_referent.phone',
    'social_referent.email',
    'members',
    'dwelling',
    'dwelling.dwelling_type',
    'dwelling.construction_period',
    'dwelling.surface_m2',
    'dwelling.altitude_class',
    'dwelling.main_heating_energy',
  ]
  values.members.forEach((_, i) => {
    paths.push(`members.${i}`, `members.${i}.first_name`, `members.${i}.birth_year`, `members.${i}.relation`)
  })
  return paths
}

const trimmed = (v: string) => v.trim()

/** A whole number if it looks like one, else the raw text (the server then explains). */
function intOrRaw(v: string): number | string {
  const t = v.trim()
  return /^\d+$/.test(t) ? Number(t) : t
}

function referentFilled(r: ReferentValues): boolean {
  return [r.name, r.organisation, r.phone, r.email].some((v) => v.trim() !== '')
}

export function dwellingFilled(d: DwellingValues): boolean {
  return (
    [d.dwelling_type, d.surface_m2, d.altitude_class, d.main_heating_energy].some((v) => v.trim() !== '') ||
    (d.construction_period !== '' && d.construction_period !== 'unknown')
  )
}

function referentPayload(r: ReferentValues) {
  const out: Record<string, string> = { name: trimmed(r.name) }
  if (r.organisation.trim()) out.organisation = trimmed(r.organisation)
  if (r.phone.trim()) out.phone = trimmed(r.phone)
  if (r.email.trim()) out.email = trimmed(r.email)
  return out
}

function membersPayload(rows: MemberRow[]) {
  return rows.map((m) => {
    const out: Record<string, unknown> = { first_name: trimmed(m.first_name) }
    if (m.birth_year.trim()) out.birth_year = intOrRaw(m.birth_year)
    if (m.relation) out.relation = m.relation
    return out
  })
}

function dwellingPayload(d: DwellingValues) {
  const out: Record<string, unknown> = {}
  if (d.dwelling_type) out.dwelling_type = d.dwelling_type
  if (d.construction_period) out.construction_period = d.construction_period
  if (d.surface_m2.trim()) out.surface_m2 = parseFrenchDecimal(d.surface_m2)
  if (d.altitude_class) out.altitude_class = d.altitude_class
  if (d.main_heating_energy) out.main_heating_energy = d.main_heating_energy
  return out
}

const OPTIONAL_TEXT = ['phone', 'email', 'address_line', 'postcode', 'insee_code'] as const
const REQUIRED_TEXT = ['first_name', 'last_name', 'commune'] as const

export function toCreatePayload(v: HouseholdFormValues): HouseholdCreate {
  const out: Record<string, unknown> = {}
  for (const k of REQUIRED_TEXT) out[k] = trimmed(v[k])
  for (const k of OPTIONAL_TEXT) if (v[k].trim()) out[k] = trimmed(v[k])
  if (v.tenure) out.tenure = v.tenure
  if (v.landlord_id) out.landlord_id = intOrRaw(v.landlord_id)
  if (referentFilled(v.social_referent)) out.social_referent = referentPayload(v.social_referent)
  out.members = membersPayload(v.members)
  if (dwellingFilled(v.dwelling)) out.dwelling = dwellingPayload(v.dwelling)
  return out as unknown as HouseholdCreate
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Only what changed since `initial`, plus the `version` read (a stale one answers 409). */
export function toUpdatePayload(
  v: HouseholdFormValues,
  initial: HouseholdFormValues,
  version: number,
): HouseholdUpdate {
  const out: Record<string, unknown> = { version }
  for (const k of REQUIRED_TEXT) if (v[k].trim() !== initial[k].trim()) out[k] = trimmed(v[k])
  for (const k of OPTIONAL_TEXT) if (v[k].trim() !== initial[k].trim()) out[k] = v[k].trim() ? trimmed(v[k]) : null
  if (v.tenure !== initial.tenure) out.tenure = v.tenure || null
  // The case's status is not a field: it changes by closing or reopening (the follow-up panel); the
  // territorial unit follows the commune.
  if (v.landlord_id !== initial.landlord_id) out.landlord_id = v.landlord_id ? intOrRaw(v.landlord_id) : null
  if (!sameJson(referentPayload(v.social_referent), referentPayload(initial.social_referent))) {
    out.social_referent = referentFilled(v.social_referent) ? referentPayload(v.social_referent) : null
  }
  const members = membersPayload(v.members)
  if (!sameJson(members, membersPayload(initial.members))) out.members = members
  const dwelling = dwellingPayload(v.dwelling)
  if (!sameJson(dwelling, dwellingPayload(initial.dwelling)) && dwellingFilled(v.dwelling)) out.dwelling = dwelling
  return out as unknown as HouseholdUpdate
}

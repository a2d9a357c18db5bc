import type { ReferralChannel, ReferralCreate, ReferralReason } from '../api/types'
import { parseFrenchDate, readDateField } from '../lib/parse'

export type ReferralFormVariant = 'referrer' | 'coordinator'

export interface ReferralFormValues {
  first_name: string
  last_name: string
  phone: string
  email: string
  address_line: string
  postcode: string
  commune: string
  /** Set when a suggested commune is chosen; cleared when the address is typed again. */
  insee_code: string
  reasons: ReferralReason[]
  description: string
  /** As typed, jj/mm/aaaa (sent as ISO). */
  cutoff_date: string
  contact_consent: boolean
  // SLIME team only: who referred the household, how, or an existing household.
  referring_organisation_id: string
  referrer_name: string
  referrer_phone: string
  referrer_email: string
  channel: ReferralChannel | ''
  household_id: number | null
}

export function emptyReferralValues(): ReferralFormValues {
  return {
    first_name: '',
    last_name: '',
    phone: '',
    email: '',
    address_line: '',
    postcode: '',
    commune: '',
    insee_code: '',
    reasons: [],
    description: '',
    cutoff_date: '',
    contact_consent: false,
    referring_organisation_id: '',
    referrer_name: '',
    referrer_phone: '',
    referrer_email: '',
    channel: 'phone',
    household_id: null,
  }
}

const opt = (s: string) => (s.trim() ? s.trim() : undefined)

/** The request body; empty optional fields are left out so the server does not validate them. */
export function toReferralPayload(v: ReferralFormValues, variant: ReferralFormVariant): ReferralCreate {
  const body: ReferralCreate = {
    reasons: v.reasons,
    description: v.description.trim(),
    cutoff_date: parseFrenchDate(v.cutoff_date),
    contact_consent: v.contact_consent,
  }
  if (variant === 'coordinator' && v.household_id) {
    body.household_id = v.household_id
  } else {
    body.household = {
      first_name: v.first_name.trim(),
      last_name: v.last_name.trim(),
      phone: opt(v.phone),
      email: opt(v.email),
      address_line: opt(v.address_line),
      postcode: opt(v.postcode),
      commune: v.commune.trim(),
      insee_code: opt(v.insee_code),
      tenure: 'unknown',
    }
  }
  if (variant === 'coordinator') {
    body.referring_organisation_id = v.referring_organisation_id ? Number(v.referring_organisation_id) : null
    body.referrer_name = opt(v.referrer_name) ?? null
    body.referrer_phone = opt(v.referrer_phone) ?? null
    body.referrer_email = opt(v.referrer_email) ?? null
    body.channel = v.channel || null
  } else {
    // The alert giver's own form says so; a referral without a channel came through the API.
    body.channel = 'form'
  }
  return body
}

/** Field paths the form can show an error next to (for mapFieldErrors). */
export const REFERRAL_FIELDS = [
  'household',
  'household.first_name',
  'household.last_name',
  'household.phone',
  'household.email',
  'household.address_line',
  'household.postcode',
  'household.commune',
  'household_id',
  'reasons',
  'description',
  'cutoff_date',
  'contact_consent',
  'referring_organisation_id',
  'referrer_name',
  'referrer_phone',
  'referrer_email',
  'channel',
]

/**
 * Checks made before sending: every required field, so that an empty form reports all that is missing in
 * ONE round (the server would otherwise answer the household's identity only after the consent and the
 * reasons were fixed). In the order of the form, which is the order of the error summary.
 */
export function validateReferral(v: ReferralFormValues, variant: ReferralFormVariant): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  if (variant === 'coordinator') {
    if (!v.referring_organisation_id) errors.referring_organisation_id = ["Choisissez l'organisme qui oriente."]
    if (!v.referrer_name.trim()) errors.referrer_name = ['Indiquez la personne qui oriente.']
    if (!v.channel) errors.channel = ['Indiquez comment la demande a été reçue.']
  }
  // A coordinator may link an existing household instead: its identity is then not asked.
  if (!(variant === 'coordinator' && v.household_id)) {
    if (!v.first_name.trim()) errors['household.first_name'] = ['Indiquez le prénom.']
    if (!v.last_name.trim()) errors['household.last_name'] = ['Indiquez le nom.']
    if (v.postcode.trim() && !/^\d{5}$/.test(v.postcode.trim()))
      errors['household.postcode'] = ['Le code postal a 5 chiffres, par exemple 39100.']
    if (!v.commune.trim()) errors['household.commune'] = ['Indiquez la commune.']
  }
  if (v.reasons.length === 0) errors.reasons = ['Cochez au moins un motif.']
  const cutoff = readDateField(v.cutoff_date).error
  if (cutoff) errors.cutoff_date = [cutoff]
  if (!v.contact_consent)
    errors.contact_consent = ["Cochez cette case : le ménage doit avoir accepté d'être contacté avant l'envoi."]
  return errors
}

/** After a 409 on `refused`, the actions to offer: the API's `allowed` list, without the refused one. */
export function offeredAfterRefusal(refused: string, allowed: readonly string[]): string[] {
  return allowed.filter((a) => a !== refused)
}

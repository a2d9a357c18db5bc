import { todayKey } from '../../lib/datetime'
import { parseFrenchDate } from '../../lib/parse'

/** The longest life of a token the API accepts (expires_in_days ≤ 3 × 365). */
export const MAX_TOKEN_DAYS = 3 * 365

export interface TokenFormValues {
  name: string
  kind: string
  organisationId: string
  scopes: string[]
  /** The expiry date as typed (jj/mm/aaaa). */
  expiresOn: string
}

export interface TokenPayload {
  name: string
  kind: 'landlord' | 'reporting'
  organisation_id: number | null
  scopes: string[]
  expires_in_days: number
}

/** Whole days from `today` ("YYYY-MM-DD") to `iso`; negative when `iso` is earlier. */
export function daysBetween(today: string, iso: string): number {
  const [y1, m1, d1] = today.split('-').map(Number)
  const [y2, m2, d2] = iso.split('-').map(Number)
  return Math.round((Date.UTC(y2, m2 - 1, d2) - Date.UTC(y1, m1 - 1, d1)) / 86_400_000)
}

/**
 * Checks the token form as the API would, with French messages by field, and builds the request: the
 * expiry date becomes a number of days from today (1 to 3 years). `organisationRequired`: a landlord
 * token belongs to a landlord.
 */
export function checkTokenForm(
  v: TokenFormValues,
  { organisationRequired, today = todayKey() }: { organisationRequired: boolean; today?: string },
): { errors: Record<string, string>; payload: TokenPayload | null } {
  const errors: Record<string, string> = {}
  const name = v.name.trim()
  if (!name) errors.name = 'Donnez un nom au jeton (le système ou le script qui l’utilisera).'
  else if (name.length > 200) errors.name = 'Au plus 200 caractères.'
  if (v.kind !== 'landlord' && v.kind !== 'reporting') errors.kind = 'Choisissez le type de jeton.'
  if (organisationRequired && !v.organisationId) errors.organisation_id = 'Choisissez le bailleur auquel ce jeton appartient.'
  if (v.scopes.length === 0) errors.scopes = 'Cochez au moins une portée.'
  let days = 0
  const iso = parseFrenchDate(v.expiresOn)
  if (!iso) errors.expires_on = 'Date d’expiration attendue au format jj/mm/aaaa.'
  else {
    days = daysBetween(today, iso)
    if (days < 1) errors.expires_on = 'La date d’expiration doit être postérieure à aujourd’hui.'
    else if (days > MAX_TOKEN_DAYS) errors.expires_on = 'Un jeton vaut au plus 3 ans : choisissez une date plus proche.'
  }
  if (Object.keys(errors).length > 0) return { errors, payload: null }
  return {
    errors,
    payload: {
      name,
      kind: v.kind as 'landlord' | 'reporting',
      organisation_id: v.organisationId ? Number(v.organisationId) : null,
      scopes: [...v.scopes].sort(),
      expires_in_days: days,
    },
  }
}

/** Where the API's 422 on a field of the request goes in the form. */
export const TOKEN_FIELD_OF: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  organisation_id: 'organisation_id',
  scopes: 'scopes',
  expires_in_days: 'expires_on',
}

export type TokenStatus = 'active' | 'revoked' | 'expired'

/** Revoked wins over expired; a token is active until its expiry instant. */
export function tokenStatus(t: { revoked_at?: string | null; expires_at: string }, now: Date = new Date()): TokenStatus {
  if (t.revoked_at) return 'revoked'
  return new Date(t.expires_at).getTime() <= now.getTime() ? 'expired' : 'active'
}

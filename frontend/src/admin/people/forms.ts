/** Form logic of the administration screens (people, organisations, units, campaigns): pure functions. */
import type { CampaignRead, StaffRole, TerritorialUnitRead, UserRead } from '../../api/types'

export type FieldErrors = Partial<Record<string, string>>

/** The one password policy, as the API checks it (api/schemas/common.py: password_rules). */
export function passwordProblem(value: string): string | null {
  if (value.length < 12) return 'Le mot de passe doit faire au moins 12 caractères.'
  if (/^\p{L}+$/u.test(value) || /^\d+$/.test(value)) return 'Le mot de passe doit mêler lettres et chiffres ou symboles.'
  return null
}

const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/

export interface AccountDraft {
  full_name: string
  email: string
  phone: string
  organisation_id: string
  roles: StaffRole[]
  /** The territorial units the person covers (new referrals of these units); none: the whole département. */
  unit_ids: number[]
  /** invite: a single-use link by e-mail; password: the administrator gives a first password. */
  mode: 'invite' | 'password'
  password: string
}

export const EMPTY_ACCOUNT: AccountDraft = {
  full_name: '',
  email: '',
  phone: '',
  organisation_id: '',
  roles: [],
  unit_ids: [],
  mode: 'invite',
  password: '',
}

export function accountErrors(draft: AccountDraft): FieldErrors {
  const errors: FieldErrors = {}
  if (!draft.full_name.trim()) errors.full_name = 'Indiquez le nom complet.'
  if (!EMAIL.test(draft.email.trim())) errors.email = 'Indiquez une adresse e-mail valide (nom@domaine.fr).'
  if (draft.phone.trim() && !/^\+?[0-9 .()-]{6,20}$/.test(draft.phone.trim()))
    errors.phone = 'Numéro de téléphone invalide.'
  if (!draft.organisation_id) errors.organisation_id = "Choisissez l'organisation."
  if (draft.roles.length === 0) errors.roles = 'Cochez au moins un rôle.'
  if (draft.mode === 'password') {
    const problem = passwordProblem(draft.password)
    if (problem) errors.password = problem
  }
  return errors
}

/** The body of POST /users: no password means an invitation. */
export function accountBody(draft: AccountDraft) {
  return {
    full_name: draft.full_name.trim(),
    email: draft.email.trim(),
    phone: draft.phone.trim() || null,
    organisation_id: Number(draft.organisation_id),
    roles: draft.roles,
    unit_ids: draft.unit_ids,
    ...(draft.mode === 'password' ? { password: draft.password } : {}),
  }
}

export function toggle<T>(list: readonly T[], value: T, on: boolean): T[] {
  return on ? (list.includes(value) ? [...list] : [...list, value]) : list.filter((v) => v !== value)
}

/** What the people list says about an account, most important first. */
export function accountState(user: UserRead, now: Date = new Date()): string {
  if (!user.is_active) return 'Désactivé'
  if (user.locked_until && new Date(user.locked_until) > now) return 'Bloqué (essais infructueux)'
  if (user.invitation_expires_at && new Date(user.invitation_expires_at) > now) return 'Lien de mot de passe en attente'
  return 'Actif'
}

/** Visits to make: households of the chosen units × objective ÷ 1,000, rounded up (as the API computes it). */
export function visitsObjective(units: readonly TerritorialUnitRead[], unitIds: readonly number[], perThousand: string): number | null {
  const rate = Number(perThousand.replace(',', '.'))
  if (!Number.isFinite(rate) || rate <= 0) return null
  const households = units.filter((u) => unitIds.includes(u.id)).reduce((sum, u) => sum + u.households_count, 0)
  // Integer arithmetic on hundredths: 2.00 ‰ of 116 653 households is 233.306, so 234 visits.
  return Math.ceil((households * Math.round(rate * 100)) / 100_000)
}

export interface CampaignDraft {
  year: string
  unit_ids: number[]
  objective_per_thousand: string
  budget_eur: string
  notes: string
}

export function campaignDraft(c: CampaignRead): CampaignDraft {
  return {
    year: String(c.year),
    unit_ids: c.units.map((u) => u.id),
    objective_per_thousand: c.objective_per_thousand.replace('.', ','),
    budget_eur: c.budget_eur ? c.budget_eur.replace('.', ',') : '',
    notes: c.notes,
  }
}

const DECIMAL = /^\d+([.,]\d{1,2})?$/

export function campaignErrors(draft: CampaignDraft): FieldErrors {
  const errors: FieldErrors = {}
  const year = Number(draft.year)
  if (!/^\d{4}$/.test(draft.year.trim()) || year < 2000 || year > 2100) errors.year = 'Année entre 2000 et 2100.'
  if (draft.unit_ids.length === 0) errors.unit_ids = 'Cochez au moins une unité territoriale.'
  const rate = draft.objective_per_thousand.trim()
  if (!DECIMAL.test(rate) || Number(rate.replace(',', '.')) <= 0 || Number(rate.replace(',', '.')) > 1000)
    errors.objective_per_thousand = 'Nombre positif, au plus 2 décimales (par exemple 2 ou 2,5).'
  const budget = draft.budget_eur.replace(/[\s\u202f€]/g, '')
  if (budget && !DECIMAL.test(budget)) errors.budget_eur = 'Montant en euros, au plus 2 décimales (par exemple 123192,50).'
  return errors
}

export function campaignBody(draft: CampaignDraft) {
  const budget = draft.budget_eur.replace(/[\s\u202f€]/g, '').replace(',', '.')
  return {
    unit_ids: draft.unit_ids,
    objective_per_thousand: draft.objective_per_thousand.trim().replace(',', '.'),
    budget_eur: budget || null,
    notes: draft.notes.trim(),
  }
}

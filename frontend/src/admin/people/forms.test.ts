import { describe, expect, it } from 'vitest'
import type { CampaignRead, TerritorialUnitRead, UserRead } from '../../api/types'
import {
  EMPTY_ACCOUNT,
  accountBody,
  accountErrors,
  accountState,
  campaignBody,
  campaignDraft,
  campaignErrors,
  passwordProblem,
  toggle,
  visitsObjective,
} from './forms'

const unit = (id: number, households: number): TerritorialUnitRead => ({
  id, code: `U${id}`, name: `Unité ${id}`, households_count: households, households_source: '', households_year: null, communes_count: 0,
})
const UNITS = [unit(1, 31_250), unit(2, 21_500), unit(3, 40_000), unit(4, 23_903)]

describe('passwordProblem', () => {
  it('follows the API policy: 12 characters, not a single kind', () => {
    expect(passwordProblem('court-1')).toMatch(/12 caractères/)
    expect(passwordProblem('seulementdeslettres')).toMatch(/mêler/)
    expect(passwordProblem('éèàùçôîâêûëï')).toMatch(/mêler/)
    expect(passwordProblem('123456789012')).toMatch(/mêler/)
    expect(passwordProblem('Assez-long-2026')).toBeNull()
  })
})

describe('account form', () => {
  const draft = { ...EMPTY_ACCOUNT, full_name: ' Nadia Conseil ', email: 'n@ajena.demo', organisation_id: '2', roles: ['advisor' as const] }

  it('needs a name, an e-mail, an organisation and a role; a password only when one is given', () => {
    expect(Object.keys(accountErrors(EMPTY_ACCOUNT)).sort()).toEqual(['email', 'full_name', 'organisation_id', 'roles'])
    expect(accountErrors(draft)).toEqual({})
    expect(accountErrors({ ...draft, mode: 'password', password: 'court' }).password).toMatch(/12 caractères/)
    expect(accountErrors({ ...draft, phone: 'abc' }).phone).toBeDefined()
  })

  it('sends no password for an invitation', () => {
    expect(accountBody(draft)).toEqual({ full_name: 'Nadia Conseil', email: 'n@ajena.demo', phone: null, organisation_id: 2, roles: ['advisor'], unit_ids: [] })
    expect(accountBody({ ...draft, mode: 'password', password: 'Assez-long-2026' }).password).toBe('Assez-long-2026')
  })

  it('toggles a value in a list once', () => {
    expect(toggle(['a'], 'a', true)).toEqual(['a'])
    expect(toggle(['a'], 'b', true)).toEqual(['a', 'b'])
    expect(toggle(['a', 'b'], 'a', false)).toEqual(['b'])
  })
})

describe('accountState', () => {
  const now = new Date('2026-11-29T12:00:00Z')
  const user = { is_active: true, locked_until: null, invitation_expires_at: null } as unknown as UserRead
  it('says the most important state first', () => {
    expect(accountState(user, now)).toBe('Actif')
    expect(accountState({ ...user, invitation_expires_at: '2026-12-01T12:00:00Z' }, now)).toBe('Lien de mot de passe en attente')
    expect(accountState({ ...user, locked_until: '2026-11-29T12:05:00Z' }, now)).toBe('Bloqué (essais infructueux)')
    expect(accountState({ ...user, locked_until: '2026-11-29T11:00:00Z' }, now)).toBe('Actif')
    expect(accountState({ ...user, is_active: false, locked_until: '2026-11-29T12:05:00Z' }, now)).toBe('Désactivé')
  })
})

describe('visitsObjective', () => {
  it('rounds up households × rate ÷ 1,000 like the API', () => {
    // Whole Jura: 116 653 × 2 ÷ 1 000 = 233.306 → 234.
    expect(visitsObjective(UNITS, [1, 2, 3, 4], '2')).toBe(234)
    // Units 1 and 2: 52 750 × 2 ÷ 1 000 = 105.5 → 106; with 2,5 ‰: 131.875 → 132.
    expect(visitsObjective(UNITS, [1, 2], '2')).toBe(106)
    expect(visitsObjective(UNITS, [1, 2], '2,5')).toBe(132)
    expect(visitsObjective(UNITS, [], '2')).toBe(0)
    expect(visitsObjective(UNITS, [1], 'abc')).toBeNull()
  })
})

describe('campaign form', () => {
  const campaign: CampaignRead = {
    id: 3, year: 2026, objective_per_thousand: '2.00', budget_eur: '123192.50', notes: '',
    units: [{ id: 1, name: 'Unité 1' }], households_in_scope: 31_250, visits_objective: 63,
  }
  it('round-trips a campaign through the French draft', () => {
    const draft = campaignDraft(campaign)
    expect(draft).toMatchObject({ objective_per_thousand: '2,00', budget_eur: '123192,50', unit_ids: [1] })
    expect(campaignErrors(draft)).toEqual({})
    expect(campaignBody({ ...draft, unit_ids: [1, 2], budget_eur: '123 192,50 €' })).toEqual({
      unit_ids: [1, 2], objective_per_thousand: '2.00', budget_eur: '123192.50', notes: '',
    })
    expect(campaignBody({ ...draft, budget_eur: '' }).budget_eur).toBeNull()
  })
  it('refuses no unit, a bad rate, a bad year and a bad budget', () => {
    const errors = campaignErrors({ year: '26', unit_ids: [], objective_per_thousand: '0', budget_eur: '12,345', notes: '' })
    expect(Object.keys(errors).sort()).toEqual(['budget_eur', 'objective_per_thousand', 'unit_ids', 'year'])
  })
})

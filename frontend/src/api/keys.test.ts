import { partialMatchKey, QueryClient, type QueryKey } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { agendaKeys, freeSlotKeys } from './agenda'
import { followUpKeys } from './followup'
import { householdKeys } from './households'
import { referralKeys } from './referrals'
import { visitKeys } from './visits'

/** Whether invalidating `prefix` reaches `key` (the rule TanStack Query applies). */
const reaches = (prefix: QueryKey, key: QueryKey) => partialMatchKey(key, prefix)

describe('key factories', () => {
  it('households: a write re-reads the lists without the records, a record with its timeline', () => {
    const filters = { q: 'dupont', status: 'open' as const, offset: 25 }
    expect(householdKeys.list(filters)).toEqual(['households', filters])
    expect(householdKeys.detail(5)).toEqual(['household', 5])
    expect(reaches(householdKeys.lists(), householdKeys.list(filters))).toBe(true)
    expect(reaches(householdKeys.lists(), householdKeys.detail(5))).toBe(false)
    expect(reaches(householdKeys.detail(5), householdKeys.timeline(5))).toBe(true)
    expect(reaches(householdKeys.detail(5), householdKeys.detail(6))).toBe(false)
  })

  it('referrals: the lists include the referrer’s own, not the referrals the SLIME team reads', () => {
    expect(referralKeys.myDetail(4)).toEqual(['referrals', 'mine', 4])
    for (const key of [referralKeys.mine(), referralKeys.myDetail(4), referralKeys.list({ status: 'received' })])
      expect(reaches(referralKeys.lists(), key)).toBe(true)
    expect(reaches(referralKeys.lists(), referralKeys.detail(4))).toBe(false)
    expect(reaches(referralKeys.details(), referralKeys.detail(4))).toBe(true)
  })

  it('agenda: every week of every person, and the usual partner kept apart', () => {
    expect(reaches(agendaKeys.all(), agendaKeys.week([2, 3], '2026-03-02', '2026-03-08'))).toBe(true)
    expect(reaches(agendaKeys.all(), agendaKeys.usualPartner([2, 3], '2026-02-01', '2026-03-31'))).toBe(false)
    expect(reaches(freeSlotKeys.all(), freeSlotKeys.day([2, 3], '2026-03-02', 120))).toBe(true)
  })

  it('follow-up: the board under every orientation query; one household’s follow-up alone', () => {
    expect(reaches(followUpKeys.orientations(), followUpKeys.board({ due: 'overdue' }))).toBe(true)
    expect(reaches(followUpKeys.detail(5), followUpKeys.detail(6))).toBe(false)
  })

  it('keys of the same filters are equal, so a page and its pagination share one cache entry', () => {
    const client = new QueryClient()
    client.setQueryData(householdKeys.list({ q: 'a', offset: 0 }), { items: [], total: 0 })
    // Another object with the same filters (in another order) finds the same entry.
    expect(client.getQueryData(householdKeys.list({ offset: 0, q: 'a' }))).toEqual({ items: [], total: 0 })
    expect(visitKeys.briefing(9)).toEqual(['briefing', 9])
  })
})

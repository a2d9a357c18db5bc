import { describe, expect, it } from 'vitest'
import {
  auditApiQuery,
  auditFiltersFromParams,
  auditParamsFromFilters,
  dateRangeError,
  eventCount,
  hasFilters,
} from './auditFilters'

describe('audit filters ↔ address', () => {
  it('reads every filter from the address and writes it back the same', () => {
    const params = new URLSearchParams('personne=5&menage=12&action=read&type=social_diagnostic&du=2026-03-01&au=2026-03-31&q=jacq&offset=25')
    const f = auditFiltersFromParams(params)
    expect(f).toEqual({
      actor_id: 5, household_id: 12, action: 'read', entity: 'social_diagnostic', from: '2026-03-01',
      to: '2026-03-31', q: 'jacq', offset: 25,
    })
    expect(auditParamsFromFilters(f).toString()).toBe(params.toString())
  })

  it('ignores malformed values instead of sending them to the API', () => {
    const f = auditFiltersFromParams(new URLSearchParams('personne=abc&menage=-3&action=DROP TABLE&du=1/3/2026&offset=0&q=%20%20'))
    expect(f).toEqual({})
    expect(hasFilters(f)).toBe(false)
  })

  it('leaves empty filters and the first page out of the address', () => {
    expect(auditParamsFromFilters({ action: '', offset: 0, q: undefined }).toString()).toBe('')
    expect(hasFilters({ offset: 50 })).toBe(false)
    expect(hasFilters({ entity: 'report' })).toBe(true)
  })

  it('maps the filters to the API query (dates as from/to, no paging)', () => {
    expect(auditApiQuery({ actor_id: 2, from: '2026-01-01', to: '2026-01-31', offset: 50 })).toEqual({
      actor_id: 2, household_id: undefined, action: undefined, entity: undefined, from: '2026-01-01',
      to: '2026-01-31', q: undefined,
    })
  })

  it('refuses a range that ends before it starts', () => {
    expect(dateRangeError('2026-03-10', '2026-03-09')).toBe('La date de début doit précéder la date de fin.')
    expect(dateRangeError('2026-03-10', '2026-03-10')).toBeNull()
    expect(dateRangeError(undefined, '2026-03-09')).toBeNull()
  })

  it('counts events in French', () => {
    expect(eventCount(0)).toBe('0 événement')
    expect(eventCount(1)).toBe('1 événement')
    expect(eventCount(1234)).toMatch(/^1\s234 événements$/)
  })
})

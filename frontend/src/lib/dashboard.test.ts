import { describe, expect, it } from 'vitest'
import type { CampaignRead } from '../api/types'
import {
  countChartData,
  crossTabHasSuppressed,
  cumulative,
  dashboardFiltersFromParams,
  dashboardParamsFromFilters,
  fallbackFilename,
  filenameFromDisposition,
  formatCount,
  formatDays,
  formatPct,
  monthsElapsed,
  pickCampaign,
  reportQuery,
  rowsHaveSuppressed,
  sumOfAmounts,
  sumOfPublished,
  validUnitId,
} from './dashboard'

const campaign = (year: number, unitIds: number[]): CampaignRead => ({
  id: year,
  year,
  objective_per_thousand: '2.00',
  budget_eur: null,
  notes: '',
  units: unitIds.map((id) => ({ id, name: `Unité ${id}` })),
  households_in_scope: 1000,
  visits_objective: 2,
})

describe('cumulative series', () => {
  it('adds the months up', () => {
    expect(cumulative([1, 0, 2, 3])).toEqual([1, 1, 3, 6])
  })
  it('leaves the months not begun yet empty', () => {
    expect(cumulative([1, 2, 0, 0, 0], 2)).toEqual([1, 3, null, null, null])
    expect(cumulative([4, 1], 0)).toEqual([null, null])
  })
  it('leaves the running total unknown after a hidden month, unless the total gives it back', () => {
    expect(cumulative([6, null, 7, null, 0])).toEqual([6, null, null, null, null])
    // Published total 20: the months after the last hidden one are known, so their running totals are.
    expect(cumulative([6, null, 7, null, 0, 5], 6, 20)).toEqual([6, null, null, 15, 15, 20])
    expect(cumulative([6, null, 7, null, 0, 5], 4, 20)).toEqual([6, null, null, 15, null, null])
    expect(cumulative([6, null, 7, null], 4, null)).toEqual([6, null, null, null])
  })
  it('sums only fully published figures', () => {
    expect(sumOfPublished([5, 0, 7])).toBe(12)
    expect(sumOfPublished([5, null, 7])).toBeNull()
    expect(sumOfAmounts(['0.10', '0.20', '1234.5'])).toBe(1234.8)
    expect(sumOfAmounts(['10.00', null])).toBeNull()
  })
  it('counts the months begun in the year shown', () => {
    const today = new Date(2026, 10, 28) // 28 November 2026
    expect(monthsElapsed(2026, today)).toBe(11)
    expect(monthsElapsed(2025, today)).toBe(12)
    expect(monthsElapsed(2027, today)).toBe(0)
  })
})

describe('suppressed counts', () => {
  it('shows « < 5 » for a suppressed count and French digits otherwise', () => {
    expect(formatCount(null)).toBe('< 5')
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1234)).toBe('1\u202f234')
  })
  it('detects suppressed rows and cells', () => {
    const rows = [
      { key: 'caf', label: 'CAF', count: 9 },
      { key: 'ccas', label: 'CCAS', count: null },
    ]
    expect(rowsHaveSuppressed(rows)).toBe(true)
    expect(rowsHaveSuppressed(rows.slice(0, 1))).toBe(false)
    expect(crossTabHasSuppressed({ rows: ['a'], columns: ['x', 'y'], cells: [[0, null]] })).toBe(true)
    expect(crossTabHasSuppressed({ rows: ['a'], columns: ['x'], cells: [[7]] })).toBe(false)
  })
  it('draws no bar for a suppressed row and marks its label', () => {
    expect(
      countChartData([
        { key: 'caf', label: 'CAF', count: 9 },
        { key: 'ccas', label: 'CCAS', count: null },
      ]),
    ).toEqual({ labels: ['CAF', 'CCAS (< 5)'], values: [9, null] })
  })
})

describe('French figures', () => {
  it('formats percentages already in percent and days', () => {
    expect(formatPct('85.7')).toBe('85,7\u202f%')
    expect(formatPct('0.0')).toBe('0\u202f%')
    expect(formatPct(null)).toBe('–')
    expect(formatDays('20.6')).toBe('20,6\u202fj')
    expect(formatDays(null)).toBe('–')
  })
})

describe('filters and query', () => {
  it('reads the URL, dropping what is not valid', () => {
    expect(dashboardFiltersFromParams(new URLSearchParams('annee=2025&unite=3'))).toEqual({ year: 2025, unit_id: 3 })
    expect(dashboardFiltersFromParams(new URLSearchParams('annee=25&unite=-1'))).toEqual({})
    expect(dashboardFiltersFromParams(new URLSearchParams('annee=2026abc&unite=x'))).toEqual({})
  })
  it('round-trips through the URL', () => {
    const f = { year: 2026, unit_id: 2 }
    expect(dashboardFiltersFromParams(dashboardParamsFromFilters(f))).toEqual(f)
    expect(dashboardParamsFromFilters({ year: 2026 }).toString()).toBe('annee=2026')
  })
  it('sends unit_id only when a unit is chosen', () => {
    expect(reportQuery(undefined, 'json')).toEqual({ format: 'json' })
    expect(reportQuery(2, 'xlsx')).toEqual({ unit_id: 2, format: 'xlsx' })
  })
  it('picks the campaign asked for, else the current year, else the newest', () => {
    const list = [campaign(2026, [1, 2]), campaign(2025, [3, 4])]
    const today = new Date(2026, 5, 1)
    expect(pickCampaign(list, 2025, today)?.year).toBe(2025)
    expect(pickCampaign(list, 2019, today)?.year).toBe(2026)
    expect(pickCampaign(list, undefined, new Date(2030, 0, 1))?.year).toBe(2026)
    expect(pickCampaign([], 2026, today)).toBeUndefined()
  })
  it('keeps the unit only if it belongs to the campaign', () => {
    expect(validUnitId(campaign(2026, [1, 2]), 2)).toBe(2)
    expect(validUnitId(campaign(2026, [1, 2]), 3)).toBeUndefined()
    expect(validUnitId(undefined, 2)).toBeUndefined()
  })
})

describe('download names', () => {
  it('uses the name suggested by the server', () => {
    expect(filenameFromDisposition('attachment; filename="bilan-slime-2026.xlsx"', 'x')).toBe('bilan-slime-2026.xlsx')
    expect(filenameFromDisposition("attachment; filename*=UTF-8''bilan%20d%C3%A9partement.csv", 'x')).toBe(
      'bilan département.csv',
    )
    expect(filenameFromDisposition('attachment; filename=cas.csv', 'x')).toBe('cas.csv')
    expect(filenameFromDisposition('attachment; filename="../../etc/passwd"', 'x')).toBe('.._.._etc_passwd')
  })
  it('falls back to a name of its own', () => {
    expect(filenameFromDisposition(null, 'bilan.json')).toBe('bilan.json')
    expect(fallbackFilename('report', 2026, 'xlsx', 2)).toBe('bilan-slime-2026-unite-2.xlsx')
    expect(fallbackFilename('cases', 2025, 'csv', 2)).toBe('cas-slime-2025.csv')
  })
})

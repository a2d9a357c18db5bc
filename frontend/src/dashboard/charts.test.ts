import { describe, expect, it } from 'vitest'
import type { UnitProgress } from '../api/types'
import { barChartHeight, countChartConfig, PALETTE, progressChartConfig } from './charts'

const unit = (id: number, name: string, objective: string, months: (number | null)[]): UnitProgress => ({
  unit_id: id,
  unit: name,
  households_count: 1000,
  objective_visits: objective,
  visits_done: months.some((n) => n === null) ? null : months.reduce<number>((a, b) => a + (b ?? 0), 0),
  share_of_objective_pct: null,
  visits_by_month: months,
})

describe('progress chart', () => {
  const months = [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0]
  const config = progressChartConfig([unit(2, 'Champagnole', '37.3', months), unit(1, 'Dole', '68.2', Array(12).fill(0))], 3)

  it('draws, per unit, the cumulative visits and the objective as a flat line of the same colour', () => {
    const ds = config.data.datasets
    expect(ds.map((d) => d.label)).toEqual([
      'Champagnole : visites cumulées',
      'Champagnole : objectif (37,3)',
      'Dole : visites cumulées',
      'Dole : objectif (68,2)',
    ])
    expect(ds[0].data).toEqual([1, 1, 3, null, null, null, null, null, null, null, null, null])
    expect(new Set(ds[1].data)).toEqual(new Set([37.3]))
    expect(ds[1].borderColor).toBe(ds[0].borderColor)
    expect(ds[2].borderColor).toBe(PALETTE[1])
    expect(config.data.labels).toHaveLength(12)
  })
  it('breaks the line where a running total is hidden (statistical secrecy)', () => {
    const hidden = progressChartConfig([unit(3, 'Lons', '20', [6, null, 7, null, 0, 0, 0, 0, 0, 0, 0, 0])], 3)
    expect(hidden.data.datasets[0].data).toEqual([6, null, null, null, null, null, null, null, null, null, null, null])
  })
  it('never animates and uses the French locale', () => {
    expect(config.options?.animation).toBe(false)
    expect(config.options?.locale).toBe('fr-FR')
  })
})

describe('count chart', () => {
  it('has horizontal bars, none for a suppressed count', () => {
    const config = countChartConfig(
      [
        { key: 'caf', label: 'CAF', count: 9 },
        { key: 'ccas', label: 'CCAS', count: null },
      ],
      'Demandes',
    )
    expect(config.options?.indexAxis).toBe('y')
    expect(config.data.labels).toEqual(['CAF', 'CCAS (< 5)'])
    expect(config.data.datasets[0].data).toEqual([9, null])
  })
  it('grows with the number of bars', () => {
    expect(barChartHeight(1)).toBe(140)
    expect(barChartHeight(6)).toBeGreaterThan(barChartHeight(3))
  })
})

/** Chart.js configurations of the dashboard, built from the report (pure functions, tested). */
import type { ChartConfiguration } from 'chart.js'
import type { CountRow, UnitProgress } from '../api/types'
import { countChartData, cumulative, MONTH_SHORT } from '../lib/dashboard'
import { formatDecimal } from '../lib/format'

/** Distinct colours with at least 4.5:1 contrast on white. */
export const PALETTE = ['#1d4f91', '#b34700', '#1e6b34', '#7b1fa2', '#00695c', '#ad1457', '#455a64', '#5d4037']

const FONT = { family: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif" }

/**
 * Cumulative visits by month per unit (solid lines) with each unit's objective (dashed line of
 * the same colour). Months not begun yet, and running totals hidden by statistical secrecy, are left empty.
 */
export function progressChartConfig(units: readonly UnitProgress[], monthsDone: number): ChartConfiguration<'line'> {
  const datasets = units.flatMap((u, i) => {
    const color = PALETTE[i % PALETTE.length]
    const objective = Number(u.objective_visits)
    return [
      {
        label: `${u.unit} : visites cumulées`,
        // Months whose running total is hidden (statistical secrecy) are null: the line breaks there.
        data: cumulative(u.visits_by_month, monthsDone, u.visits_done),
        spanGaps: false,
        borderColor: color,
        backgroundColor: color,
        borderWidth: 2,
        pointRadius: 3,
        tension: 0,
      },
      {
        label: `${u.unit} : objectif (${formatDecimal(u.objective_visits)})`,
        data: MONTH_SHORT.map(() => (Number.isFinite(objective) ? objective : null)),
        borderColor: color,
        backgroundColor: color,
        borderDash: [6, 4],
        borderWidth: 1.5,
        pointRadius: 0,
        tension: 0,
      },
    ]
  })
  return {
    type: 'line',
    data: { labels: [...MONTH_SHORT], datasets },
    options: {
      locale: 'fr-FR',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      scales: {
        y: { beginAtZero: true, title: { display: true, text: 'Visites (cumul)', font: FONT }, ticks: { precision: 0 } },
      },
      plugins: { legend: { position: 'bottom', labels: { font: FONT } } },
    },
  }
}

/** Horizontal bars of a count table; suppressed rows have no bar and « (< 5) » in their label. */
export function countChartConfig(rows: readonly CountRow[], axisTitle: string, colorIndex = 0): ChartConfiguration<'bar'> {
  const { labels, values } = countChartData(rows)
  const color = PALETTE[colorIndex % PALETTE.length]
  return {
    type: 'bar',
    data: { labels, datasets: [{ label: axisTitle, data: values, backgroundColor: color, borderColor: color }] },
    options: {
      indexAxis: 'y',
      locale: 'fr-FR',
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { beginAtZero: true, title: { display: true, text: axisTitle, font: FONT }, ticks: { precision: 0 } },
        y: { ticks: { font: FONT } },
      },
      plugins: { legend: { display: false } },
    },
  }
}

/** Height of a bar chart for `n` bars, in pixels (room for the labels, never tiny). */
export function barChartHeight(n: number): number {
  return Math.max(140, 48 + n * 34)
}

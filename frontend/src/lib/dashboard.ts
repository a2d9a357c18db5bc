import { MONTH_NAMES } from './datetime'
/**
 * Data shaping for the managers' dashboard (« Bilan d'activité »): URL filters, API query,
 * cumulative series for the charts, suppressed counts (statistical secrecy) and download names.
 */
import type { CampaignRead, CountRow, CrossTab } from '../api/types'
import { formatDecimal, formatInteger, NNBSP } from './format'

export type ReportFormat = 'json' | 'csv' | 'xlsx'

export interface DashboardFilters {
  year?: number
  unit_id?: number
}

/** Shown instead of a count the API hides (null): 1 to 4, or hidden with one (statistical secrecy). */
export const SUPPRESSED = '< 5'
/** Shown instead of a total or a running total that would include a hidden count. */
export const MASKED = 'masqué'
export const SUPPRESSED_NOTE =
  'Secret statistique : effectifs de 1 à 4 masqués (« < 5 »), pour qu’aucun ménage ne puisse être reconnu. ' +
  'Un autre effectif peut aussi être masqué pour qu’on ne puisse pas les retrouver par différence avec un total ; ' +
  'les totaux et cumuls qui en dépendent sont alors « masqué ».'

export const MONTH_SHORT = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.']
/** Full month names, for screen readers. */
export const MONTH_LONG = MONTH_NAMES

function positiveInt(value: string | null): number | undefined {
  if (!value || !/^\d{1,9}$/.test(value)) return undefined
  const n = Number(value)
  return n > 0 ? n : undefined
}

/** `?annee=2026&unite=2` -> { year: 2026, unit_id: 2 }; anything else is dropped. */
export function dashboardFiltersFromParams(params: URLSearchParams): DashboardFilters {
  const f: DashboardFilters = {}
  const year = positiveInt(params.get('annee'))
  if (year && year >= 2000 && year <= 2100) f.year = year
  const unit = positiveInt(params.get('unite'))
  if (unit) f.unit_id = unit
  return f
}

export function dashboardParamsFromFilters(f: DashboardFilters): URLSearchParams {
  const p = new URLSearchParams()
  if (f.year) p.set('annee', String(f.year))
  if (f.unit_id) p.set('unite', String(f.unit_id))
  return p
}

/**
 * The campaign shown: the one asked for if it exists, else the current year's, else the newest.
 * Undefined when there is no campaign at all.
 */
export function pickCampaign(
  campaigns: readonly CampaignRead[],
  year: number | undefined,
  today: Date = new Date(),
): CampaignRead | undefined {
  const byYear = (y: number) => campaigns.find((c) => c.year === y)
  return (
    (year !== undefined ? byYear(year) : undefined) ??
    byYear(today.getFullYear()) ??
    [...campaigns].sort((a, b) => b.year - a.year)[0]
  )
}

/** The unit filter only applies if the unit belongs to the campaign. */
export function validUnitId(campaign: CampaignRead | undefined, unitId: number | undefined): number | undefined {
  return campaign && unitId && campaign.units.some((u) => u.id === unitId) ? unitId : undefined
}

/** Query string of GET /reporting/annual/{year}: `unit_id` only when a unit is chosen. */
export function reportQuery(unitId: number | undefined, format: ReportFormat): { unit_id?: number; format: ReportFormat } {
  return unitId ? { unit_id: unitId, format } : { format }
}

/** Months of `year` already begun: 12 for a past year, 0 for a future one. */
export function monthsElapsed(year: number, today: Date = new Date()): number {
  const current = today.getFullYear()
  if (year < current) return 12
  if (year > current) return 0
  return today.getMonth() + 1
}

/**
 * Running total of monthly counts; months not begun yet (index >= upTo) are null (no point drawn).
 * A hidden month (null, statistical secrecy) makes the running total unknown from that month on,
 * unless the year's total is published and every later month is: it is then the total minus them.
 */
export function cumulative(
  monthly: readonly (number | null)[],
  upTo = monthly.length,
  total: number | null = null,
): (number | null)[] {
  const out: (number | null)[] = []
  let sum: number | null = 0
  monthly.forEach((n) => {
    sum = sum === null || n === null ? null : sum + n
    out.push(sum)
  })
  if (total !== null) {
    // Backwards from the total: the running total at month i is the total less the months after it.
    let rest: number | null = total
    for (let i = monthly.length - 1; i >= 0 && rest !== null; i--) {
      if (out[i] === null) out[i] = rest
      const n = monthly[i]
      rest = n === null ? null : rest - n
    }
  }
  return out.map((v, i) => (i < upTo ? v : null))
}

/** The sum of counts, or null (hidden) if any of them is hidden: publishing it would reveal them. */
export function sumOfPublished(values: readonly (number | null)[]): number | null {
  let sum = 0
  for (const v of values) {
    if (v === null) return null
    sum += v
  }
  return sum
}

/** Sum of decimal amounts (strings); null if any is hidden. */
export function sumOfAmounts(values: readonly (string | null)[]): number | null {
  let cents = 0
  for (const v of values) {
    if (v === null) return null
    cents += Math.round(Number(v) * 100)
  }
  return cents / 100
}

/** A count for display: « < 5 » when suppressed (null), French digits otherwise. */
export function formatCount(count: number | null | undefined): string {
  return count === null || count === undefined ? SUPPRESSED : formatInteger(count)
}

/** A percentage already in percent ("85.7") -> "85,7 %"; « – » when unknown. */
export function formatPct(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '–'
  return `${formatDecimal(value)}${NNBSP}%`
}

/** A number of days ("20.6") -> "20,6 j"; « – » when there are no cases. */
export function formatDays(value: string | null | undefined): string {
  return value === null || value === undefined || value === '' ? '–' : `${formatDecimal(value)}${NNBSP}j`
}

export function rowsHaveSuppressed(rows: readonly CountRow[]): boolean {
  return rows.some((r) => r.count === null)
}

export function crossTabHasSuppressed(tab: CrossTab): boolean {
  return tab.cells.some((row) => row.some((c) => c === null))
}

/** Bars of a count chart: suppressed rows get no bar and a « (< 5) » mark in their label. */
export function countChartData(rows: readonly CountRow[]): { labels: string[]; values: (number | null)[] } {
  return {
    labels: rows.map((r) => (r.count === null ? `${r.label} (${SUPPRESSED})` : r.label)),
    values: rows.map((r) => r.count),
  }
}

/** `attachment; filename="bilan-slime-2026.xlsx"` (or RFC 5987 `filename*=`) -> the file name. */
export function filenameFromDisposition(header: string | null | undefined, fallback: string): string {
  if (!header) return fallback
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (extended) {
    try {
      return decodeURIComponent(extended[1].trim())
    } catch {
      /* fall through to the plain form */
    }
  }
  const plain = /filename\s*=\s*"([^"]+)"|filename\s*=\s*([^;\s]+)/.exec(header)
  const name = plain?.[1] ?? plain?.[2]
  return name ? name.replace(/[/\\]/g, '_') : fallback
}

/** Name used if the server sends no Content-Disposition. */
export function fallbackFilename(kind: 'report' | 'cases', year: number, format: ReportFormat, unitId?: number): string {
  const base = kind === 'report' ? `bilan-slime-${year}` : `cas-slime-${year}`
  return `${base}${kind === 'report' && unitId ? `-unite-${unitId}` : ''}.${format}`
}

/**
 * Dates and times of the agenda. The API speaks UTC; people read Europe/Paris local time.
 * "Date keys" are calendar dates "YYYY-MM-DD" (no time zone), used for weeks and date inputs.
 * Names of days and months are spelled here, so the output does not depend on the runtime's ICU data.
 */

export const TIME_ZONE = 'Europe/Paris'

const DAY_NAMES = ['dimanche', 'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi']
export const MONTH_NAMES = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
]

const pad2 = (n: number) => String(n).padStart(2, '0')

interface LocalParts {
  year: number
  month: number
  day: number
  hour: number
  minute: number
}

let partsFormatter: Intl.DateTimeFormat | null = null

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value)
  return Number.isNaN(d.getTime()) ? null : d
}

/** Wall-clock parts of an instant in Paris. */
export function parisParts(instant: Date): LocalParts {
  partsFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const parts = partsFormatter.formatToParts(instant)
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0)
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute') }
}

/** Minutes to add to UTC to get Paris time at this instant (60 in winter, 120 in summer). */
export function parisOffsetMinutes(instant: Date): number {
  const p = parisParts(instant)
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute)
  const truncated = Math.floor(instant.getTime() / 60_000) * 60_000
  return Math.round((asUtc - truncated) / 60_000)
}

/** "2026-03-30T07:00:00Z" -> "09:00" (Paris). */
export function formatTime(value: string | Date | null | undefined): string {
  if (!value) return ''
  const d = toDate(value)
  if (!d) return ''
  const p = parisParts(d)
  return `${pad2(p.hour)}:${pad2(p.minute)}`
}

/** Calendar date in Paris of an instant, as a date key "YYYY-MM-DD". */
export function parisDateKey(value: string | Date): string {
  const d = toDate(value)
  if (!d) return ''
  const p = parisParts(d)
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`
}

/** Today in Paris, as a date key. */
export function todayKey(now: Date = new Date()): string {
  return parisDateKey(now)
}

function keyToUtc(key: string): Date {
  const [y, m, d] = key.split('-').map(Number)
  return new Date(Date.UTC(y, m - 1, d))
}

function utcToKey(d: Date): string {
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

export function isDateKey(value: string | null | undefined): value is string {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  return utcToKey(keyToUtc(value)) === value
}

export function addDays(key: string, days: number): string {
  const d = keyToUtc(key)
  d.setUTCDate(d.getUTCDate() + days)
  return utcToKey(d)
}

/** 0 = Monday … 6 = Sunday. */
export function isoWeekday(key: string): number {
  return (keyToUtc(key).getUTCDay() + 6) % 7
}

/** The Monday of the week holding this date. */
export function mondayOf(key: string): string {
  return addDays(key, -isoWeekday(key))
}

/** Monday → Friday (or `count` days) of the week starting at `monday`. */
export function weekDays(monday: string, count = 5): string[] {
  return Array.from({ length: count }, (_, i) => addDays(monday, i))
}

/** Whole weeks from the week of `from` to the week of `to` (negative if earlier). */
export function weeksBetween(from: string, to: string): number {
  const ms = keyToUtc(mondayOf(to)).getTime() - keyToUtc(mondayOf(from)).getTime()
  return Math.round(ms / (7 * 86_400_000))
}

/** "2026-03-30" -> "30/03/2026". */
export function formatDateKey(key: string): string {
  if (!isDateKey(key)) return ''
  const [y, m, d] = key.split('-')
  return `${d}/${m}/${y}`
}

/** "2026-03-30" -> "lundi 30 mars". */
export function formatDayName(key: string, withYear = false): string {
  const d = keyToUtc(key)
  const text = `${DAY_NAMES[d.getUTCDay()]} ${d.getUTCDate()} ${MONTH_NAMES[d.getUTCMonth()]}`
  return withYear ? `${text} ${d.getUTCFullYear()}` : text
}

/** "2026-12-01" -> "mardi 01/12/2026". */
export function formatWeekdayDate(key: string): string {
  if (!isDateKey(key)) return ''
  return `${DAY_NAMES[keyToUtc(key).getUTCDay()]} ${formatDateKey(key)}`
}

/** "2026-03-30T07:00:00Z" -> "30/03/2026 à 09:00" (Paris). */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return ''
  const d = toDate(value)
  if (!d) return ''
  return `${formatDateKey(parisDateKey(d))} à ${formatTime(d)}`
}

/** "lundi 30 mars 2026, 09:00 – 11:00" for a visit. */
export function formatSlot(start: string, end?: string | null): string {
  const day = formatDayName(parisDateKey(start), true)
  return end ? `${day}, ${formatTime(start)} – ${formatTime(end)}` : `${day}, ${formatTime(start)}`
}

/**
 * A Paris wall-clock date and time -> ISO 8601 with its offset, e.g.
 * ("2026-03-30", "09:00") -> "2026-03-30T09:00:00+02:00". A time skipped by the spring change
 * (02:30 on the last Sunday of March) is moved forward by the gap, as clocks do.
 */
export function parisLocalToIso(dateKey: string, time: string): string {
  const m = /^(\d{2}):(\d{2})$/.exec(time)
  if (!isDateKey(dateKey) || !m) return ''
  const [y, mo, d] = dateKey.split('-').map(Number)
  const wall = Date.UTC(y, mo - 1, d, Number(m[1]), Number(m[2]))
  // Two passes: the offset at the guessed instant, then at the corrected one.
  let offset = parisOffsetMinutes(new Date(wall - 60 * 60_000))
  offset = parisOffsetMinutes(new Date(wall - offset * 60_000))
  const instant = new Date(wall - offset * 60_000)
  const p = parisParts(instant)
  const actual = parisOffsetMinutes(instant)
  const sign = actual >= 0 ? '+' : '-'
  const abs = Math.abs(actual)
  return (
    `${p.year}-${pad2(p.month)}-${pad2(p.day)}T${pad2(p.hour)}:${pad2(p.minute)}:00` +
    `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`
  )
}

/**
 * French display helpers. Deterministic (no dependency on the ICU data of the runtime):
 * thousands are grouped with a narrow no-break space (U+202F), the euro sign is preceded by a
 * no-break space (U+00A0), the decimal separator is a comma.
 */

export const NNBSP = '\u202f'
export const NBSP = '\u00a0'

const pad2 = (n: number) => String(n).padStart(2, '0')

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP)
}

/**
 * "2024-03-05" or "2024-03-05T10:00:00Z" -> "05/03/2024".
 * Date-only strings are taken as calendar dates (no time-zone shift); date-times are shown in
 * the Europe/Paris calendar day, which is what users in the Jura expect.
 */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  if (typeof value === 'string') {
    const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
    if (dateOnly) return `${dateOnly[3]}/${dateOnly[2]}/${dateOnly[1]}`
  }
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return ''
  try {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Paris',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(d)
    const get = (t: string) => parts.find((p) => p.type === t)?.value ?? ''
    return `${get('day')}/${get('month')}/${get('year')}`
  } catch {
    return `${pad2(d.getUTCDate())}/${pad2(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`
  }
}

/**
 * A decimal as sent by the API ("2.1", "1.30", 72.5) -> French "2,1", "1,3", "72,5".
 * Trailing zeros of the fractional part are dropped; thousands are grouped.
 */
export function formatDecimal(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const s = typeof value === 'number' ? String(value) : value.trim()
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s)
  if (!m) return s
  const [, sign, intPart, frac = ''] = m
  const fracTrimmed = frac.replace(/0+$/, '')
  const grouped = groupThousands(intPart.replace(/^0+(?=\d)/, ''))
  return `${sign}${grouped}${fracTrimmed ? `,${fracTrimmed}` : ''}`
}

/** 1234.56 or "1234.5" -> "1 234,56 €" (always two decimals). */
export function formatAmount(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) return String(value)
  const negative = n < 0
  const cents = Math.round(Math.abs(n) * 100)
  const intPart = Math.floor(cents / 100).toString()
  const frac = pad2(cents % 100)
  return `${negative ? '-' : ''}${groupThousands(intPart)},${frac}${NBSP}€`
}

/**
 * User input in French ("72,5", "1 234,5") -> API decimal string ("72.5", "1234.5").
 * Returns the trimmed input unchanged if it does not look like a number, so the server can
 * report the error next to the field.
 */
export function parseFrenchDecimal(input: string): string {
  const s = input.trim().replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
  return s
}

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

/**
 * A ratio as sent by the API ("0.1033") -> French percentage with one decimal ("10,3 %"), the
 * percent sign after a narrow no-break space. Half-up rounding on the decimal digits, so the
 * result is the same in every runtime.
 */
export function formatPercent(ratio: string | number | null | undefined, decimals = 1): string {
  if (ratio === null || ratio === undefined || ratio === '') return ''
  const n = typeof ratio === 'number' ? ratio : Number(ratio)
  if (!Number.isFinite(n)) return String(ratio)
  const factor = 10 ** decimals
  // Round the percentage (ratio × 100) half up, working on an integer to avoid 0.1 + 0.2 effects.
  const scaled = Math.round(Number((Math.abs(n) * 100 * factor).toFixed(6)))
  const intPart = Math.floor(scaled / factor).toString()
  const frac = decimals ? `,${String(scaled % factor).padStart(decimals, '0')}` : ''
  return `${n < 0 ? '-' : ''}${intPart}${frac}${NNBSP}%`
}

/** A whole number of kWh, m², days... ("3250" or 3250.4) -> "3 250". */
export function formatInteger(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const n = typeof value === 'number' ? value : Number(value)
  if (!Number.isFinite(n)) return String(value)
  return `${n < 0 ? '-' : ''}${groupThousands(Math.round(Math.abs(n)).toString())}`
}

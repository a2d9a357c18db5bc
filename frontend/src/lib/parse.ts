/**
 * Strict parsers for what people type the French way. Each returns the API form, or null when the
 * input cannot be read (the caller shows a message next to the field and sends nothing).
 */

const SPACES = /[\s\u00a0\u202f]/g

/**
 * "1 234,56", "1234,56", "1234.56", "95" -> "1234.56", "1234.56", "1234.56", "95".
 * Spaces (ordinary, no-break, narrow no-break) may group thousands; the decimal separator is a
 * comma (or a dot). At most `maxDecimals` decimals. Negative numbers, letters, two separators
 * ("1.234,5") and empty input give null.
 */
export function parseFrenchNumber(input: string, maxDecimals = 3): string | null {
  const s = input.trim()
  if (!s) return null
  // Spaces only between groups of three digits ("1 234", "12 345 678"), or none at all.
  const grouped = /^\d{1,3}(?:[\s\u00a0\u202f]\d{3})+(?:[,.]\d*)?$/.test(s)
  const plain = /^\d+(?:[,.]\d*)?$/.test(s) || /^[,.]\d+$/.test(s)
  if (!grouped && !plain) return null
  const compact = s.replace(SPACES, '').replace(',', '.')
  const [intPart, frac = ''] = compact.split('.')
  if (frac.length > maxDecimals) return null
  const int = (intPart || '0').replace(/^0+(?=\d)/, '')
  const trimmedFrac = frac.replace(/0+$/, '')
  return trimmedFrac ? `${int}.${trimmedFrac}` : int
}

/** An amount in euros: two decimals at most ("95,5" -> "95.5"). */
export function parseFrenchAmount(input: string): string | null {
  return parseFrenchNumber(input, 2)
}

/**
 * True for a negative number typed the French way ("-12,5", "− 1 234"): a minus sign, then a number
 * that parseFrenchNumber reads (any decimals). Lets a form say « doit être positif » rather than
 * repeat the expected format to someone who typed a well-formed number.
 */
export function isNegativeNumber(input: string): boolean {
  const m = /^[-\u2212\u2013]\s*(.+)$/.exec(input.trim())
  if (!m) return false
  const value = parseFrenchNumber(m[1], 20)
  return value !== null && Number(value) !== 0
}

/** A whole number ("12") or null. */
export function parseWholeNumber(input: string): number | null {
  const s = input.trim().replace(SPACES, '')
  if (!/^\d+$/.test(s)) return null
  return Number(s)
}

const pad2 = (n: number) => String(n).padStart(2, '0')

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= days
}

/**
 * A date typed as "31/12/2025" (also "31.12.2025", "31-12-2025", "1/2/2025", "31/12/25" and
 * "31122025") -> "2025-12-31". Locale-independent; an impossible date ("31/02/2025") gives null.
 * An ISO date ("2025-12-31", e.g. pasted) is accepted as is.
 */
export function parseFrenchDate(input: string): string | null {
  const s = input.trim()
  if (!s) return null
  let d: number, m: number, y: number
  let match = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})$/.exec(s)
  if (match) {
    d = Number(match[1])
    m = Number(match[2])
    y = match[3].length === 2 ? 2000 + Number(match[3]) : Number(match[3])
  } else if ((match = /^(\d{2})(\d{2})(\d{4})$/.exec(s))) {
    d = Number(match[1])
    m = Number(match[2])
    y = Number(match[3])
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s))) {
    y = Number(match[1])
    m = Number(match[2])
    d = Number(match[3])
  } else {
    return null
  }
  if (y < 1900 || y > 2199 || !validDay(y, m, d)) return null
  return `${y}-${pad2(m)}-${pad2(d)}`
}

/** "2025-12-31" -> "31/12/2025" (for the inputs; empty if missing). */
export function isoToFrenchDate(iso: string | null | undefined): string {
  const m = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null
  return m ? `${m[3]}/${m[2]}/${m[1]}` : ''
}

/** "2025-01-31" + 1 -> "2025-02-01". */
export function addDaysIso(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number)
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`
}

/** An API decimal ("1234.50") -> what the user would type ("1234,5"); empty if missing. */
export function decimalToInput(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const s = String(value)
  if (!/^-?\d+(\.\d*)?$/.test(s)) return s
  const [int, frac = ''] = s.split('.')
  const f = frac.replace(/0+$/, '')
  return f ? `${int},${f}` : int
}

/**
 * How every visit form asks for a date: a text field read by `parseFrenchDate`, the same on every
 * device (a native date field shows the device's language order, mm/dd/yyyy on an English tablet, and
 * takes three Tab stops in the bill grid). A numeric keypad on tablets and phones: « 31122025 » is read
 * as well as « 31/12/2025 ».
 */
export const DATE_INPUT = { inputMode: 'numeric', placeholder: 'jj/mm/aaaa', maxLength: 10, autoComplete: 'off' } as const

/** The hint under a date field of a visit form. */
export const DATE_FORMAT_HINT = 'Au format jj/mm/aaaa (ou 8 chiffres : 31122025).'

/** The message next to a date field whose text `parseFrenchDate` cannot read. */
export const DATE_UNREADABLE = 'Date illisible : tapez-la au format jj/mm/aaaa, par exemple 31/12/2026.'

/**
 * What a date field holds, read for sending: no date and no error when empty (an optional date), the ISO
 * date when readable, else an error in French for the field.
 */
export function readDateField(text: string): { iso: string | null; error: string | null } {
  if (!text.trim()) return { iso: null, error: null }
  const iso = parseFrenchDate(text)
  return iso ? { iso, error: null } : { iso: null, error: DATE_UNREADABLE }
}

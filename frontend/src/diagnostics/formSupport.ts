import { ApiError, mapFieldErrors, type ApiFieldError } from '../lib/errors'
import { parseFrenchAmount, parseFrenchDate, parseFrenchNumber, isNegativeNumber } from '../lib/parse'

let counter = 0
export const rowKey = () => `k${++counter}`

/** What went wrong when saving a document (diagnostic, plan). */
export interface SaveProblem {
  detail: string
  conflict: boolean
  unmatched: ApiFieldError[]
}

/** Turns a failed save into field errors and a problem for the alert. */
export function problemFrom(e: unknown, knownFields: string[]): { errors: Record<string, string[]>; problem: SaveProblem } {
  const error = e instanceof ApiError ? e : new ApiError(0, null)
  const mapped = mapFieldErrors(error.fields, knownFields)
  return {
    errors: mapped.byField,
    problem: { detail: error.detail, conflict: error.status === 409, unmatched: mapped.unmatched },
  }
}

/** Collects the client-side parse errors of a form, by field path. */
/** « … doit être positif » for a negative number typed in the field at `path` (a surface, an amount…). */
export function mustBePositive(path: string): string {
  if (/(^|\.)(surface|area)_m2$/.test(path)) return 'La surface doit être positive.'
  if (/(_eur|cost_low|cost_high)$/.test(path)) return 'Le montant doit être positif.'
  return 'La valeur doit être positive.'
}

export class Parser {
  readonly errors: Record<string, string[]> = {}

  private fail(path: string, message: string) {
    this.errors[path] = [message]
  }

  get ok(): boolean {
    return Object.keys(this.errors).length === 0
  }

  /** A required amount in euros ("1 250" -> "1250"). */
  amount(path: string, text: string): string {
    if (!text.trim()) {
      this.fail(path, 'À renseigner.')
      return '0'
    }
    const v = parseFrenchAmount(text)
    if (v === null)
      this.fail(path, isNegativeNumber(text) ? 'Le montant doit être positif.' : 'Montant attendu en euros, par exemple 1 234,56.')
    return v ?? '0'
  }

  /** An optional decimal: null when empty. */
  decimal(path: string, text: string, maxDecimals = 3, required = false): string | null {
    if (!text.trim()) {
      if (required) this.fail(path, 'À renseigner.')
      return null
    }
    const v = parseFrenchNumber(text, maxDecimals)
    if (v === null && isNegativeNumber(text)) this.fail(path, mustBePositive(path))
    else if (v === null) this.fail(path, `Nombre attendu (au plus ${maxDecimals} décimale${maxDecimals > 1 ? 's' : ''}), par exemple 12,5.`)
    return v
  }

  /** An optional whole number: null when empty. */
  integer(path: string, text: string): number | null {
    if (!text.trim()) return null
    const s = text.trim()
    if (!/^\d+$/.test(s)) {
      this.fail(path, 'Nombre entier attendu.')
      return null
    }
    return Number(s)
  }

  /** An optional date typed jj/mm/aaaa: ISO or null. */
  date(path: string, text: string): string | null {
    if (!text.trim()) return null
    const v = parseFrenchDate(text)
    if (v === null) this.fail(path, 'Date attendue au format jj/mm/aaaa, par exemple 31/12/2025.')
    return v
  }

  required(path: string, text: string): void {
    if (!text.trim()) this.fail(path, 'À renseigner.')
  }
}

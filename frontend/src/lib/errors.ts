/** The API error body: {"error", "detail", "fields"?, "allowed"?} (api/errors.py, ErrorBody in the OpenAPI document). */
export interface ApiFieldError {
  field: string
  message: string
}

export interface ApiErrorBody {
  error: string
  detail: string
  fields?: ApiFieldError[] | null
  /** On a 409 from a workflow: the actions still possible from the current state. */
  allowed?: string[] | null
  /** The record the refusal is about (e.g. the visit already planned for the household). */
  record_id?: number | null
}

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly detail: string
  readonly fields: ApiFieldError[]
  readonly allowed: string[]
  readonly recordId: number | null

  constructor(status: number, body: Partial<ApiErrorBody> | null | undefined) {
    const detail = body?.detail || defaultDetail(status)
    super(detail)
    this.name = 'ApiError'
    this.status = status
    this.code = body?.error || `http_${status}`
    this.detail = detail
    this.fields = Array.isArray(body?.fields) ? body.fields : []
    this.allowed = Array.isArray(body?.allowed) ? body.allowed : []
    this.recordId = typeof body?.record_id === 'number' ? body.record_id : null
  }
}

export function defaultDetail(status: number): string {
  switch (status) {
    case 0:
      return 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.'
    case 401:
      return 'Votre session a expiré. Reconnectez-vous.'
    case 403:
      return "Vous n'avez pas accès à cette page."
    case 404:
      return 'Élément introuvable.'
    case 409:
      return 'Cet élément a été modifié entre-temps.'
    case 422:
      return 'Certaines données sont invalides.'
    default:
      return status >= 500
        ? 'Le service rencontre un problème. Réessayez dans un instant.'
        : 'La requête a échoué.'
  }
}

/** Turns the `error` member of an openapi-fetch result into an ApiError. */
export function toApiError(error: unknown, response: Response | undefined): ApiError {
  if (error instanceof ApiError) return error
  const status = response?.status ?? 0
  if (error && typeof error === 'object') return new ApiError(status, error as Partial<ApiErrorBody>)
  return new ApiError(status, null)
}

export const isForbidden = (e: unknown) => e instanceof ApiError && e.status === 403
export const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404
export const isConflict = (e: unknown) => e instanceof ApiError && e.status === 409

/** "body.members.0.birth_year" -> "members.0.birth_year" (the API already strips it; be lenient). */
export function normalizeFieldPath(path: string): string {
  return path.replace(/^(body|query|path)\./, '')
}

/** Id of the input for a field path: "members.0.birth_year" -> "field-members-0-birth_year". */
export function fieldInputId(path: string): string {
  return `field-${path.replace(/\./g, '-')}`
}

/** Id of the error message element for a field path (referenced by aria-describedby). */
export function fieldErrorId(path: string): string {
  return `${fieldInputId(path)}-error`
}

export interface MappedFieldErrors {
  /** Messages attached to a known field (or the closest known parent), by field path. */
  byField: Record<string, string[]>
  /** Errors that match no field of the form: shown in the alert region. */
  unmatched: ApiFieldError[]
}

/**
 * Maps the `fields[]` of a 422 to the fields a form knows about. A path that is not a known field
 * is attached to its closest known parent ("dwelling.surface_m2.x" -> "dwelling.surface_m2",
 * "members.1" -> "members.1" if the row is known, else "members"); the rest is unmatched.
 */
export function mapFieldErrors(
  fields: readonly ApiFieldError[],
  knownFields: readonly string[],
): MappedFieldErrors {
  const known = new Set(knownFields)
  const byField: Record<string, string[]> = {}
  const unmatched: ApiFieldError[] = []
  for (const fe of fields) {
    const path = normalizeFieldPath(fe.field)
    const parts = path.split('.')
    let target: string | null = null
    for (let n = parts.length; n > 0; n--) {
      const candidate = parts.slice(0, n).join('.')
      if (known.has(candidate)) {
        target = candidate
        break
      }
    }
    if (target === null) {
      unmatched.push({ field: path, message: fe.message })
      continue
    }
    const list = (byField[target] ??= [])
    if (!list.includes(fe.message)) list.push(fe.message)
  }
  return { byField, unmatched }
}

import createClient from 'openapi-fetch'
import { Session } from '../auth/session'
import { ApiError, isNotFound, toApiError } from '../lib/errors'
import { offlineFetch } from '../offline/fetch'
import type { paths } from './schema'

/** Path prefix of every operation in openapi.json. */
const PATH_PREFIX = '/api/v1'

/**
 * Where the API lives. Same origin by default ("/api/v1"); a separately hosted SPA sets
 * VITE_API_BASE, e.g. "https://binome.example.fr/api/v1".
 */
export const API_BASE = (import.meta.env.VITE_API_BASE || PATH_PREFIX).replace(/\/+$/, '')

/** openapi-fetch needs an absolute origin (paths in the schema already carry /api/v1). */
export function clientBaseUrl(): string {
  const root = API_BASE.endsWith(PATH_PREFIX) ? API_BASE.slice(0, -PATH_PREFIX.length) : API_BASE
  const here = globalThis.location?.href ?? 'http://localhost/'
  return new URL(root || '/', here).toString().replace(/\/+$/, '')
}

export const session = new Session({ apiBase: API_BASE })

export const api = createClient<paths>({
  baseUrl: clientBaseUrl(),
  // Offline, a GET is answered from the copy kept on the device for the person's own visits (src/offline/).
  fetch: (request) => offlineFetch(request, session.fetch),
  headers: { Accept: 'application/json' },
})

interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/** Awaits an openapi-fetch call: returns the data, or throws an ApiError (status 0 if unreachable). */
export async function unwrap<T>(call: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>
  try {
    result = await call
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError(0, null)
  }
  if (!result.response.ok || result.error !== undefined) throw toApiError(result.error, result.response)
  return result.data as T
}

/** A record that may not exist yet (a diagnostic, a works plan): null on 404, any other error thrown. */
export async function orNullOn404<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

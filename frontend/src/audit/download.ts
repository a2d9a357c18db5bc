import { ApiError, toApiError } from '../lib/errors'
import { filenameFromDisposition } from '../lib/dashboard'

interface BlobResult {
  data?: Blob
  error?: unknown
  response: Response
}

/**
 * Awaits an openapi-fetch call made with `parseAs: 'blob'` (the API needs the bearer token, so a
 * plain link would not do) and returns the file with the name the server suggests.
 */
export async function fileFrom(call: Promise<BlobResult>, fallback: string): Promise<{ blob: Blob; filename: string }> {
  let result: BlobResult
  try {
    result = await call
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError(0, null)
  }
  const { data, error, response } = result
  if (!response.ok || error !== undefined || !data) throw toApiError(error, response)
  return { blob: data, filename: filenameFromDisposition(response.headers.get('Content-Disposition'), fallback) }
}

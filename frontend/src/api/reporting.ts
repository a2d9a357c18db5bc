import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { ApiError, toApiError } from '../lib/errors'
import { fallbackFilename, filenameFromDisposition, reportQuery, type ReportFormat } from '../lib/dashboard'
import { api, unwrap } from './client'
import type { AnnualReport } from './types'

/** The annual activity report of a year, for one unit or all (null). */
export const reportingKeys = {
  annual: (year: number | undefined, unitId: number | null) => ['annual-report', year, unitId] as const,
}

/** The annual activity report of `year` (one unit or all). */
export function useAnnualReport(year: number | undefined, unitId: number | undefined) {
  return useQuery({
    queryKey: reportingKeys.annual(year, unitId ?? null),
    // The operation also serves CSV and XLSX, so the generated type of `data` is loose: with
    // format=json the body is an AnnualReport.
    queryFn: async (): Promise<AnnualReport> =>
      (await unwrap(
        api.GET('/api/v1/reporting/annual/{year}', {
          params: { path: { year: year as number }, query: reportQuery(unitId, 'json') },
        }),
      )) as AnnualReport,
    enabled: year !== undefined,
    placeholderData: keepPreviousData,
  })
}

const ACCEPT: Record<ReportFormat, string> = {
  json: 'application/json',
  csv: 'text/csv',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

export interface DownloadRequest {
  kind: 'report' | 'cases'
  year: number
  format: ReportFormat
  unitId?: number
}

/**
 * Fetches an export with the session's bearer token (a plain link would not carry it) and
 * returns the file with the name the server suggests.
 */
export async function fetchExport(req: DownloadRequest): Promise<{ blob: Blob; filename: string }> {
  const options = { parseAs: 'blob' as const, headers: { Accept: ACCEPT[req.format] } }
  let result: { data?: Blob; error?: unknown; response: Response }
  try {
    result =
      req.kind === 'report'
        ? await api.GET('/api/v1/reporting/annual/{year}', {
            ...options,
            params: { path: { year: req.year }, query: reportQuery(req.unitId, req.format) },
          })
        : await api.GET('/api/v1/reporting/annual/{year}/cases', {
            ...options,
            params: { path: { year: req.year }, query: { format: req.format } },
          })
  } catch (e) {
    if (e instanceof ApiError) throw e
    throw new ApiError(0, null)
  }
  const { data, error, response } = result
  if (!response.ok || error !== undefined || !data) throw toApiError(error, response)
  const fallback = fallbackFilename(req.kind, req.year, req.format, req.unitId)
  return { blob: data, filename: filenameFromDisposition(response.headers.get('Content-Disposition'), fallback) }
}

/** Hands a blob to the browser as a download (a temporary blob: link, clicked then removed). */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.hidden = true
  document.body.appendChild(link)
  link.click()
  link.remove()
  // Give the browser time to start reading the blob before releasing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

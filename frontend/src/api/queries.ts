import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'
import { allPages, MAX_PAGE, PAGE_SIZE } from './pages'
import type { OrientationStatus } from './types'




// --- Referrals, agenda, worklist --------------------------------------------------------------

// --- Bills, diagnostics, analysis, works ----------------------------------------------------------

// --- Syntheses, reports, validation ---------------------------------------------------------------

/** A visit's family and technical syntheses (two at most). */
export async function fetchSyntheses(visitId: number) {
  const page = await unwrap(
    api.GET('/api/v1/visits/{visit_id}/syntheses', { params: { path: { visit_id: visitId }, query: { limit: MAX_PAGE } } }),
  )
  return page.items
}

export function useSyntheses(visitId: number) {
  return useQuery({
    queryKey: ['syntheses', visitId],
    queryFn: () => fetchSyntheses(visitId),
    enabled: Number.isInteger(visitId) && visitId > 0,
    staleTime: 0,
  })
}

export function useReport(reportId: number) {
  return useQuery({
    queryKey: ['report', reportId],
    queryFn: () => unwrap(api.GET('/api/v1/reports/{report_id}', { params: { path: { report_id: reportId } } })),
    enabled: Number.isInteger(reportId) && reportId > 0,
    staleTime: 0,
  })
}

/** Submitted reports waiting for a manager (reports:validate), oldest first. */
export function useReportQueue() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: ['report-queue'],
    queryFn: () =>
      allPages((limit, offset) => unwrap(api.GET('/api/v1/reports/queue', { params: { query: { limit, offset } } }))),
    enabled: hasScope('reports:validate'),
    staleTime: 0,
  })
}

// --- Orientation follow-up -------------------------------------------------------------------------

export interface FollowUpFilters {
  status?: OrientationStatus
  responsible_id?: number
  unit_id?: number
  kind?: string
  due?: 'overdue' | 'soon'
  offset?: number
}

/** The follow-up board: orientations by due date (undated last). */
export function useFollowUpBoard(filters: FollowUpFilters) {
  return useQuery({
    queryKey: ['orientations', 'board', filters],
    queryFn: () => unwrap(api.GET('/api/v1/orientations', { params: { query: { ...filters, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })
}

/** A household's follow-up: orientations with their log, the landlord's works updates, closing. */
export function useFollowUp(householdId: number) {
  return useQuery({
    queryKey: ['follow-up', householdId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/households/{household_id}/follow-up', { params: { path: { household_id: householdId } } })),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

// --- Issue 15: eligibility, measured impact, frozen figures of a report ---------------------------

/** The figures a validated report stands on, frozen at its validation (never recomputed). */
export function useReportFigures(reportId: number, enabled = true) {
  return useQuery({
    queryKey: ['report-figures', reportId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/reports/{report_id}/analysis', { params: { path: { report_id: reportId } } })),
    enabled: enabled && Number.isInteger(reportId) && reportId > 0,
    staleTime: 60_000,
  })
}

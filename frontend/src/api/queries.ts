import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { isNotFound } from '../lib/errors'
import { api, unwrap } from './client'
import { allPages, MAX_PAGE, PAGE_SIZE } from './pages'
import type { OrientationStatus } from './types'




// --- Referrals, agenda, worklist --------------------------------------------------------------

// --- Bills, diagnostics, analysis, works ----------------------------------------------------------

export function useBills(householdId: number) {
  return useQuery({
    queryKey: ['bills', householdId],
    queryFn: () =>
      allPages((limit, offset) =>
        unwrap(
          api.GET('/api/v1/households/{household_id}/bills', {
            params: { path: { household_id: householdId }, query: { limit, offset } },
          }),
        ),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/** Yearly figures and indicators: invalidate ['analysis', id] after any bill or diagnostic change. */
export function useAnalysis(householdId: number) {
  return useQuery({
    queryKey: ['analysis', householdId],
    queryFn: () =>
      unwrap(api.GET('/api/v1/households/{household_id}/analysis', { params: { path: { household_id: householdId } } })),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
    placeholderData: keepPreviousData,
  })
}

/** The social diagnostic (social:read only), or null if none was entered yet. */
export function useSocialDiagnostic(householdId: number) {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: ['social-diagnostic', householdId],
    queryFn: () =>
      orNullOn404(
        unwrap(
          api.GET('/api/v1/households/{household_id}/social-diagnostic', {
            params: { path: { household_id: householdId } },
          }),
        ),
      ),
    enabled: hasScope('social:read') && Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/** The technical diagnostic of a visit, or null if none was entered yet. */
export function useTechnicalDiagnostic(visitId: number) {
  return useQuery({
    queryKey: ['technical-diagnostic', visitId],
    queryFn: () =>
      orNullOn404(
        unwrap(api.GET('/api/v1/visits/{visit_id}/technical-diagnostic', { params: { path: { visit_id: visitId } } })),
      ),
    enabled: Number.isInteger(visitId) && visitId > 0,
    staleTime: 0,
  })
}

/** Small equipment that can be installed during a visit. */
export function useEquipmentCatalogue() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: ['equipment-catalogue'],
    queryFn: () =>
      allPages((limit, offset) => unwrap(api.GET('/api/v1/equipment-catalogue', { params: { query: { limit, offset } } }))),
    enabled: hasScope('directory:read', 'admin'),
    staleTime: 10 * 60_000,
  })
}

/** The works estimate (404 while there is no technical diagnostic: the error is shown). */
export function useWorksEstimate(householdId: number) {
  return useQuery({
    queryKey: ['works-estimate', householdId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/households/{household_id}/works-estimate', { params: { path: { household_id: householdId } } }),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/** The prioritised works, or null if no plan was saved yet. */
export function useWorksPlan(householdId: number) {
  return useQuery({
    queryKey: ['works-plan', householdId],
    queryFn: () =>
      orNullOn404(
        unwrap(api.GET('/api/v1/households/{household_id}/works-plan', { params: { path: { household_id: householdId } } })),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

async function orNullOn404<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call
  } catch (e) {
    if (isNotFound(e)) return null
    throw e
  }
}

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

/** The orientation types catalogue (inactive ones included: filter on `active` to offer new ones). */
export function useOrientationTypes() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: ['orientation-types'],
    queryFn: async () => {
      const types = await allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/orientation-types', { params: { query: { limit, offset } } })),
      )
      return [...types].sort((a, b) => a.position - b.position || a.label.localeCompare(b.label, 'fr'))
    },
    enabled: hasScope('households:read'),
    staleTime: 10 * 60_000,
  })
}

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

/** Anah category, chèque énergie and FSL (readers without income access get category and yes/no only). */
export function useEligibility(householdId: number) {
  return useQuery({
    queryKey: ['eligibility', householdId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/households/{household_id}/eligibility', { params: { path: { household_id: householdId } } }),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/** Bills after the first visit against bills before it, corrected for the climate when it can be. */
export function useMeasuredImpact(householdId: number) {
  return useQuery({
    queryKey: ['measured-impact', householdId],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/households/{household_id}/measured-impact', { params: { path: { household_id: householdId } } }),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

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

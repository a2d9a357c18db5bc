import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { PAGE_SIZE } from './pages'
import type { OrientationStatus } from './types'




// --- Referrals, agenda, worklist --------------------------------------------------------------

// --- Bills, diagnostics, analysis, works ----------------------------------------------------------

// --- Syntheses, reports, validation ---------------------------------------------------------------

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

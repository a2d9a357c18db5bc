import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { api, unwrap } from './client'

/**
 * What the server computes from a household's bills and diagnostics: the yearly figures and indicators,
 * the eligibility to aids, the impact measured after the first visit. A bill or a diagnostic saved makes
 * them stale (see the writes of bills.ts and diagnostics.ts).
 */
export const figureKeys = {
  analysis: (householdId: number) => ['analysis', householdId] as const,
  eligibility: (householdId: number) => ['eligibility', householdId] as const,
  measuredImpact: (householdId: number) => ['measured-impact', householdId] as const,
}

/** Yearly figures and indicators. */
export function useAnalysis(householdId: number) {
  return useQuery({
    queryKey: figureKeys.analysis(householdId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/households/{household_id}/analysis', { params: { path: { household_id: householdId } } })),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
    placeholderData: keepPreviousData,
  })
}

/** Anah category, chèque énergie and FSL (readers without income access get category and yes/no only). */
export function useEligibility(householdId: number) {
  return useQuery({
    queryKey: figureKeys.eligibility(householdId),
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
    queryKey: figureKeys.measuredImpact(householdId),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/households/{household_id}/measured-impact', { params: { path: { household_id: householdId } } }),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

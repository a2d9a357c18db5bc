import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, orNullOn404, unwrap } from './client'
import type { WorksPlanWrite } from './types'

/** The works estimate (computed from the technical diagnostic and the bills) and the saved works plan. */
export const worksKeys = {
  estimate: (householdId: number) => ['works-estimate', householdId] as const,
  plan: (householdId: number) => ['works-plan', householdId] as const,
}

/** The works estimate (404 while there is no technical diagnostic: the error is shown). */
export function useWorksEstimate(householdId: number) {
  return useQuery({
    queryKey: worksKeys.estimate(householdId),
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
    queryKey: worksKeys.plan(householdId),
    queryFn: () =>
      orNullOn404(
        unwrap(api.GET('/api/v1/households/{household_id}/works-plan', { params: { path: { household_id: householdId } } })),
      ),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/**
 * The works plan (with its version), stored as answered. The editor queues it instead when there is no
 * network (src/offline/queue.ts): the write is tried whatever the browser says, never paused.
 */
export function useSaveWorksPlan(householdId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: (body: WorksPlanWrite) =>
      unwrap(api.PUT('/api/v1/households/{household_id}/works-plan', { params: { path: { household_id: householdId } }, body })),
    onSuccess: (saved) => {
      queryClient.setQueryData(worksKeys.plan(householdId), saved)
    },
  })
}

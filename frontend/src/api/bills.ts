import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { figureKeys } from './analysis'
import { api, unwrap } from './client'
import { allPages } from './pages'
import type { components } from './schema'
import type { BillEntryWrite } from './types'
import { worksKeys } from './works'

/** A household's bills (all of them: a short list by nature). */
export const billKeys = {
  list: (householdId: number) => ['bills', householdId] as const,
}

export function useBills(householdId: number) {
  return useQuery({
    queryKey: billKeys.list(householdId),
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

/**
 * What a bill saved or deleted makes stale: the figures computed from the bills (analysis, works
 * estimate, measured impact), read again without waiting. Not the bills themselves: the grid keeps its
 * rows as the server answered them (reading them again would remount it, see BillsPage).
 */
function billsChanged(queryClient: QueryClient, householdId: number) {
  for (const key of [figureKeys.analysis(householdId), worksKeys.estimate(householdId), figureKeys.measuredImpact(householdId)])
    void queryClient.invalidateQueries({ queryKey: key })
}

/** The same refresh, without a write: the grid asks for it when its draft is dropped. */
export function useRefreshBillFigures(householdId: number) {
  const queryClient = useQueryClient()
  return () => billsChanged(queryClient, householdId)
}

export type BillSave = { billId: number; body: components['schemas']['BillEntryUpdate'] } | { billId: null; body: BillEntryWrite }

/**
 * A new bill (POST) or a change of a saved one (PUT with its version). The grid queues the row instead
 * when there is no network (src/offline/queue.ts): the write is tried whatever the browser says.
 */
export function useSaveBill(householdId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: (save: BillSave) =>
      save.billId !== null
        ? unwrap(
            api.PUT('/api/v1/households/{household_id}/bills/{bill_id}', {
              params: { path: { household_id: householdId, bill_id: save.billId } },
              body: save.body,
            }),
          )
        : unwrap(api.POST('/api/v1/households/{household_id}/bills', { params: { path: { household_id: householdId } }, body: save.body })),
    onSuccess: () => billsChanged(queryClient, householdId),
  })
}

export function useDeleteBill(householdId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: (billId: number) =>
      unwrap(api.DELETE('/api/v1/households/{household_id}/bills/{bill_id}', { params: { path: { household_id: householdId, bill_id: billId } } })),
    onSuccess: () => billsChanged(queryClient, householdId),
  })
}

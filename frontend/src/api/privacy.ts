import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { householdKeys } from './households'
import { PAGE_SIZE } from './pages'
import { refresh, type WriteCallbacks } from './writes'

/** Who read or changed a household's record (reading it is itself recorded). */
export const privacyKeys = {
  accessLogs: (householdId: number) => ['access-log', householdId] as const,
  accessLog: (householdId: number, offset: number) => ['access-log', householdId, offset] as const,
}

/** One page of the record's access log, read only once asked for (`enabled`), and not on every window focus. */
export function useAccessLog(householdId: number, offset: number, enabled: boolean) {
  return useQuery({
    queryKey: privacyKeys.accessLog(householdId, offset),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/households/{household_id}/access-log', {
          params: { path: { household_id: householdId }, query: { limit: PAGE_SIZE, offset } },
        }),
      ),
    enabled,
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
    staleTime: 60_000,
  })
}

/**
 * Erasure (GDPR article 17, administrators): the record becomes anonymised, the erasure is logged, and
 * the household lists show the new name: all three are read again, in that order.
 */
export function useEraseHousehold(householdId: number, callbacks: WriteCallbacks<unknown, string> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (reason: string) =>
      unwrap(api.POST('/api/v1/households/{household_id}/erase', { params: { path: { household_id: householdId } }, body: { reason } })),
    onSuccess: async (result, reason) => {
      callbacks.onSuccess?.(result, reason)
      await refresh(queryClient, householdKeys.detail(householdId))
      await refresh(queryClient, privacyKeys.accessLogs(householdId))
      await refresh(queryClient, householdKeys.lists())
    },
    onError: callbacks.onError,
  })
}

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { PAGE_SIZE } from './pages'
import type { components } from './schema'
import type { ConsentRead, HouseholdCreate, HouseholdUpdate } from './types'
import { refresh, type WriteCallbacks } from './writes'

type ConsentCreate = components['schemas']['ConsentCreate']

export interface HouseholdFilters {
  q?: string
  commune?: string
  unit_id?: number
  status?: 'open' | 'closed'
  offset?: number
}

/**
 * The household list lives under 'households', one record (and what hangs from it, its timeline) under
 * 'household': a change of one record makes the lists stale without reading every open record again.
 */
export const householdKeys = {
  lists: () => ['households'] as const,
  list: (filters: HouseholdFilters) => ['households', filters] as const,
  detail: (id: number) => ['household', id] as const,
  timeline: (id: number) => ['household', id, 'timeline'] as const,
}

export function useHouseholds(filters: HouseholdFilters) {
  return useQuery({
    queryKey: householdKeys.list(filters),
    queryFn: () =>
      unwrap(api.GET('/api/v1/households', { params: { query: { ...filters, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  })
}

export function useHousehold(id: number) {
  return useQuery({
    queryKey: householdKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/households/{household_id}', { params: { path: { household_id: id } } })),
    enabled: Number.isInteger(id) && id > 0,
  })
}

const TIMELINE_PAGE = 20

/** « Parcours du ménage », newest first, read a page at a time (« Afficher plus »). */
export function useHouseholdTimeline(householdId: number) {
  return useInfiniteQuery({
    queryKey: householdKeys.timeline(householdId),
    initialPageParam: 0,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET('/api/v1/households/{household_id}/timeline', {
          params: { path: { household_id: householdId }, query: { limit: TIMELINE_PAGE, offset: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.next ?? undefined,
  })
}

/** A new household: its record is kept as answered, the lists are read again. */
export function useCreateHousehold() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: HouseholdCreate) => unwrap(api.POST('/api/v1/households', { body })),
    onSuccess: async (created) => {
      queryClient.setQueryData(householdKeys.detail(created.id), created)
      await refresh(queryClient, householdKeys.lists())
    },
  })
}

/** A change of the record (with its version): kept as answered, the lists are read again. */
export function useUpdateHousehold(id: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: HouseholdUpdate) =>
      unwrap(api.PATCH('/api/v1/households/{household_id}', { params: { path: { household_id: id } }, body })),
    onSuccess: async (updated) => {
      queryClient.setQueryData(householdKeys.detail(id), updated)
      await refresh(queryClient, householdKeys.lists())
    },
  })
}

/** After a 409 on the form: the record (and its timeline) read again now, whether shown or not. */
export function useReloadHousehold(id: number) {
  const queryClient = useQueryClient()
  return () => queryClient.refetchQueries({ queryKey: householdKeys.detail(id) })
}

/** Consents come with the household's record: it is read again after each change. */
export function useAddConsent(householdId: number, callbacks: WriteCallbacks<ConsentRead, ConsentCreate> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ConsentCreate) =>
      unwrap(api.POST('/api/v1/households/{household_id}/consents', { params: { path: { household_id: householdId } }, body })),
    onSuccess: async (consent, body) => {
      callbacks.onSuccess?.(consent, body)
      await refresh(queryClient, householdKeys.detail(householdId))
    },
    onError: callbacks.onError,
  })
}

export function useRevokeConsent(householdId: number, callbacks: WriteCallbacks<ConsentRead, ConsentRead> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (consent: ConsentRead) =>
      unwrap(
        api.POST('/api/v1/households/{household_id}/consents/{consent_id}/revoke', {
          params: { path: { household_id: householdId, consent_id: consent.id } },
        }),
      ),
    onSuccess: async (revoked, consent) => {
      callbacks.onSuccess?.(revoked, consent)
      await refresh(queryClient, householdKeys.detail(householdId))
    },
    onError: callbacks.onError,
  })
}

import { keepPreviousData, useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query'
import { usualPartner } from '../lib/partner'
import { api, unwrap } from './client'
import { MAX_PAGE } from './pages'
import type { components } from './schema'
import { refresh, type WriteCallbacks } from './writes'

type S = components['schemas']

/**
 * The week's agenda of some people, and the free slots of a pair: every visit booked or moved and every
 * unavailability makes both stale. The usual partner is counted from an agenda of its own ('usual-partner':
 * a month around today, kept 10 minutes, not worth reading again after each change).
 */
export const agendaKeys = {
  all: () => ['agenda'] as const,
  week: (userIds: number[], start: string, end: string) => ['agenda', userIds, start, end] as const,
  usualPartner: (userIds: number[], from: string, to: string) => ['usual-partner', userIds, from, to] as const,
}

export const freeSlotKeys = {
  all: () => ['free-slots'] as const,
  day: (userIds: number[], day: string, durationMinutes: number) => ['free-slots', userIds, day, durationMinutes] as const,
}

export function useAgenda(userIds: number[], start: string, end: string) {
  return useQuery({
    queryKey: agendaKeys.week(userIds, start, end),
    queryFn: () => unwrap(api.GET('/api/v1/agenda', { params: { query: { user_id: userIds, start, end } } })),
    enabled: userIds.length > 0,
    placeholderData: keepPreviousData,
  })
}

/** Free slots for a pair, one request per day so that suggestions spread over the period. */
export function useFreeSlotsByDay(userIds: number[], days: string[], durationMinutes = 120) {
  return useQueries({
    queries: days.map((day) => ({
      queryKey: freeSlotKeys.day(userIds, day, durationMinutes),
      queryFn: async () =>
        (
          await unwrap(
            api.GET('/api/v1/agenda/free-slots', {
              params: { query: { user_id: userIds, start: day, end: day, duration_minutes: durationMinutes, limit: MAX_PAGE } },
            }),
          )
        ).items,
      enabled: userIds.length > 0,
      staleTime: 0,
    })),
  })
}

/**
 * The person I usually visit with. The API has no such notion: it is counted from the visits of
 * the month around today in the agenda of me and the staff who can pair with me (10 people at most).
 * `undefined` while loading, `null` if nobody stands out.
 */
export function useUsualPartner(meId: number | undefined, candidateIds: number[], from: string, to: string) {
  const ids = meId ? [meId, ...candidateIds.filter((id) => id !== meId)].slice(0, 10) : []
  const agenda = useQuery({
    queryKey: agendaKeys.usualPartner(ids, from, to),
    queryFn: () => unwrap(api.GET('/api/v1/agenda', { params: { query: { user_id: ids, start: from, end: to } } })),
    enabled: ids.length > 1,
    staleTime: 10 * 60_000,
  })
  if (!meId) return undefined
  if (ids.length <= 1) return null
  if (agenda.isPending) return undefined
  return usualPartner(meId, agenda.data?.entries ?? [])
}

/** Leave, training, a meeting: the agendas and the free slots offered for visits are read again. */
export function useAddUnavailability(callbacks: WriteCallbacks<S['UnavailabilityRead'], S['UnavailabilityCreate']> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['UnavailabilityCreate']) => unwrap(api.POST('/api/v1/unavailabilities', { body })),
    onSuccess: async (created, body) => {
      callbacks.onSuccess?.(created, body)
      await refresh(queryClient, agendaKeys.all())
      await refresh(queryClient, freeSlotKeys.all())
    },
    onError: callbacks.onError,
  })
}

export function useDeleteUnavailability(callbacks: WriteCallbacks<unknown, number> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE('/api/v1/unavailabilities/{unavailability_id}', { params: { path: { unavailability_id: id } } })),
    onSuccess: async (result, id) => {
      callbacks.onSuccess?.(result, id)
      await refresh(queryClient, agendaKeys.all())
    },
    onError: callbacks.onError,
  })
}

/** A new secret subscription address for the person's phone (the previous one stops working). */
export function useCreateCalendarFeed(callbacks: WriteCallbacks<S['CalendarFeedCreated']> = {}) {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/calendar-feed')),
    onSuccess: callbacks.onSuccess,
    onError: callbacks.onError,
  })
}

export function useRevokeCalendarFeed(callbacks: WriteCallbacks<unknown> = {}) {
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/v1/calendar-feed')),
    onSuccess: callbacks.onSuccess,
    onError: callbacks.onError,
  })
}

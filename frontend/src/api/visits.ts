import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { agendaKeys, freeSlotKeys } from './agenda'
import { api, unwrap } from './client'
import { referralKeys } from './referrals'
import type { components } from './schema'
import type { VisitRead } from './types'
import { worklistKeys } from './worklist'
import { refresh, type WriteCallbacks } from './writes'

type S = components['schemas']

/** One visit, and its briefing (the household, the referral and the triage note, as the pair reads them). */
export const visitKeys = {
  detail: (id: number) => ['visit', id] as const,
  briefings: () => ['briefing'] as const,
  briefing: (id: number) => ['briefing', id] as const,
}

export function useVisit(id: number) {
  return useQuery({
    queryKey: visitKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/visits/{visit_id}', { params: { path: { visit_id: id } } })),
    enabled: Number.isInteger(id) && id > 0,
  })
}

export function useBriefing(id: number) {
  return useQuery({
    queryKey: visitKeys.briefing(id),
    queryFn: () => unwrap(api.GET('/api/v1/visits/{visit_id}/briefing', { params: { path: { visit_id: id } } })),
    enabled: Number.isInteger(id) && id > 0,
  })
}

/**
 * A visit booked for a referral (or entered afterwards): the referral changes state, and the lists, the
 * worklist, the agendas and the free slots all show it.
 */
export function useBookVisit(callbacks: WriteCallbacks<VisitRead, S['VisitCreate']> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['VisitCreate']) => unwrap(api.POST('/api/v1/visits', { body })),
    onSuccess: async (visit, body) => {
      callbacks.onSuccess?.(visit, body)
      await refresh(
        queryClient,
        referralKeys.details(),
        referralKeys.lists(),
        worklistKeys.all(),
        agendaKeys.all(),
        freeSlotKeys.all(),
      )
    },
    onError: callbacks.onError,
  })
}

/**
 * Done, cancelled, no-show (with the visit's version): the visit is stored as answered; its briefing, the
 * worklist, the agendas and the referrals (a done visit moves its referral on) are read again.
 */
export function useChangeVisitStatus(visitId: number, callbacks: WriteCallbacks<VisitRead, S['VisitStatusChange']> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['VisitStatusChange']) =>
      unwrap(api.POST('/api/v1/visits/{visit_id}/status', { params: { path: { visit_id: visitId } }, body })),
    onSuccess: async (updated, body) => {
      queryClient.setQueryData(visitKeys.detail(visitId), updated)
      callbacks.onSuccess?.(updated, body)
      await refresh(
        queryClient,
        visitKeys.briefings(),
        worklistKeys.all(),
        agendaKeys.all(),
        referralKeys.details(),
        referralKeys.lists(),
      )
    },
    onError: callbacks.onError,
  })
}

/** The advisor read the briefing: the visit is stored as answered, the worklist read again. */
export function useMarkBriefingRead(visitId: number, callbacks: WriteCallbacks<VisitRead> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/visits/{visit_id}/briefing/read', { params: { path: { visit_id: visitId } } })),
    onSuccess: async (updated) => {
      queryClient.setQueryData(visitKeys.detail(visitId), updated)
      callbacks.onSuccess?.(updated)
      await refresh(queryClient, worklistKeys.all())
    },
    onError: callbacks.onError,
  })
}

/**
 * The visit's notes (with its version), stored as answered. The page queues the change instead when
 * there is no network (src/offline/queue.ts): the write is tried whatever the browser says, never paused.
 */
export function useSaveVisitNotes(visitId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: (body: S['VisitUpdate']) =>
      unwrap(api.PATCH('/api/v1/visits/{visit_id}', { params: { path: { visit_id: visitId } }, body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(visitKeys.detail(visitId), updated)
    },
  })
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { isConflict } from '../lib/errors'
import { api, unwrap } from './client'
import { householdKeys } from './households'
import { PAGE_SIZE } from './pages'
import type { components } from './schema'
import type { OrientationCreate, OrientationStatus, OrientationTransition, OrientationUpdate } from './types'
import { worklistKeys } from './worklist'
import { refresh } from './writes'

type S = components['schemas']

export interface FollowUpFilters {
  status?: OrientationStatus
  responsible_id?: number
  unit_id?: number
  kind?: string
  due?: 'overdue' | 'soon'
  offset?: number
}

/** A household's follow-up (orientations, works updates, closing); the board of every orientation. */
export const followUpKeys = {
  detail: (householdId: number) => ['follow-up', householdId] as const,
  orientations: () => ['orientations'] as const,
  board: (filters: FollowUpFilters) => ['orientations', 'board', filters] as const,
}

/** The follow-up board: orientations by due date (undated last). */
export function useFollowUpBoard(filters: FollowUpFilters) {
  return useQuery({
    queryKey: followUpKeys.board(filters),
    queryFn: () => unwrap(api.GET('/api/v1/orientations', { params: { query: { ...filters, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
    staleTime: 0,
  })
}

/** A household's follow-up: orientations with their log, the landlord's works updates, closing. */
export function useFollowUp(householdId: number) {
  return useQuery({
    queryKey: followUpKeys.detail(householdId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/households/{household_id}/follow-up', { params: { path: { household_id: householdId } } })),
    enabled: Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/** One call of the follow-up: on an orientation (step, note, handover, change), or on the household's case. */
export type FollowUpWrite =
  | { kind: 'transition'; orientationId: number; body: OrientationTransition }
  | { kind: 'note'; orientationId: number; body: S['FollowUpNoteCreate'] }
  | { kind: 'handover'; orientationId: number; body: S['HandoverCreate'] }
  | { kind: 'update'; orientationId: number; body: OrientationUpdate }
  | { kind: 'add'; body: OrientationCreate }
  | { kind: 'close'; body: S['CloseRequest'] }
  | { kind: 'reopen'; body: S['ReopenRequest'] }

function send(householdId: number, write: FollowUpWrite): Promise<unknown> {
  const household = { params: { path: { household_id: householdId } } }
  switch (write.kind) {
    case 'add':
      return unwrap(api.POST('/api/v1/households/{household_id}/orientations', { ...household, body: write.body }))
    case 'close':
      return unwrap(api.POST('/api/v1/households/{household_id}/close', { ...household, body: write.body }))
    case 'reopen':
      return unwrap(api.POST('/api/v1/households/{household_id}/reopen', { ...household, body: write.body }))
  }
  const orientation = { params: { path: { orientation_id: write.orientationId } } }
  switch (write.kind) {
    case 'transition':
      return unwrap(api.POST('/api/v1/orientations/{orientation_id}/transitions', { ...orientation, body: write.body }))
    case 'note':
      return unwrap(api.POST('/api/v1/orientations/{orientation_id}/notes', { ...orientation, body: write.body }))
    case 'handover':
      return unwrap(api.POST('/api/v1/orientations/{orientation_id}/handover', { ...orientation, body: write.body }))
    case 'update':
      return unwrap(api.PATCH('/api/v1/orientations/{orientation_id}', { ...orientation, body: write.body }))
  }
}

/**
 * Every follow-up call of a household refreshes what depends on it: its follow-up and record, the board
 * and the worklist. On a 409 the follow-up is read again (waited for) so that the next try carries the
 * current version.
 */
export function useFollowUpWrite(householdId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (write: FollowUpWrite) => send(householdId, write),
    onSuccess: () =>
      refresh(
        queryClient,
        followUpKeys.detail(householdId),
        householdKeys.detail(householdId),
        followUpKeys.orientations(),
        worklistKeys.all(),
      ),
    onError: async (e) => {
      if (isConflict(e)) await refresh(queryClient, followUpKeys.detail(householdId))
    },
  })
}

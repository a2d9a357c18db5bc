import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { MAX_PAGE } from './pages'
import type { components } from './schema'
import type { SynthesisKind, SynthesisRead } from './types'

type S = components['schemas']

/** A visit's family and technical syntheses (two at most, one list). */
export const synthesisKeys = {
  list: (visitId: number) => ['syntheses', visitId] as const,
}

/** A visit's syntheses, read now (also after a 409, to show the current text beside the one typed). */
export async function fetchSyntheses(visitId: number) {
  const page = await unwrap(
    api.GET('/api/v1/visits/{visit_id}/syntheses', { params: { path: { visit_id: visitId }, query: { limit: MAX_PAGE } } }),
  )
  return page.items
}

export function useSyntheses(visitId: number) {
  return useQuery({
    queryKey: synthesisKeys.list(visitId),
    queryFn: () => fetchSyntheses(visitId),
    enabled: Number.isInteger(visitId) && visitId > 0,
    staleTime: 0,
  })
}

/**
 * Every write of a synthesis answers it whole: it replaces its kind in the visit's list (nothing is read
 * again; the page remounts the synthesis on its new version).
 */
function storeSynthesis(queryClient: QueryClient, visitId: number, saved: SynthesisRead) {
  queryClient.setQueryData<SynthesisRead[]>(synthesisKeys.list(visitId), (old) =>
    [...(old ?? []).filter((s) => s.kind !== saved.kind), saved].sort((a, b) => a.kind.localeCompare(b.kind)),
  )
}

/** « Reprendre le texte actuel » after a 409: the current synthesis, read by fetchSyntheses, goes to the list. */
export function useKeepSynthesis(visitId: number) {
  const queryClient = useQueryClient()
  return (current: SynthesisRead) => storeSynthesis(queryClient, visitId, current)
}

/** The text of one synthesis (with the version it was based on, none for the first save). */
export function useSaveSynthesis(visitId: number, kind: SynthesisKind) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['SynthesisWrite']) =>
      unwrap(api.PUT('/api/v1/visits/{visit_id}/syntheses/{kind}', { params: { path: { visit_id: visitId, kind } }, body })),
    onSuccess: (saved) => storeSynthesis(queryClient, visitId, saved),
  })
}

/** A step of a synthesis' lifecycle (submit for review, finalise...). */
export function useSynthesisTransition(visitId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ synthesisId, body }: { synthesisId: number; body: S['TransitionRequest'] }) =>
      unwrap(api.POST('/api/v1/syntheses/{synthesis_id}/transitions', { params: { path: { synthesis_id: synthesisId } }, body })),
    onSuccess: (saved) => storeSynthesis(queryClient, visitId, saved),
  })
}

/** The writer accepts or rejects a reviewer's remark (a suggested change is applied when accepted). */
export function useResolveComment(visitId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ synthesisId, commentId, accept }: { synthesisId: number; commentId: number; accept: boolean }) =>
      unwrap(
        api.POST('/api/v1/syntheses/{synthesis_id}/comments/{comment_id}/{decision}', {
          params: { path: { synthesis_id: synthesisId, comment_id: commentId, decision: accept ? 'accept' : 'reject' } },
        }),
      ),
    onSuccess: (saved) => storeSynthesis(queryClient, visitId, saved),
  })
}

/** A reviewer's remark, or a suggested change of a quoted passage. */
export function useAddComment(visitId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ synthesisId, body }: { synthesisId: number; body: S['ReviewCommentCreate'] }) =>
      unwrap(api.POST('/api/v1/syntheses/{synthesis_id}/comments', { params: { path: { synthesis_id: synthesisId } }, body })),
    onSuccess: (saved) => storeSynthesis(queryClient, visitId, saved),
  })
}

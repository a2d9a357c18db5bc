import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { filenameFromDisposition } from '../lib/dashboard'
import { ApiError, toApiError } from '../lib/errors'
import type { MultipartBody } from '../offline/db'
import { offlineFetch } from '../offline/fetch'
import { writeRequest } from '../offline/sync'
import { api, clientBaseUrl, session, unwrap } from './client'
import { allPages } from './pages'
import type { AttachmentRead } from './types'
import { refresh } from './writes'

/** A visit's photos and documents. */
export const attachmentKeys = {
  visit: (householdId: number, visitId: number) => ['attachments', householdId, visitId] as const,
}

/** The upload's path (also the outbox items' path: src/offline/queue.ts `pendingCreations`). */
export const uploadPath = (visitId: number) => `/api/v1/visits/${visitId}/attachments`

/** The visit's photos and documents (the same URL « Préparer mes visites » keeps on the device). */
export function listVisitAttachments(householdId: number, visitId: number, init?: { headers: Record<string, string> }): Promise<AttachmentRead[]> {
  return allPages((limit, offset) =>
    unwrap(
      api.GET('/api/v1/households/{household_id}/attachments', {
        params: { path: { household_id: householdId }, query: { visit_id: visitId, limit, offset } },
        ...init,
      }),
    ),
  )
}

export function useVisitAttachments(householdId: number, visitId: number) {
  return useQuery({
    queryKey: attachmentKeys.visit(householdId, visitId),
    queryFn: () => listVisitAttachments(householdId, visitId),
  })
}

/** Sends one upload; no network: ApiError status 0 (the caller then queues it with the same key). */
export async function postAttachment(visitId: number, multipart: MultipartBody, idempotencyKey: string): Promise<AttachmentRead> {
  const request = writeRequest({ method: 'POST', path: uploadPath(visitId), body: {}, idempotencyKey, multipart })
  let response: Response
  try {
    response = await offlineFetch(request, session.fetch)
  } catch {
    throw new ApiError(0, null)
  }
  const payload: unknown = await response.json().catch(() => null)
  if (!response.ok) throw toApiError(payload, response)
  return payload as AttachmentRead
}

/**
 * A photo or document added to the visit: its list is read again (waited for). The form queues the
 * upload instead when there is no network (src/offline/queue.ts): the write is tried whatever the
 * browser says, never paused.
 */
export function useUploadAttachment(householdId: number, visitId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: ({ multipart, idempotencyKey }: { multipart: MultipartBody; idempotencyKey: string }) =>
      postAttachment(visitId, multipart, idempotencyKey),
    onSuccess: () => refresh(queryClient, attachmentKeys.visit(householdId, visitId)),
  })
}

/** A photo or document removed: the visit's list is read again (waited for). */
export function useDeleteAttachment(householdId: number, visitId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) => unwrap(api.DELETE('/api/v1/attachments/{attachment_id}', { params: { path: { attachment_id: id } } })),
    onSuccess: () => refresh(queryClient, attachmentKeys.visit(householdId, visitId)),
  })
}

/** The photo or PDF itself, read with the session's token (a plain link would not carry it). */
export async function fetchContent(attachment: Pick<AttachmentRead, 'id' | 'content_url'>): Promise<{ blob: Blob; filename: string }> {
  const request = new Request(new URL(attachment.content_url, `${clientBaseUrl()}/`).toString())
  let response: Response
  try {
    response = await session.fetch(request)
  } catch {
    throw new ApiError(0, null)
  }
  if (!response.ok) throw toApiError(await response.json().catch(() => null), response)
  const filename = filenameFromDisposition(response.headers.get('Content-Disposition'), `document-${attachment.id}.pdf`)
  return { blob: await response.blob(), filename }
}

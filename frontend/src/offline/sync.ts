import type { QueryClient } from '@tanstack/react-query'
import { clientBaseUrl, session } from '../api/client'
import { refreshAll } from '../api/writes'
import { ApiError, toApiError } from '../lib/errors'
import { db, type OutboxItem } from './db'
import { offlineFetch } from './fetch'
import { dropDraftIfUnused, nextToSend, queueItems } from './queue'
import { currentOwner, setOffline } from './store'

export type SendOutcome = { kind: 'sent'; result: unknown } | { kind: 'conflict' } | { kind: 'failed'; detail: string } | { kind: 'stop' }

/** The HTTP request of a queued write: JSON, or multipart/form-data built now from the stored Blob. */
export function writeRequest(item: Pick<OutboxItem, 'method' | 'path' | 'body' | 'idempotencyKey' | 'multipart'>): Request {
  const headers: Record<string, string> = { Accept: 'application/json', 'Idempotency-Key': item.idempotencyKey }
  let body: BodyInit
  if (item.multipart) {
    // No Content-Type: the browser writes it with the boundary.
    const form = new FormData()
    for (const [name, value] of Object.entries(item.multipart.fields)) form.append(name, value)
    for (const file of item.multipart.files) form.append(file.field, file.blob, file.filename)
    body = form
  } else {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(item.body)
  }
  return new Request(new URL(item.path, `${clientBaseUrl()}/`).toString(), { method: item.method, headers, body })
}

/** Sends one queued write with its idempotency key (a retried send never creates a second record). */
export async function sendWrite(item: Pick<OutboxItem, 'method' | 'path' | 'body' | 'idempotencyKey' | 'multipart'>): Promise<SendOutcome> {
  const request = writeRequest(item)
  let response: Response
  try {
    response = await offlineFetch(request, session.fetch)
  } catch {
    return { kind: 'stop' }
  }
  const payload: unknown = await response.json().catch(() => null)
  if (response.ok) return { kind: 'sent', result: payload }
  // An upload has no fields to compare: its 409 (the key reused for another file) is a refusal to show.
  if (response.status === 409 && !item.multipart) return { kind: 'conflict' }
  // A 401 here means the session could not be renewed: keep everything for the next login.
  if (response.status === 401 || response.status >= 500) return { kind: 'stop' }
  return { kind: 'failed', detail: toApiError(payload, response).detail }
}

let running: Promise<number> | null = null
let client: QueryClient | null = null

/** After a run stopped for lack of network (or a session being renewed): tried again soon, then less often. */
const FIRST_RETRY_MS = 2_000
const LAST_RETRY_MS = 30_000
let retryDelay = FIRST_RETRY_MS
let retryTimer: ReturnType<typeof setTimeout> | null = null

function retrySoon(): void {
  if (retryTimer !== null) return
  retryTimer = setTimeout(() => {
    retryTimer = null
    if (globalThis.navigator?.onLine !== false) void runSync()
  }, retryDelay)
  retryDelay = Math.min(retryDelay * 2, LAST_RETRY_MS)
}

/**
 * Sends the logged-in person's queue in order, one item at a time: a success removes the item (and the
 * draft it came from) and refreshes the caches; a 409 keeps it as a conflict, another refusal as failed
 * with the server's message; no network stops the run (tried again when the network returns).
 * Returns how many items reached the server.
 */
export function runSync(): Promise<number> {
  if (!running) {
    running = doRun().finally(() => {
      running = null
    })
  }
  return running
}

async function doRun(): Promise<number> {
  if (currentOwner() === null) {
    retrySoon() // the device's owner is still being read (an offline start): try again shortly
    return 0
  }
  let sent = 0
  for (;;) {
    const item = nextToSend(await queueItems())
    if (!item || item.id === undefined) break
    const outcome = await sendWrite(item)
    if (outcome.kind === 'stop') {
      retrySoon()
      break
    }
    retryDelay = FIRST_RETRY_MS
    if (outcome.kind === 'sent') {
      await db.outbox.delete(item.id)
      if (item.draftKey) await dropDraftIfUnused(item.draftKey)
      sent++
    } else if (outcome.kind === 'conflict') {
      await db.outbox.update(item.id, { status: 'conflict', error: 'Modifié sur le serveur entre-temps.' })
    } else {
      await db.outbox.update(item.id, { status: 'failed', error: outcome.detail })
    }
  }
  if (sent && client) await refreshAll(client)
  return sent
}

/** Sends the merged record chosen on the conflict screen (the server's current version inside). */
export async function resolveConflict(item: OutboxItem, body: Record<string, unknown>): Promise<void> {
  const outcome = await sendWrite({ ...item, body })
  if (outcome.kind === 'sent') {
    if (item.id !== undefined) await db.outbox.delete(item.id)
    if (item.draftKey) await dropDraftIfUnused(item.draftKey)
    if (client) await refreshAll(client)
    void runSync()
    return
  }
  if (outcome.kind === 'stop') throw new ApiError(0, null)
  if (outcome.kind === 'conflict') throw new ApiError(409, { detail: 'Le serveur a encore changé : comparez à nouveau.' })
  throw new ApiError(422, { detail: outcome.detail })
}

/** Reads the record as it is on the server now (for the comparison). */
export async function readServerRecord(url: string): Promise<Record<string, unknown> | null> {
  const request = new Request(new URL(url, `${clientBaseUrl()}/`).toString(), { headers: { Accept: 'application/json' } })
  const response = await session.fetch(request).catch(() => null)
  if (!response) throw new ApiError(0, null)
  if (response.status === 404) return null
  const payload: unknown = await response.json().catch(() => null)
  if (!response.ok) throw toApiError(payload, response)
  setOffline(false)
  return payload as Record<string, unknown>
}

/** Runs the queue when the network comes back, on start, and every half minute while items wait. */
export function startSync(queryClient: QueryClient): void {
  client = queryClient
  window.addEventListener('online', () => void runSync())
  window.setInterval(() => {
    if (navigator.onLine) void runSync()
  }, 30_000)
}

import { db, type MultipartBody, type OutboxItem } from './db'
import { currentOwner } from './store'

export interface QueuedWrite {
  method: OutboxItem['method']
  path: string
  body: Record<string, unknown>
  label: string
  visitId?: number | null
  householdId?: number | null
  draftKey?: string | null
  recordUrl?: string | null
  /** A file upload: sent as multipart/form-data (`body` then only describes it). */
  multipart?: MultipartBody | null
  /** The key an online attempt already used (its answer may have been lost): kept for every retry. */
  idempotencyKey?: string
}

/** Items in the order they were made (the order they are sent in). */
export function orderQueue(items: OutboxItem[]): OutboxItem[] {
  return [...items].sort((a, b) => (a.id ?? 0) - (b.id ?? 0))
}

/**
 * The next item to send: the first pending one whose record has no earlier item stuck in conflict or
 * refused (a later change of the same record waits for the person to settle the earlier one).
 */
export function nextToSend(items: OutboxItem[]): OutboxItem | undefined {
  const stuck = new Set<string>()
  for (const item of orderQueue(items)) {
    if (item.status !== 'pending') {
      stuck.add(item.path)
      continue
    }
    if (!stuck.has(item.path)) return item
  }
  return undefined
}

/**
 * A pending change of the same record (PUT/PATCH of one path) is replaced by the newer one: it keeps its
 * place, the version it was based on and its idempotency key. A creation (POST) is always a new item.
 */
export function coalesceTarget(items: OutboxItem[], write: Pick<QueuedWrite, 'method' | 'path'>): OutboxItem | undefined {
  if (write.method === 'POST') return undefined
  return orderQueue(items).find((i) => i.status === 'pending' && i.method === write.method && i.path === write.path)
}

export function newKey(): string {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`
}

/** Queues a write made offline (or that found no network); returns the item's id. */
export async function enqueue(write: QueuedWrite): Promise<number> {
  const owner = currentOwner()
  if (owner === null) throw new Error('Personne n’est connecté sur cet appareil.')
  return db.transaction('rw', db.outbox, async () => {
    const mine = await db.outbox.where('owner').equals(owner).toArray()
    const same = coalesceTarget(mine, write)
    if (same?.id !== undefined) {
      await db.outbox.update(same.id, { body: write.body, label: write.label, draftKey: write.draftKey ?? same.draftKey })
      return same.id
    }
    const baseVersion = typeof write.body.version === 'number' ? write.body.version : null
    return db.outbox.add({
      owner,
      method: write.method,
      path: write.path,
      body: write.body,
      baseVersion,
      idempotencyKey: write.idempotencyKey ?? newKey(),
      label: write.label,
      status: 'pending',
      error: null,
      createdAt: Date.now(),
      visitId: write.visitId ?? null,
      householdId: write.householdId ?? null,
      draftKey: write.draftKey ?? null,
      recordUrl: write.recordUrl ?? null,
      multipart: write.multipart ?? null,
    }) as Promise<number>
  })
}

/** The logged-in person's queue, in order. */
export async function queueItems(): Promise<OutboxItem[]> {
  const owner = currentOwner()
  if (owner === null) return []
  try {
    return orderQueue(await db.outbox.where('owner').equals(owner).toArray())
  } catch {
    return []
  }
}

/** Pending POSTs to a path (the bills created offline, shown « En attente de synchronisation »). */
export async function pendingCreations(path: string): Promise<OutboxItem[]> {
  return (await queueItems()).filter((i) => i.method === 'POST' && i.path === path)
}

/** Pending PUTs to the records under a path (the saved bills edited offline). */
export async function pendingEdits(path: string): Promise<OutboxItem[]> {
  return (await queueItems()).filter((i) => i.method === 'PUT' && i.path.startsWith(`${path}/`))
}

export async function discardItem(id: number): Promise<void> {
  const item = await db.outbox.get(id)
  await db.outbox.delete(id)
  if (item?.draftKey) await dropDraftIfUnused(item.draftKey)
}

/** Drops a form's draft once no queued item still needs it. */
export async function dropDraftIfUnused(draftKey: string): Promise<void> {
  const still = await db.outbox.filter((i) => i.draftKey === draftKey).count()
  if (!still) await db.drafts.delete(draftKey)
}

/** A save that reached the server supersedes the form's changes still waiting (the same record, older). */
export async function dropPendingOf(draftKey: string): Promise<void> {
  await db.outbox.filter((i) => i.draftKey === draftKey && i.status === 'pending').delete()
}

import Dexie, { type EntityTable } from 'dexie'

/**
 * What the SPA keeps on the device (IndexedDB, database « binome-offline »), for the logged-in person's
 * own visits only. See the README's « Hors ligne » paragraph (written for the DPO).
 */

/** A copy of one API answer (GET), keyed by its URL path and query ("/api/v1/visits/12"). */
export interface StoredResponse {
  url: string
  /** Whose visit preparation stored it: never answered to anybody else. */
  owner: number
  /** The visit it was prepared for (null: shared by the forms, e.g. the equipment catalogue). */
  visitId: number | null
  status: number
  body: string
  storedAt: number
}

/** What a form holds that is not on the server yet (saved on each change). */
export interface Draft {
  key: string
  owner: number
  value: unknown
  savedAt: number
  /** The server record's `updated_at` (or version) the draft started from. */
  basedOn: string | null
  visitId: number | null
}

export type OutboxStatus = 'pending' | 'conflict' | 'failed'

/**
 * A multipart write (a photo or a document): the file itself is kept in IndexedDB as a Blob (its name
 * apart: a File may come back as a plain Blob), the form's other fields as text; the FormData is built
 * when the item is sent (src/offline/sync.ts).
 */
export interface MultipartBody {
  fields: Record<string, string>
  files: { field: string; blob: Blob; filename: string }[]
}

/** A write waiting for the network, sent in order (`id`) by src/offline/sync.ts. */
export interface OutboxItem {
  id?: number
  owner: number
  method: 'POST' | 'PUT' | 'PATCH'
  /** API path with /api/v1, e.g. "/api/v1/visits/12/technical-diagnostic". */
  path: string
  body: Record<string, unknown>
  /** The record's version the change was based on (null: a creation). */
  baseVersion: number | null
  idempotencyKey: string
  /** « Diagnostic technique – Famille Martin » */
  label: string
  status: OutboxStatus
  /** The server's French message for a refused item. */
  error: string | null
  createdAt: number
  visitId: number | null
  householdId: number | null
  /** The draft this write comes from, dropped once the write reached the server. */
  draftKey: string | null
  /** Where the current server record is read to compare on a conflict (GET). */
  recordUrl: string | null
  /** Sent as multipart/form-data instead of the JSON `body` (absent on older items). */
  multipart?: MultipartBody | null
}

export interface MetaEntry {
  key: string
  value: unknown
}

export class OfflineDatabase extends Dexie {
  responses!: EntityTable<StoredResponse, 'url'>
  drafts!: EntityTable<Draft, 'key'>
  outbox!: EntityTable<OutboxItem, 'id'>
  meta!: EntityTable<MetaEntry, 'key'>

  constructor(name = 'binome-offline') {
    super(name)
    this.version(1).stores({
      responses: 'url, owner, visitId',
      drafts: 'key, owner, visitId',
      outbox: '++id, owner, status, path',
      meta: 'key',
    })
  }
}

export const db = new OfflineDatabase()

/** Meta keys. */
export const META_OWNER = 'owner'
export const META_ME = 'me'
export const META_PREPARED = 'prepared'

export async function getMeta<T>(key: string): Promise<T | undefined> {
  try {
    return (await db.meta.get(key))?.value as T | undefined
  } catch {
    return undefined
  }
}

export async function setMeta(key: string, value: unknown): Promise<void> {
  await db.meta.put({ key, value })
}

/** Everything the device holds, gone (logout, another person, expiry). */
export async function wipeAll(): Promise<void> {
  await db.transaction('rw', [db.responses, db.drafts, db.outbox, db.meta], async () => {
    await Promise.all([db.responses.clear(), db.drafts.clear(), db.outbox.clear(), db.meta.clear()])
  })
}

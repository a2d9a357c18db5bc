import { liveQuery } from 'dexie'
import { useEffect, useState } from 'react'
import { db, type StoredResponse } from './db'

/**
 * Who the device's copies belong to (the logged-in person), and whether the last API call found the
 * network. A copy is only ever answered to its owner.
 */
let owner: number | null = null
let offline = false
const listeners = new Set<() => void>()

export function setOwner(id: number | null): void {
  owner = id
}

export function currentOwner(): number | null {
  return owner
}

export function isOffline(): boolean {
  return offline
}

/** Marks the network as lost (a call failed with status 0) or back (a call got an answer). */
export function setOffline(value: boolean): void {
  if (offline === value) return
  offline = value
  for (const l of [...listeners]) l()
}

export function onOfflineChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** True while the API cannot be reached (the browser says so, or the last call failed). */
export function useOffline(): boolean {
  const [value, setValue] = useState(() => offline || (typeof navigator !== 'undefined' && navigator.onLine === false))
  useEffect(() => {
    const update = () => setValue(offline || navigator.onLine === false)
    const off = onOfflineChange(update)
    window.addEventListener('online', update)
    window.addEventListener('offline', update)
    return () => {
      off()
      window.removeEventListener('online', update)
      window.removeEventListener('offline', update)
    }
  }, [])
  return value
}

/** "/api/v1/visits/12?x=1" from a full URL: the key of the stored copies. */
export function urlKey(url: string): string {
  const u = new URL(url, 'http://localhost/')
  return `${u.pathname}${u.search}`
}

/** The stored copy of a GET, if the logged-in person prepared it. */
export async function storedCopy(url: string): Promise<StoredResponse | undefined> {
  if (owner === null) return undefined
  try {
    const copy = await db.responses.get(urlKey(url))
    return copy && copy.owner === owner ? copy : undefined
  } catch {
    return undefined
  }
}

/** Keeps a copy of a GET's answer (preparing the visits). */
export async function keepCopy(url: string, status: number, body: string, visitId: number | null): Promise<void> {
  if (owner === null) return
  await db.responses.put({ url: urlKey(url), owner, visitId, status, body, storedAt: Date.now() })
}

/** Online, a fresh answer to a prepared URL replaces its copy (nothing new is stored this way). */
export async function refreshCopy(url: string, status: number, body: string): Promise<void> {
  if (owner === null) return
  try {
    const key = urlKey(url)
    const copy = await db.responses.get(key)
    if (copy && copy.owner === owner) await db.responses.put({ ...copy, status, body, storedAt: Date.now() })
  } catch {
    /* no IndexedDB (private mode...): nothing is kept */
  }
}

/** A Dexie live query as React state (undefined until the first answer). */
export function useLive<T>(query: () => Promise<T>, deps: unknown[] = []): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined)
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (v) => setValue(v),
      error: () => setValue(undefined),
    })
    return () => subscription.unsubscribe()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps)
  return value
}

import { useCallback, useEffect, useRef, useState } from 'react'
import { db } from './db'
import { currentOwner, useLive } from './store'

/** How long after the last keystroke a draft is written (ms). */
export const DRAFT_DELAY = 300

export interface DraftOptions<T> {
  /** When the server record was last saved (ISO), or null if there is none: an older draft is not restored. */
  serverUpdatedAt: string | null | undefined
  /** Called once on mount with a draft newer than the server record. */
  onRestore: (value: T) => void
  visitId?: number | null
  /** False for a reader who cannot write (nothing is kept). */
  enabled?: boolean
}

export interface DraftState {
  /** When the restored draft was written (ms), or null if the form opened on the server's version. */
  restoredAt: number | null
  /** The form differs from what was last saved or queued (leaving the page asks first). */
  dirty: boolean
  /** A draft of this form is on the device. */
  hasDraft: boolean
  /** Changes of this form waiting in the queue. */
  pending: number
  /** After a save reached the server: `value` is the new saved state; the draft goes. */
  markSaved: (value: unknown) => void
  /** After a save was queued: `value` is kept as the draft (shown again until it is sent). */
  markQueued: (value: unknown) => Promise<void>
  /** « Revenir à la version enregistrée »: the draft goes (the caller resets the form). */
  discard: () => Promise<void>
}

/**
 * Keeps a form's state on the device: written ~300 ms after each change, online or not; restored on
 * mount when newer than the server record. Nothing typed is lost when a save is refused or the page left.
 */
export function useDraft<T>(key: string, value: T, options: DraftOptions<T>): DraftState {
  const { serverUpdatedAt, visitId = null, enabled = true } = options
  const serialized = JSON.stringify(value)
  const [baseline, setBaseline] = useState(serialized)
  const [loaded, setLoaded] = useState(false)
  const [restoredAt, setRestoredAt] = useState<number | null>(null)
  const onRestore = useRef(options.onRestore)
  const latest = useRef(value)
  latest.current = value

  useEffect(() => {
    let cancelled = false
    const owner = currentOwner()
    if (!enabled || owner === null) {
      setLoaded(true)
      return
    }
    Promise.all([db.drafts.get(key), db.outbox.filter((i) => i.draftKey === key).count()])
      .then(([draft, queued]) => {
        if (cancelled) return
        const serverTime = serverUpdatedAt ? Date.parse(serverUpdatedAt) : 0
        if (draft && draft.owner === owner && draft.savedAt > serverTime) {
          setRestoredAt(draft.savedAt)
          // A draft already queued is not « unsaved »: leaving the page does not ask.
          if (queued) setBaseline(JSON.stringify(draft.value))
          onRestore.current(draft.value as T)
        }
      })
      .catch(() => undefined)
      .finally(() => {
        if (!cancelled) setLoaded(true)
      })
    return () => {
      cancelled = true
    }
    // Read once per form (key): later server versions are handled by markSaved.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])

  const dirty = loaded && serialized !== baseline
  const write = useCallback(
    async (v: unknown) => {
      const owner = currentOwner()
      if (owner === null) return
      await db.drafts.put({ key, owner, value: v, savedAt: Date.now(), basedOn: serverUpdatedAt ?? null, visitId })
    },
    [key, serverUpdatedAt, visitId],
  )

  useEffect(() => {
    if (!enabled || !dirty) return
    const timer = window.setTimeout(() => void write(latest.current).catch(() => undefined), DRAFT_DELAY)
    return () => window.clearTimeout(timer)
  }, [serialized, dirty, enabled, write])

  const hasDraft = !!useLive(async () => (await db.drafts.get(key)) !== undefined, [key])
  const pending = useLive(() => db.outbox.filter((i) => i.draftKey === key).count(), [key]) ?? 0

  const markSaved = useCallback(
    (v: unknown) => {
      setBaseline(JSON.stringify(v))
      setRestoredAt(null)
      void db.drafts.delete(key).catch(() => undefined)
    },
    [key],
  )
  const markQueued = useCallback(
    async (v: unknown) => {
      setBaseline(JSON.stringify(v))
      await write(v).catch(() => undefined)
    },
    [write],
  )
  const discard = useCallback(async () => {
    setRestoredAt(null)
    await db.drafts.delete(key).catch(() => undefined)
  }, [key])

  return { restoredAt, dirty, hasDraft, pending, markSaved, markQueued, discard }
}

/** A write failed for lack of network (or the browser knows it is offline): queue it instead. */
export function isNetworkFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'status' in error && (error as { status: number }).status === 0
}

import type { TimelineEntry } from '../api/types'

export type Tone = 'new' | 'progress' | 'done' | 'stopped'

const DONE = new Set(['done', 'final', 'validated', 'sent', 'obtained', 'report_sent', 'closed', 'visited'])
const STOPPED = new Set(['cancelled', 'no_show', 'rescheduled', 'refused', 'abandoned', 'declined', 'unreachable',
  'out_of_scope', 'duplicate', 'returned'])
const NEW = new Set(['received', 'draft', 'proposed'])

/** The badge colour of a step's status (the text always says the status: colour is never alone). */
export function timelineTone(status: string | null | undefined): Tone {
  if (!status) return 'new'
  if (DONE.has(status)) return 'done'
  if (STOPPED.has(status)) return 'stopped'
  if (NEW.has(status)) return 'new'
  return 'progress'
}

/** Pages of the timeline as one list, without the same entry twice (a step may move while paging). */
export function mergePages(pages: { items: TimelineEntry[] }[]): TimelineEntry[] {
  const seen = new Set<string>()
  const out: TimelineEntry[] = []
  for (const page of pages)
    for (const e of page.items) {
      const key = `${e.kind}:${e.record_id}`
      if (seen.has(key)) continue
      seen.add(key)
      out.push(e)
    }
  return out
}

/** A path from the API is opened by the router only if it stays inside the SPA. */
export function isInternalPath(path: string): boolean {
  return path.startsWith('/') && !path.startsWith('//')
}

import type { AgendaEntry } from '../api/types'

const KEY = 'binome.partner'

/**
 * The person someone usually visits with: the other member of the pair in most of their visits.
 * The API has no "usual partner"; it is counted from agenda entries (visits carry the ids of the
 * requested people they involve), then from the last choice remembered in this browser.
 */
export function usualPartner(meId: number, entries: readonly Pick<AgendaEntry, 'kind' | 'user_ids'>[]): number | null {
  const counts = new Map<number, number>()
  for (const e of entries) {
    if (e.kind !== 'visit' || !e.user_ids.includes(meId)) continue
    for (const other of e.user_ids) if (other !== meId) counts.set(other, (counts.get(other) ?? 0) + 1)
  }
  let best: number | null = null
  let bestCount = 0
  for (const [id, n] of counts) {
    if (n > bestCount) {
      best = id
      bestCount = n
    }
  }
  return best
}

export function rememberPartner(meId: number, partnerId: number): void {
  try {
    localStorage.setItem(`${KEY}.${meId}`, String(partnerId))
  } catch {
    /* storage unavailable: nothing to remember */
  }
}

export function rememberedPartner(meId: number): number | null {
  try {
    const n = Number(localStorage.getItem(`${KEY}.${meId}`))
    return Number.isInteger(n) && n > 0 ? n : null
  } catch {
    return null
  }
}

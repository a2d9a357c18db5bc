import { api, unwrap } from '../api/client'
import { listVisitAttachments } from '../api/attachments'
import { allPages } from '../api/pages'
import type { Me } from '../api/types'
import { fetchEnergyVocabulary } from '../api/vocabulary'
import { addDays, todayKey } from '../lib/datetime'
import { db, getMeta, META_ME, META_OWNER, META_PREPARED, setMeta, wipeAll } from './db'
import { PREPARE_HEADER } from './fetch'
import { setOwner } from './store'

/** How many days ahead « Préparer mes visites » looks. */
export const PREPARE_DAYS = 7
/** How long the device keeps what was prepared when /auth/me does not say (days). */
export const DEFAULT_STORAGE_DAYS = 14
const DAY_MS = 86_400_000

export interface PreparedVisit {
  id: number
  householdId: number
  label: string
  startsAt: string
}

export interface Prepared {
  at: number
  visits: PreparedVisit[]
}

/** The last `Me` kept on the device (for an offline start) and when it was kept. */
export interface StoredMe {
  me: Me
  at: number
}

export function storageDays(me: Me | null | undefined): number {
  const days = (me as { device_storage_days?: number } | null | undefined)?.device_storage_days
  return typeof days === 'number' && days > 0 ? days : DEFAULT_STORAGE_DAYS
}

/** Whether `me` may prepare visits: people of the agenda who go to visits (coordinators, advisors). */
export function mayPrepare(me: Me | null | undefined): boolean {
  return !!me && me.scopes.includes('agenda:read') && (me.scopes.includes('diagnostics:write') || me.scopes.includes('bills:write'))
}

/**
 * At login (or on an online start): the device becomes this person's. Another person's copies, drafts and
 * queue are wiped; so is everything older than the storage period.
 */
export async function claimDevice(me: Me): Promise<void> {
  try {
    const owner = await getMeta<number>(META_OWNER)
    const stored = await getMeta<StoredMe>(META_ME)
    const expired = stored && Date.now() - stored.at > storageDays(me) * DAY_MS
    if ((owner !== undefined && owner !== me.id) || expired) await wipeAll()
    setOwner(me.id)
    await setMeta(META_OWNER, me.id)
    await setMeta(META_ME, { me, at: Date.now() } satisfies StoredMe)
  } catch {
    setOwner(me.id) // no IndexedDB: online use only
  }
}

/** The `Me` kept on the device, if still within its storage period (offline start). */
export async function offlineMe(): Promise<Me | null> {
  const stored = await getMeta<StoredMe>(META_ME)
  if (!stored) return null
  if (Date.now() - stored.at > storageDays(stored.me) * DAY_MS) {
    await wipeAll().catch(() => undefined)
    return null
  }
  return stored.me
}

const tag = (visitId: number | 'shared') => ({ headers: { [PREPARE_HEADER]: String(visitId) } })

/** A read that may fail (no right, nothing yet): the copy is simply not made. */
async function quietly(call: () => Promise<unknown>): Promise<void> {
  try {
    await call()
  } catch {
    /* a 403/404 or a computation refused: the page will say so offline too (404s are kept) */
  }
}

/**
 * « Préparer mes visites »: for the person's OWN planned visits of the next days, keeps on the device what
 * the visit pages read (visit, briefing, household, bills, analysis, diagnostics, works), as the role may
 * read it; plus the equipment catalogue and the energy vocabulary. Visits no longer planned (done,
 * cancelled) are dropped once nothing of theirs waits in the queue.
 */
export async function prepareVisits(me: Me, days = PREPARE_DAYS): Promise<Prepared> {
  setOwner(me.id)
  const start = todayKey()
  const agenda = await unwrap(
    api.GET('/api/v1/agenda', { params: { query: { user_id: [me.id], start, end: addDays(start, days - 1) } } }),
  )
  const entries = agenda.entries.filter((e) => e.kind === 'visit' && e.status === 'planned' && e.user_ids.includes(me.id))
  const has = (s: string) => me.scopes.includes(s as Me['scopes'][number])
  const visits: PreparedVisit[] = []
  for (const entry of entries) {
    const opts = tag(entry.id)
    const path = { visit_id: entry.id }
    let visit
    try {
      visit = await unwrap(api.GET('/api/v1/visits/{visit_id}', { params: { path }, ...opts }))
    } catch {
      continue
    }
    const hid = visit.household.id
    const hpath = { household_id: hid }
    await Promise.all([
      quietly(() => unwrap(api.GET('/api/v1/visits/{visit_id}/briefing', { params: { path }, ...opts }))),
      quietly(() => unwrap(api.GET('/api/v1/visits/{visit_id}/technical-diagnostic', { params: { path }, ...opts }))),
      quietly(() => unwrap(api.GET('/api/v1/households/{household_id}', { params: { path: hpath }, ...opts }))),
      quietly(() =>
        allPages((limit, offset) =>
          unwrap(api.GET('/api/v1/households/{household_id}/bills', { params: { path: hpath, query: { limit, offset } }, ...opts })),
        ),
      ),
      quietly(() => listVisitAttachments(hid, entry.id, opts)),
      quietly(() => unwrap(api.GET('/api/v1/households/{household_id}/analysis', { params: { path: hpath }, ...opts }))),
      quietly(() => unwrap(api.GET('/api/v1/households/{household_id}/eligibility', { params: { path: hpath }, ...opts }))),
      quietly(() => unwrap(api.GET('/api/v1/households/{household_id}/works-estimate', { params: { path: hpath }, ...opts }))),
      quietly(() => unwrap(api.GET('/api/v1/households/{household_id}/works-plan', { params: { path: hpath }, ...opts }))),
      has('social:read')
        ? quietly(() => unwrap(api.GET('/api/v1/households/{household_id}/social-diagnostic', { params: { path: hpath }, ...opts })))
        : Promise.resolve(),
    ])
    visits.push({ id: visit.id, householdId: hid, label: visit.household.display_name, startsAt: visit.starts_at })
  }
  if (has('directory:read') || has('admin')) {
    await quietly(() =>
      allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/equipment-catalogue', { params: { query: { limit, offset } }, ...tag('shared') })),
      ),
    )
    // The energies, units and labels the bill grid and the diagnostic need, offline too.
    await quietly(() => fetchEnergyVocabulary(tag('shared')))
  }
  await forgetOtherVisits(visits.map((v) => v.id))
  const prepared: Prepared = { at: Date.now(), visits }
  await setMeta(META_PREPARED, prepared)
  await setMeta(META_ME, { me, at: Date.now() } satisfies StoredMe)
  return prepared
}

/** Drops the copies and drafts of visits no longer prepared, unless their changes still wait to be sent. */
export async function forgetOtherVisits(keep: number[]): Promise<void> {
  const kept = new Set(keep)
  const queued = new Set((await db.outbox.toArray()).map((i) => i.visitId).filter((v): v is number => v !== null))
  const gone = (visitId: number | null) => visitId !== null && !kept.has(visitId) && !queued.has(visitId)
  await db.responses.filter((r) => gone(r.visitId)).delete()
  await db.drafts.filter((d) => gone(d.visitId)).delete()
}

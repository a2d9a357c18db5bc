/** The audit log's filters, kept in the page's address (shareable, back button works). */

export interface AuditFilters {
  actor_id?: number
  household_id?: number
  action?: string
  entity?: string
  /** First day, yyyy-mm-dd (Europe/Paris). */
  from?: string
  /** Last day, yyyy-mm-dd (Europe/Paris), inclusive. */
  to?: string
  /** Part of a person's or a household's name. */
  q?: string
  offset?: number
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/
const CODE = /^[a-z][a-z0-9_]*$/

function positive(value: string | null): number | undefined {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

/** Reads the filters from the address, ignoring anything malformed (a hand-edited URL never breaks the page). */
export function auditFiltersFromParams(params: URLSearchParams): AuditFilters {
  const f: AuditFilters = {}
  const actor = positive(params.get('personne'))
  if (actor) f.actor_id = actor
  const household = positive(params.get('menage'))
  if (household) f.household_id = household
  const action = params.get('action')
  if (action && CODE.test(action)) f.action = action
  const entity = params.get('type')
  if (entity && CODE.test(entity)) f.entity = entity
  const from = params.get('du')
  if (from && ISO_DAY.test(from)) f.from = from
  const to = params.get('au')
  if (to && ISO_DAY.test(to)) f.to = to
  const q = params.get('q')?.trim()
  if (q) f.q = q.slice(0, 100)
  const offset = positive(params.get('offset'))
  if (offset) f.offset = offset
  return f
}

/** The address of these filters (empty ones left out, offset only past the first page). */
export function auditParamsFromFilters(f: AuditFilters): URLSearchParams {
  const p = new URLSearchParams()
  if (f.actor_id) p.set('personne', String(f.actor_id))
  if (f.household_id) p.set('menage', String(f.household_id))
  if (f.action) p.set('action', f.action)
  if (f.entity) p.set('type', f.entity)
  if (f.from) p.set('du', f.from)
  if (f.to) p.set('au', f.to)
  if (f.q) p.set('q', f.q)
  if (f.offset && f.offset > 0) p.set('offset', String(f.offset))
  return p
}

/** The API's query for these filters (the same for the list and the CSV export, which has no paging). */
export function auditApiQuery(f: AuditFilters) {
  return {
    actor_id: f.actor_id,
    household_id: f.household_id,
    action: f.action,
    entity: f.entity,
    from: f.from,
    to: f.to,
    q: f.q,
  }
}

/** A French message when the range is impossible, else null. */
export function dateRangeError(from: string | undefined, to: string | undefined): string | null {
  if (from && to && from > to) return 'La date de début doit précéder la date de fin.'
  return null
}

/** Whether any filter is set (the offset is not a filter). */
export function hasFilters(f: AuditFilters): boolean {
  return Object.entries(f).some(([k, v]) => k !== 'offset' && v !== undefined && v !== '')
}

/** « 1 événement », « 3 événements ». */
export function eventCount(n: number): string {
  return `${n.toLocaleString('fr-FR')} événement${n > 1 ? 's' : ''}`
}

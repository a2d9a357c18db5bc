import { ApiError } from './errors'
import { formatTime, formatWeekdayDate, parisDateKey } from './datetime'

/** Why a booking was refused, as the booking form shows it. */
export interface BookingRefusal {
  message: string
  /** The field the refusal is about (starts_at, ends_at, afterwards_reason…), if any. */
  field?: string
  /** The household's visit already planned: the form links to it, to reschedule it instead. */
  existingVisitId?: number
}

/** Reads a refusal of POST /visits: the API's French message, its field, and the visit to reschedule. */
export function bookingRefusal(e: unknown): BookingRefusal {
  if (!(e instanceof ApiError)) return { message: 'La visite n’a pas pu être planifiée.' }
  const refusal: BookingRefusal = { message: e.detail }
  const field = e.fields[0]?.field
  if (field) refusal.field = field
  if (e.allowed.includes('reschedule') && e.recordId != null) refusal.existingVisitId = e.recordId
  return refusal
}

/** Duration of a home visit, as the API books it. */
export const VISIT_HOURS = 2

/** A free slot of the pair (the shape of GET /agenda/free-slots). */
export interface Slot {
  starts_at: string
  ends_at: string
}

/**
 * At most `max` suggestions among a day's free slots, spread over the day: the slots that do not
 * overlap (taken in order), then the first, the last and evenly spaced ones between them — so a
 * morning, a midday and an afternoon offer rather than the first three slots of the morning.
 */
export function spreadSlots<S extends Slot>(slots: readonly S[], max = 3): S[] {
  const apart: S[] = []
  for (const s of [...slots].sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at))) {
    const last = apart.at(-1)
    if (!last || Date.parse(s.starts_at) >= Date.parse(last.ends_at)) apart.push(s)
  }
  if (apart.length <= max) return apart
  if (max <= 1) return apart.slice(0, max)
  const step = (apart.length - 1) / (max - 1)
  return Array.from({ length: max }, (_, i) => apart[Math.round(i * step)])
}

/**
 * « Confirmer la visite du mardi 01/12/2026 de 10:00 à 12:00 chez DUPONT Marie ? », or for a visit
 * entered afterwards « Enregistrer comme réalisée la visite du … ? ».
 */
export function bookingQuestion(startsAt: string, householdName: string, endsAt?: string, afterwards = false): string {
  const end = endsAt ?? new Date(Date.parse(startsAt) + VISIT_HOURS * 3_600_000).toISOString()
  const verb = afterwards ? 'Enregistrer comme réalisée' : 'Confirmer'
  return `${verb} la visite du ${formatWeekdayDate(parisDateKey(startsAt))} de ${formatTime(startsAt)} à ${formatTime(end)} chez ${householdName} ?`
}

import { ApiError } from './errors'

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

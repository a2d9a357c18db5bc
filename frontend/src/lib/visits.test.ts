import { describe, expect, it } from 'vitest'
import { ApiError } from './errors'
import { bookingRefusal } from './visits'

describe('bookingRefusal', () => {
  it('points to the visit already planned when the API offers to reschedule it', () => {
    const e = new ApiError(409, {
      error: 'conflict',
      detail: 'Ce ménage a déjà une visite prévue le 04/03/2031 à 09:00 (visite n° 12) : reportez-la.',
      allowed: ['reschedule'],
      record_id: 12,
    })
    expect(bookingRefusal(e)).toEqual({ message: e.detail, existingVisitId: 12 })
  })

  it('keeps the field of a 422', () => {
    const e = new ApiError(422, {
      error: 'validation_error',
      detail: 'Indiquez pourquoi la visite est saisie après coup.',
      fields: [{ field: 'afterwards_reason', message: 'Indiquez pourquoi la visite est saisie après coup.' }],
    })
    expect(bookingRefusal(e)).toEqual({ message: e.detail, field: 'afterwards_reason' })
  })

  it('ignores a record without the reschedule action, and says something for a network failure', () => {
    expect(bookingRefusal(new ApiError(409, { error: 'conflict', detail: 'Conflit', record_id: 3 }))).toEqual({
      message: 'Conflit',
    })
    expect(bookingRefusal(new Error('boom')).message).toBe('La visite n’a pas pu être planifiée.')
  })
})

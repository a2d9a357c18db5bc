import { describe, expect, it } from 'vitest'
import { formatTime } from './datetime'
import { ApiError } from './errors'
import { bookingQuestion, bookingRefusal, spreadSlots } from './visits'

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

/** A 2-hour slot of 1 December 2026 (a Tuesday, UTC+1 in Paris) starting at `hhmm` Paris time. */
const slot = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number)
  const start = new Date(Date.UTC(2026, 11, 1, h - 1, m))
  return { starts_at: start.toISOString(), ends_at: new Date(start.getTime() + 2 * 3_600_000).toISOString() }
}
const times = (slots: { starts_at: string }[]) => slots.map((s) => formatTime(s.starts_at))

describe('spreadSlots', () => {
  it('offers a morning, a midday and an afternoon slot rather than the first three of the morning', () => {
    // Free every half hour from 08:30 to 16:30: non-overlapping, 08:30 10:30 12:30 14:30 16:30.
    const day = ['08:30', '09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '12:00', '12:30', '13:00', '13:30', '14:00',
      '14:30', '15:00', '15:30', '16:00', '16:30'].map(slot)
    expect(times(spreadSlots(day))).toEqual(['08:30', '12:30', '16:30'])
  })

  it('never offers two overlapping slots, whatever the order given', () => {
    const picked = spreadSlots([slot('14:00'), slot('09:00'), slot('10:00'), slot('15:00'), slot('11:00')])
    expect(times(picked)).toEqual(['09:00', '11:00', '14:00'])
    for (let i = 1; i < picked.length; i++) expect(Date.parse(picked[i].starts_at)).toBeGreaterThanOrEqual(Date.parse(picked[i - 1].ends_at))
  })

  it('keeps every slot when there are few, and none when there are none', () => {
    expect(times(spreadSlots([slot('09:00'), slot('17:00')]))).toEqual(['09:00', '17:00'])
    expect(spreadSlots([])).toEqual([])
  })

  it('spreads four non-overlapping slots over at most `max`', () => {
    const day = ['08:00', '10:00', '12:00', '14:00', '16:00', '18:00'].map(slot)
    expect(times(spreadSlots(day, 4))).toEqual(['08:00', '12:00', '14:00', '18:00'])
    expect(times(spreadSlots(day, 1))).toEqual(['08:00'])
  })
})

describe('bookingQuestion', () => {
  it('names the day, the hours in Paris and the household', () => {
    const s = slot('10:00')
    expect(bookingQuestion(s.starts_at, 'DUPONT Marie', s.ends_at)).toBe(
      'Confirmer la visite du mardi 01/12/2026 de 10:00 à 12:00 chez DUPONT Marie ?',
    )
  })

  it('counts the two hours of a visit when the end is not known yet', () => {
    expect(bookingQuestion('2026-07-04T16:00:00+02:00', 'PERRIN Jeanne')).toBe(
      'Confirmer la visite du samedi 04/07/2026 de 16:00 à 18:00 chez PERRIN Jeanne ?',
    )
    expect(bookingQuestion('2026-07-04T16:00:00+02:00', 'PERRIN Jeanne', undefined, true)).toMatch(
      /^Enregistrer comme réalisée la visite du samedi 04\/07\/2026 de 16:00 à 18:00/,
    )
  })
})

import { describe, expect, it } from 'vitest'
import {
  addDays,
  formatDateKey,
  formatDateTime,
  formatDayName,
  formatSlot,
  formatTime,
  isoWeekday,
  mondayOf,
  parisDateKey,
  parisLocalToIso,
  weekDays,
  weeksBetween,
} from './datetime'

describe('Paris time', () => {
  it('shows UTC instants in Paris time, winter and summer', () => {
    expect(formatTime('2026-01-15T08:00:00Z')).toBe('09:00')
    expect(formatTime('2026-07-15T08:00:00Z')).toBe('10:00')
    expect(formatDateTime('2026-01-15T08:00:00Z')).toBe('15/01/2026 à 09:00')
  })

  it('handles the spring daylight-saving change (29 March 2026)', () => {
    // 00:30 UTC is 01:30 CET; one hour later it is already 03:30 CEST.
    expect(formatTime('2026-03-29T00:30:00Z')).toBe('01:30')
    expect(formatTime('2026-03-29T01:30:00Z')).toBe('03:30')
    expect(parisLocalToIso('2026-03-27', '09:00')).toBe('2026-03-27T09:00:00+01:00')
    expect(parisLocalToIso('2026-03-30', '09:00')).toBe('2026-03-30T09:00:00+02:00')
    // 02:30 does not exist that night: clocks jump to 03:30.
    expect(parisLocalToIso('2026-03-29', '02:30')).toBe('2026-03-29T03:30:00+02:00')
  })

  it('handles the autumn change (25 October 2026)', () => {
    expect(formatTime('2026-10-25T00:30:00Z')).toBe('02:30')
    expect(formatTime('2026-10-25T01:30:00Z')).toBe('02:30')
    expect(parisLocalToIso('2026-10-26', '14:00')).toBe('2026-10-26T14:00:00+01:00')
    expect(new Date(parisLocalToIso('2026-10-26', '14:00')).toISOString()).toBe('2026-10-26T13:00:00.000Z')
  })

  it('takes the calendar day in Paris', () => {
    expect(parisDateKey('2025-12-31T23:30:00Z')).toBe('2026-01-01')
    expect(parisDateKey('2026-06-30T21:59:00Z')).toBe('2026-06-30')
    expect(parisDateKey('2026-06-30T22:00:00Z')).toBe('2026-07-01')
  })

  it('rejects invalid input', () => {
    expect(formatTime('nope')).toBe('')
    expect(parisLocalToIso('2026-02-30', '09:00')).toBe('')
    expect(parisLocalToIso('2026-02-03', '9h')).toBe('')
  })
})

describe('weeks', () => {
  it('finds the Monday of any day, across months and years', () => {
    expect(mondayOf('2026-04-02')).toBe('2026-03-30') // Thursday
    expect(mondayOf('2026-03-30')).toBe('2026-03-30') // Monday itself
    expect(mondayOf('2026-04-05')).toBe('2026-03-30') // Sunday belongs to the week before
    expect(mondayOf('2027-01-01')).toBe('2026-12-28')
    expect(isoWeekday('2026-04-05')).toBe(6)
  })

  it('lists Monday to Friday', () => {
    expect(weekDays('2026-03-30')).toEqual(['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03'])
    expect(weekDays('2026-03-30', 7).at(-1)).toBe('2026-04-05')
  })

  it('adds days and counts weeks (DST does not shift dates)', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30')
    expect(addDays('2026-03-02', -7)).toBe('2026-02-23')
    expect(weeksBetween('2026-03-25', '2026-04-09')).toBe(2)
    expect(weeksBetween('2026-03-25', '2026-03-29')).toBe(0)
    expect(weeksBetween('2026-03-30', '2026-03-29')).toBe(-1)
  })

  it('writes dates in French', () => {
    expect(formatDateKey('2026-03-05')).toBe('05/03/2026')
    expect(formatDayName('2026-03-30')).toBe('lundi 30 mars')
    expect(formatDayName('2026-08-15', true)).toBe('samedi 15 août 2026')
    expect(formatSlot('2026-03-30T07:00:00Z', '2026-03-30T09:00:00Z')).toBe('lundi 30 mars 2026, 09:00 – 11:00')
  })
})

import { describe, expect, it } from 'vitest'
import { addDaysIso, decimalToInput, isoToFrenchDate, parseFrenchAmount, parseFrenchDate, parseFrenchNumber, isNegativeNumber } from './parse'

describe('parseFrenchNumber', () => {
  it('reads numbers typed the French way', () => {
    expect(parseFrenchNumber('1 234,56')).toBe('1234.56')
    expect(parseFrenchNumber('1234,56')).toBe('1234.56')
    expect(parseFrenchNumber('95,50')).toBe('95.5')
    expect(parseFrenchNumber('350')).toBe('350')
    expect(parseFrenchNumber(' 12 345 678 ')).toBe('12345678')
    expect(parseFrenchNumber('0,5')).toBe('0.5')
    expect(parseFrenchNumber(',5')).toBe('0.5')
    expect(parseFrenchNumber('007')).toBe('7')
  })
  it('accepts no-break spaces and a dot as decimal separator', () => {
    expect(parseFrenchNumber('1\u202f234,5')).toBe('1234.5')
    expect(parseFrenchNumber('1\u00a0234,5')).toBe('1234.5')
    expect(parseFrenchNumber('1234.56')).toBe('1234.56')
  })
  it('refuses what it cannot read', () => {
    for (const bad of ['', '  ', 'abc', '12a', '-5', '1.234,56', '1,2,3', '12 34', '1 2345', '1e3', '€']) {
      expect(parseFrenchNumber(bad), bad).toBeNull()
    }
  })
  it('limits the decimals', () => {
    expect(parseFrenchNumber('1,2345', 3)).toBeNull()
    expect(parseFrenchNumber('1,234', 3)).toBe('1.234')
    expect(parseFrenchAmount('95,555')).toBeNull()
    expect(parseFrenchAmount('1 234,56')).toBe('1234.56')
  })
})

describe('parseFrenchDate', () => {
  it('reads dd/mm/yyyy as an ISO date', () => {
    expect(parseFrenchDate('31/12/2025')).toBe('2025-12-31')
    expect(parseFrenchDate('01/02/2024')).toBe('2024-02-01')
    expect(parseFrenchDate('29/02/2024')).toBe('2024-02-29')
  })
  it('is lenient on the way of typing', () => {
    expect(parseFrenchDate('1/2/2025')).toBe('2025-02-01')
    expect(parseFrenchDate('31.12.2025')).toBe('2025-12-31')
    expect(parseFrenchDate('31-12-2025')).toBe('2025-12-31')
    expect(parseFrenchDate('31/12/25')).toBe('2025-12-31')
    expect(parseFrenchDate('31122025')).toBe('2025-12-31')
    expect(parseFrenchDate(' 2025-12-31 ')).toBe('2025-12-31')
  })
  it('refuses impossible or unreadable dates', () => {
    for (const bad of ['', '31/02/2025', '29/02/2025', '32/01/2025', '00/01/2025', '12/13/2025', '2025/12/31', 'demain', '31/12', '31/12/202']) {
      expect(parseFrenchDate(bad), bad).toBeNull()
    }
  })
})

describe('date and decimal helpers', () => {
  it('round-trips dates and adds days across months and years', () => {
    expect(isoToFrenchDate('2025-12-31')).toBe('31/12/2025')
    expect(isoToFrenchDate(null)).toBe('')
    expect(addDaysIso('2025-01-31', 1)).toBe('2025-02-01')
    expect(addDaysIso('2025-12-31', 1)).toBe('2026-01-01')
    expect(addDaysIso('2024-02-28', 1)).toBe('2024-02-29')
  })
  it('shows API decimals as typed input', () => {
    expect(decimalToInput('1234.50')).toBe('1234,5')
    expect(decimalToInput('95.00')).toBe('95')
    expect(decimalToInput(null)).toBe('')
  })
})

describe('isNegativeNumber', () => {
  it('recognises a minus sign before a readable number', () => {
    expect(isNegativeNumber('-12,5')).toBe(true)
    expect(isNegativeNumber(' − 1 234,56 ')).toBe(true)
    expect(isNegativeNumber('-0,5')).toBe(true)
  })
  it('is false for positive numbers, zero and non-numbers', () => {
    expect(isNegativeNumber('12,5')).toBe(false)
    expect(isNegativeNumber('-0')).toBe(false)
    expect(isNegativeNumber('-abc')).toBe(false)
    expect(isNegativeNumber('-')).toBe(false)
  })
})

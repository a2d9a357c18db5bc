import { describe, expect, it } from 'vitest'
import { formatAmount, formatDate, formatDecimal, formatInteger, formatPercent, parseFrenchDecimal } from './format'

const plainSpaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ')

describe('formatDate', () => {
  it('formats a date-only string as dd/mm/yyyy without time-zone shift', () => {
    expect(formatDate('2024-03-05')).toBe('05/03/2024')
    expect(formatDate('2026-12-31')).toBe('31/12/2026')
  })
  it('formats a UTC date-time in the Paris calendar day', () => {
    expect(formatDate('2026-01-15T10:30:00Z')).toBe('15/01/2026')
    // 23:30 UTC on 31 December is already 1 January in Paris.
    expect(formatDate('2025-12-31T23:30:00Z')).toBe('01/01/2026')
  })
  it('returns an empty string for missing or invalid values', () => {
    expect(formatDate(null)).toBe('')
    expect(formatDate(undefined)).toBe('')
    expect(formatDate('not a date')).toBe('')
  })
})

describe('formatAmount', () => {
  it('uses French grouping, comma and euro sign', () => {
    expect(plainSpaces(formatAmount(1234.56))).toBe('1 234,56 €')
    expect(plainSpaces(formatAmount('1234.5'))).toBe('1 234,50 €')
    expect(plainSpaces(formatAmount(0))).toBe('0,00 €')
    expect(plainSpaces(formatAmount(1234567.891))).toBe('1 234 567,89 €')
    expect(plainSpaces(formatAmount(-42))).toBe('-42,00 €')
  })
  it('uses no-break spaces so the amount never wraps', () => {
    const s = formatAmount(1234.56)
    expect(s).not.toContain(' ')
    expect(s).toBe('1\u202f234,56\u00a0€')
  })
})

describe('formatDecimal', () => {
  it('shows API decimals with a comma', () => {
    expect(formatDecimal('2.1')).toBe('2,1')
    expect(formatDecimal('1.30')).toBe('1,3')
    expect(formatDecimal('2.00')).toBe('2')
    expect(formatDecimal('72.5')).toBe('72,5')
    expect(formatDecimal(1.5)).toBe('1,5')
    expect(formatDecimal('1')).toBe('1')
  })
  it('groups thousands', () => {
    expect(plainSpaces(formatDecimal('12345.6'))).toBe('12 345,6')
  })
  it('handles empty values', () => {
    expect(formatDecimal(null)).toBe('')
    expect(formatDecimal('')).toBe('')
  })
})

describe('parseFrenchDecimal', () => {
  it('turns French input into an API decimal', () => {
    expect(parseFrenchDecimal('72,5')).toBe('72.5')
    expect(parseFrenchDecimal(' 1 234,5 ')).toBe('1234.5')
    expect(parseFrenchDecimal('80')).toBe('80')
  })
})

describe('formatPercent', () => {
  it('shows a ratio as a French percentage', () => {
    expect(plainSpaces(formatPercent('0.1033'))).toBe('10,3 %')
    expect(plainSpaces(formatPercent('0.08'))).toBe('8,0 %')
    expect(plainSpaces(formatPercent('0.10', 0))).toBe('10 %')
    expect(plainSpaces(formatPercent('0.0585'))).toBe('5,9 %')
    expect(plainSpaces(formatPercent('0.0584'))).toBe('5,8 %')
    expect(formatPercent(null)).toBe('')
  })
  it('groups whole numbers', () => {
    expect(plainSpaces(formatInteger('3250'))).toBe('3 250')
    expect(plainSpaces(formatInteger(12345.6))).toBe('12 346')
  })
})

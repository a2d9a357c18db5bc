import { describe, expect, it } from 'vitest'
import { applySuggestion, channelsFor, consentState, formatLogTime, orientationsFromRows, quoteFrom } from './reports'

describe('formatLogTime', () => {
  it('shows dd/mm/yyyy HH:MM in Paris time, summer and winter', () => {
    expect(formatLogTime('2026-07-14T08:05:00Z')).toBe('14/07/2026 10:05')
    expect(formatLogTime('2026-01-31T23:30:00Z')).toBe('01/02/2026 00:30')
    expect(formatLogTime(null)).toBe('')
  })
})

describe('orientationsFromRows', () => {
  it('keeps complete rows, drops empty ones and flags incomplete ones', () => {
    const { items, errors } = orientationsFromRows([
      { key: 'a', kind: 'fsl_energy', description: ' Dossier FSL ', partner: ' CCAS ' },
      { key: 'b', kind: '', description: '', partner: '' },
      { key: 'c', kind: '', description: 'Sans type', partner: '' },
      { key: 'd', kind: 'eco_gestures', description: '  ', partner: '' },
    ])
    expect(items).toEqual([{ kind: 'fsl_energy', description: 'Dossier FSL', partner: 'CCAS' }])
    expect(Object.keys(errors)).toEqual(['2.kind', '3.description'])
  })
})

describe('suggested changes', () => {
  const text = 'Le logement est froid.\nLa chaudière date de 1990.'
  it('accepts a selected passage only if it is in the text', () => {
    expect(quoteFrom('  date de 1990 ', text)).toBe('date de 1990')
    expect(quoteFrom('date de 1991', text)).toBeNull()
    expect(quoteFrom('   ', text)).toBeNull()
  })
  it('applies the replacement to the first occurrence', () => {
    expect(applySuggestion(text, 'froid', 'très froid')).toBe('Le logement est très froid.\nLa chaudière date de 1990.')
    expect(applySuggestion(text, 'absent', 'x')).toBe(text)
  })
})

describe('consentState', () => {
  const report = { consents: { share_with_prescriber: true, share_with_landlord: false } }
  it('needs no consent for the household and the current one otherwise', () => {
    expect(consentState(report, 'household')).toBe('not_needed')
    expect(consentState(report, 'prescriber')).toBe('given')
    expect(consentState(report, 'landlord')).toBe('missing')
  })
})

describe('channelsFor', () => {
  it('offers the landlord space (API) to the landlord only', () => {
    expect(channelsFor('landlord')).toEqual(['email', 'post', 'api'])
    expect(channelsFor('household')).toEqual(['email', 'post'])
    expect(channelsFor('prescriber')).not.toContain('api')
  })
})

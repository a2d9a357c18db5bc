import { describe, expect, it } from 'vitest'
import { checkTokenForm, daysBetween, tokenStatus } from './tokenForm'

const TODAY = '2026-11-29'
const base = { name: 'Logiciel Jura Habitat', kind: 'landlord', organisationId: '4', scopes: ['landlord:write', 'landlord:read'], expiresOn: '29/11/2027' }

describe('checkTokenForm', () => {
  it('turns the expiry date into days from today and sorts the scopes', () => {
    const { errors, payload } = checkTokenForm(base, { organisationRequired: true, today: TODAY })
    expect(errors).toEqual({})
    expect(payload).toEqual({
      name: 'Logiciel Jura Habitat',
      kind: 'landlord',
      organisation_id: 4,
      scopes: ['landlord:read', 'landlord:write'],
      expires_in_days: 365,
    })
  })

  it('says in French what is missing, by field', () => {
    const { errors, payload } = checkTokenForm(
      { name: ' ', kind: '', organisationId: '', scopes: [], expiresOn: '31/02/2027' },
      { organisationRequired: true, today: TODAY },
    )
    expect(payload).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['expires_on', 'kind', 'name', 'organisation_id', 'scopes'])
    expect(errors.scopes).toBe('Cochez au moins une portée.')
    expect(errors.expires_on).toMatch(/jj\/mm\/aaaa/)
  })

  it('keeps the expiry within 1 day and 3 years, and lets a reporting token belong to nobody', () => {
    const today = checkTokenForm({ ...base, expiresOn: '29/11/2026' }, { organisationRequired: true, today: TODAY })
    expect(today.errors.expires_on).toMatch(/postérieure/)
    const far = checkTokenForm({ ...base, expiresOn: '30/11/2029' }, { organisationRequired: true, today: TODAY })
    expect(far.errors.expires_on).toMatch(/3 ans/)
    const reporting = checkTokenForm(
      { ...base, kind: 'reporting', organisationId: '', scopes: ['reporting:read'] },
      { organisationRequired: false, today: TODAY },
    )
    expect(reporting.payload?.organisation_id).toBeNull()
  })
})

describe('daysBetween and tokenStatus', () => {
  it('counts calendar days across a DST change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2)
    expect(daysBetween('2026-11-29', '2026-11-28')).toBe(-1)
  })

  it('says revoked before expired, and active until the expiry instant', () => {
    const now = new Date('2026-11-29T12:00:00Z')
    expect(tokenStatus({ revoked_at: '2026-11-01T10:00:00Z', expires_at: '2025-01-01T00:00:00Z' }, now)).toBe('revoked')
    expect(tokenStatus({ revoked_at: null, expires_at: '2026-11-29T11:59:59Z' }, now)).toBe('expired')
    expect(tokenStatus({ expires_at: '2026-11-29T12:00:01Z' }, now)).toBe('active')
  })
})

import { describe, expect, it } from 'vitest'
import { checkReferenceForm } from './referenceForm'

const target = { table: 'fallback_price', key: 'electricity' }

describe('checkReferenceForm', () => {
  it('reads a French number and date into the API request', () => {
    const { payload } = checkReferenceForm({ value: '0,1952', unit: ' € TTC par kWh ', validFrom: '01/08/2026', source: 'TRVE 1er août 2026' }, target)
    expect(payload).toEqual({
      table_name: 'fallback_price',
      key: 'electricity',
      value: '0.1952',
      unit: '€ TTC par kWh',
      valid_from: '2026-08-01',
      source: 'TRVE 1er août 2026',
    })
  })

  it('sends an empty value as null (« à renseigner ») but always wants a source', () => {
    const empty = checkReferenceForm({ value: '', unit: 'coefficient', validFrom: '01/01/2027', source: 'Ajena' }, target)
    expect(empty.payload?.value).toBeNull()
    const noSource = checkReferenceForm({ value: '1', unit: 'coefficient', validFrom: '01/01/2027', source: ' ' }, target)
    expect(noSource.payload).toBeNull()
    expect(noSource.errors.source).toMatch(/source/)
  })

  it('refuses a negative or unreadable value, a missing unit and a bad date', () => {
    const { errors, payload } = checkReferenceForm({ value: '-3', unit: '', validFrom: '2026-13-01', source: 'Source' }, target)
    expect(payload).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['unit', 'valid_from', 'value'])
    expect(checkReferenceForm({ value: '0,1234567', unit: 'x', validFrom: '01/01/2027', source: 'abc' }, target).errors.value).toMatch(/6 décimales/)
  })
})

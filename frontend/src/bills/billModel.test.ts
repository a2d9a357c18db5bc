import { describe, expect, it } from 'vitest'
import { emptyRow, toPayload } from './billModel'

const row = (over: Partial<ReturnType<typeof emptyRow>>) => ({
  ...emptyRow('electricity'),
  start: '01/01/2026',
  end: '28/02/2026',
  quantity: '1 200',
  amount: '245,60',
  ...over,
})

describe('toPayload: numbers', () => {
  it('says a negative amount must be positive, rather than repeating the format', () => {
    const { payload, errors } = toPayload(row({ amount: '-245,60', unpaid: '− 12' }))
    expect(payload).toBeNull()
    expect(errors.amount_eur).toEqual(['Le montant doit être positif.'])
    expect(errors.unpaid_eur).toEqual(['Le montant doit être positif.'])
  })

  it('keeps the format hint for what is not a number', () => {
    const { errors } = toPayload(row({ amount: 'deux cents', unpaid: '-abc' }))
    expect(errors.amount_eur).toEqual(['Montant attendu en euros, par exemple 1 234,56.'])
    expect(errors.unpaid_eur).toEqual(['Montant attendu en euros, par exemple 1 234,56.'])
  })

  it('says a negative quantity must be positive', () => {
    expect(toPayload(row({ quantity: '-1 200' })).errors.quantity).toEqual(['La quantité doit être positive.'])
    expect(toPayload(row({ quantity: '12x' })).errors.quantity).toEqual(['Nombre attendu, par exemple 1 234,5.'])
  })

  it('accepts positive numbers', () => {
    const { payload, errors } = toPayload(row({}))
    expect(errors).toEqual({})
    expect(payload).toMatchObject({ amount_eur: '245.6', quantity: '1200', unpaid_eur: '0' })
  })
})

import { describe, expect, it } from 'vitest'
import { cellId, deriveStart, emptyRow, isBlank, nextRow, placeServerErrors, refusedFocusTarget, rowFromBill, saveButtonId, toPayload, visibleFields, withdrawDerivedStart } from './billModel'
import type { BillEntryRead } from '../api/types'
import { VOCABULARY as v } from '../test/vocabulary'

const row = (over: Partial<ReturnType<typeof emptyRow>>) => ({
  ...emptyRow(v, 'electricity'),
  start: '01/01/2026',
  end: '28/02/2026',
  quantity: '1 200',
  amount: '245,60',
  ...over,
})

describe('toPayload: numbers', () => {
  it('says a negative amount must be positive, rather than repeating the format', () => {
    const { payload, errors } = toPayload(v, row({ amount: '-245,60', unpaid: '− 12' }))
    expect(payload).toBeNull()
    expect(errors.amount_eur).toEqual(['Le montant doit être positif.'])
    expect(errors.unpaid_eur).toEqual(['Le montant doit être positif.'])
  })

  it('keeps the format hint for what is not a number', () => {
    const { errors } = toPayload(v, row({ amount: 'deux cents', unpaid: '-abc' }))
    expect(errors.amount_eur).toEqual(['Montant attendu en euros, par exemple 1 234,56.'])
    expect(errors.unpaid_eur).toEqual(['Montant attendu en euros, par exemple 1 234,56.'])
  })

  it('says a negative quantity must be positive', () => {
    expect(toPayload(v, row({ quantity: '-1 200' })).errors.quantity).toEqual(['La quantité doit être positive.'])
    expect(toPayload(v, row({ quantity: '12x' })).errors.quantity).toEqual(['Nombre attendu, par exemple 1 234,5.'])
  })

  it('accepts positive numbers', () => {
    const { payload, errors } = toPayload(v, row({}))
    expect(errors).toEqual({})
    expect(payload).toMatchObject({ amount_eur: '245.6', quantity: '1200', unpaid_eur: '0' })
  })
})

describe('wood logs in stères', () => {
  const wood = (over: Partial<ReturnType<typeof emptyRow>>) => ({
    ...emptyRow(v, 'wood_logs'),
    unit: 'stere' as const,
    delivery: '15/10/2025',
    quantity: '4',
    amount: '320',
    ...over,
  })

  it('asks the wood factor only for logs counted in stères', () => {
    expect(visibleFields(v, wood({}))).toEqual(expect.arrayContaining(['wood_species', 'wood_moisture', 'log_length_cm', 'kwh_per_unit']))
    expect(visibleFields(v, { energy: 'wood_logs', unit: 'kwh' })).not.toContain('wood_species')
    expect(visibleFields(v, { energy: 'fuel_oil', unit: 'litre' })).not.toContain('kwh_per_unit')
  })

  it('sends the factor, or nulls when nothing is said (the default 1 680 kWh per stère)', () => {
    expect(toPayload(v, wood({})).payload).toMatchObject({ wood_species: null, wood_moisture: null, log_length_cm: null, kwh_per_unit: null })
    expect(toPayload(v, wood({ woodSpecies: 'beech', woodMoisture: 'semi_dry', logLength: '33', kwhPerUnit: '1 850,5' })).payload).toMatchObject({
      wood_species: 'beech',
      wood_moisture: 'semi_dry',
      log_length_cm: 33,
      kwh_per_unit: '1850.5',
    })
    expect(toPayload(v, wood({ kwhPerUnit: 'beaucoup' })).errors.kwh_per_unit).toEqual(['Nombre de kWh par stère attendu, par exemple 1 680.'])
  })

  it('drops the factor when the bill is no longer wood in stères', () => {
    expect(toPayload(v, wood({ unit: 'kwh', woodSpecies: 'oak', kwhPerUnit: '1800' })).payload).toMatchObject({ wood_species: null, kwh_per_unit: null })
  })

  it('reads the factor back, so a PUT keeps it', () => {
    const bill = {
      id: 3, version: 1, energy: 'wood_logs', supplier: null, contract_option: null, subscribed_kva: null,
      period_start: null, period_end: null, delivery_date: '2025-10-15', quantity: '4.000', unit: 'stere',
      gas_coefficient: null, amount_eur: '320.00', estimated: false, unpaid_eur: '0.00',
      wood_species: 'oak', wood_moisture: 'dry', log_length_cm: 50, kwh_per_unit: '1800.0', kwh: '7200', kwh_pcs: null,
    } as BillEntryRead
    const row = rowFromBill(v, bill)
    expect(row).toMatchObject({ woodSpecies: 'oak', woodMoisture: 'dry', logLength: '50', kwhPerUnit: '1800' })
    expect(toPayload(v, row).payload).toMatchObject({ wood_species: 'oak', log_length_cm: 50, kwh_per_unit: '1800' })
  })

  it('puts the API’s 422 message on the wood field it names', () => {
    const placed = placeServerErrors(v, wood({}), [{ field: 'body.wood_moisture', message: 'Ce champ ne concerne que le bois en bûches compté en stères.' }])
    expect(placed.errors.wood_moisture).toEqual(['Ce champ ne concerne que le bois en bûches compté en stères.'])
    expect(placed.rowErrors).toEqual([])
  })
})

describe('the next row', () => {
  const january = () => ({ ...row({ start: '01/01/2026', end: '31/01/2026' }), supplier: 'EDF' })

  it('starts the day after the previous one ended, and is still blank (nothing typed)', () => {
    const next = nextRow(v, january())
    expect(next).toMatchObject({ start: '01/02/2026', supplier: 'EDF', energy: 'electricity' })
    expect(isBlank(next)).toBe(true)
    expect(isBlank({ ...next, start: '03/02/2026' })).toBe(false)
  })

  it('takes no dates from a refused row', () => {
    const refused = { ...january(), errors: { quantity: ['Quantité invraisemblable.'] } }
    expect(nextRow(v, refused).start).toBe('')
    expect(nextRow(v, { ...january(), rowErrors: ['Facture refusée.'] }).start).toBe('')
  })

  it('withdraws a start computed from a row the server then refused, not a typed one', () => {
    const first = january()
    const next = nextRow(v, first)
    expect(withdrawDerivedStart(next, first).start).toBe('')
    expect(withdrawDerivedStart({ ...next, start: '05/02/2026' }, first).start).toBe('05/02/2026')
    expect(withdrawDerivedStart(next, emptyRow(v)).start).toBe('01/02/2026')
  })

  it('computes the start again once the row is saved, without overwriting a typed one', () => {
    const first = january()
    const withdrawn = withdrawDerivedStart(nextRow(v, first), first)
    expect(deriveStart(v, withdrawn, first).start).toBe('01/02/2026')
    expect(deriveStart(v, { ...withdrawn, start: '05/02/2026' }, first).start).toBe('05/02/2026')
    expect(deriveStart(v, emptyRow(v, 'fuel_oil'), first).start).toBe('')
  })
})

describe('refusedFocusTarget', () => {
  it('is the first faulty cell in tab order, else the row’s save button', () => {
    const r = row({})
    expect(refusedFocusTarget(v, { ...r, errors: { amount_eur: ['x'], quantity: ['y'] } })).toBe(cellId(r, 'quantity'))
    expect(refusedFocusTarget(v, { ...r, rowErrors: ['Facture refusée.'] })).toBe(saveButtonId(r))
  })
})

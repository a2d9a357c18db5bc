import { describe, expect, it } from 'vitest'
import { mustBePositive, Parser } from './formSupport'

describe('Parser: negative numbers', () => {
  it('says a negative amount must be positive, and gives the format only for what is not a number', () => {
    const p = new Parser()
    p.amount('incomes.0.monthly_eur', '-850')
    p.amount('incomes.1.monthly_eur', 'huit cents')
    expect(p.errors).toEqual({
      'incomes.0.monthly_eur': ['Le montant doit être positif.'],
      'incomes.1.monthly_eur': ['Montant attendu en euros, par exemple 1 234,56.'],
    })
  })

  it('says a negative surface must be positive', () => {
    const p = new Parser()
    p.decimal('surface_m2', '-72,5', 1, true)
    p.decimal('envelope.2.area_m2', '-12', 1, true)
    p.decimal('envelope.3.area_m2', '12 m²', 1, true)
    expect(p.errors['surface_m2']).toEqual(['La surface doit être positive.'])
    expect(p.errors['envelope.2.area_m2']).toEqual(['La surface doit être positive.'])
    expect(p.errors['envelope.3.area_m2']).toEqual(['Nombre attendu (au plus 1 décimale), par exemple 12,5.'])
    expect(p.ok).toBe(false)
  })

  it('reads positive numbers without an error', () => {
    const p = new Parser()
    expect(p.decimal('surface_m2', '72,5', 1, true)).toBe('72.5')
    expect(p.amount('debts.0.amount_eur', '1 250')).toBe('1250')
    expect(p.ok).toBe(true)
  })
})

describe('mustBePositive', () => {
  it('names what the field holds', () => {
    expect(mustBePositive('items.0.cost_low')).toBe('Le montant doit être positif.')
    expect(mustBePositive('items.0.saving_eur')).toBe('Le montant doit être positif.')
    expect(mustBePositive('items.0.saving_kwh')).toBe('La valeur doit être positive.')
  })
})

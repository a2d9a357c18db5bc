import { describe, expect, it } from 'vitest'
import { rememberedPartner, rememberPartner, usualPartner } from './partner'

const visit = (a: number, b: number) => ({ kind: 'visit' as const, user_ids: [a, b] })
const block = (a: number) => ({ kind: 'unavailability' as const, user_ids: [a] })

describe('usualPartner', () => {
  it('picks the person met most often, from either side of the pair', () => {
    expect(usualPartner(2, [visit(2, 3), visit(2, 4), visit(2, 3)])).toBe(3)
    expect(usualPartner(3, [visit(2, 3), visit(5, 3), visit(2, 3)])).toBe(2)
    expect(usualPartner(9, [visit(2, 3)])).toBeNull()
    expect(usualPartner(2, [block(2), { kind: 'unavailability' as const, user_ids: [2, 4] }])).toBeNull()
  })
  it('remembers the last choice per person', () => {
    rememberPartner(2, 3)
    expect(rememberedPartner(2)).toBe(3)
    expect(rememberedPartner(7)).toBeNull()
  })
})

import { describe, expect, it } from 'vitest'
import { PAGE_SIZE } from '../api/pages'
import { resultCountText } from './pagination'

const words = { one: 'demande', many: 'demandes', none: 'Aucune demande trouvée.' }

describe('resultCountText', () => {
  it('says when nothing was found', () => {
    expect(resultCountText(0, 0, words)).toBe('Aucune demande trouvée.')
  })
  it('agrees the noun with the count', () => {
    expect(resultCountText(1, 0, words)).toBe('1 demande.')
    expect(resultCountText(3, 0, words)).toBe('3 demandes.')
  })
  it('gives the page when there are several', () => {
    expect(resultCountText(PAGE_SIZE + 1, PAGE_SIZE, words)).toBe(`${PAGE_SIZE + 1} demandes – page 2 sur 2.`)
  })
})

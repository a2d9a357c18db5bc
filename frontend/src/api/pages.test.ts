import { describe, expect, it } from 'vitest'
import { allPages, MAX_PAGE, type PageOf } from './pages'

describe('allPages', () => {
  it('follows next until the last page', async () => {
    const pages: Record<number, PageOf<number>> = {
      0: { items: [1, 2], total: 5, next: 2 },
      2: { items: [3, 4], total: 5, next: 4 },
      4: { items: [5], total: 5, next: null },
    }
    const asked: number[] = []
    const items = await allPages(async (limit, offset) => {
      expect(limit).toBe(MAX_PAGE)
      asked.push(offset)
      return pages[offset]
    })
    expect(items).toEqual([1, 2, 3, 4, 5])
    expect(asked).toEqual([0, 2, 4])
  })

  it('stops after maxPages even if the server keeps answering next', async () => {
    const items = await allPages(async (_limit, offset) => ({ items: [offset], total: 1000, next: offset + 1 }), 3)
    expect(items).toEqual([0, 1, 2])
  })

  it('stops when next does not move forward', async () => {
    const items = await allPages(async () => ({ items: [1], total: 5, next: 0 }))
    expect(items).toEqual([1])
  })
})

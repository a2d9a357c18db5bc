import { describe, expect, it } from 'vitest'
import { allPages, itemsOf, MAX_PAGE_SIZE } from './allPages'

describe('allPages', () => {
  it('follows next until the last page, asking for the largest page', async () => {
    const calls: [number, number][] = []
    const items = await allPages(async (limit, offset) => {
      calls.push([limit, offset])
      return offset === 0 ? { items: [1, 2], total: 3, next: 2 } : { items: [3], total: 3, next: null }
    })
    expect(items).toEqual([1, 2, 3])
    expect(calls).toEqual([
      [MAX_PAGE_SIZE, 0],
      [MAX_PAGE_SIZE, 2],
    ])
  })

  it('stops on a next that does not move forward, and after maxPages', async () => {
    let calls = 0
    const stuck = await allPages(async () => {
      calls++
      return { items: ['a'], total: 9, next: 0 }
    })
    expect(stuck).toEqual(['a'])
    expect(calls).toBe(1)
    const capped = await allPages(async (_l, offset) => ({ items: [offset], total: 1000, next: offset + 1 }), 3)
    expect(capped).toEqual([0, 1, 2])
  })
})

describe('itemsOf', () => {
  it('reads a page or a bare array', () => {
    expect(itemsOf({ items: ['x'], total: 1, next: null })).toEqual(['x'])
    expect(itemsOf(['y'])).toEqual(['y'])
    expect(itemsOf(undefined)).toEqual([])
  })
})

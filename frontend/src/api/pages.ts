/** The envelope every list of the API answers. */
export interface PageOf<T> {
  items: T[]
  total: number
  next?: number | null
}

/** The largest page the API serves. */
export const MAX_PAGE = 100

/**
 * Every item of a list that is small by nature (a household's bills, a visit's syntheses, the
 * validation queue), following `next` page by page; `maxPages` guards against a runaway loop.
 */
export async function allItems<T>(fetchPage: (offset: number) => Promise<PageOf<T>>, maxPages = 50): Promise<T[]> {
  const items: T[] = []
  let offset: number | null | undefined = 0
  for (let i = 0; i < maxPages && offset != null; i++) {
    const page: PageOf<T> = await fetchPage(offset)
    items.push(...page.items)
    offset = page.next
  }
  return items
}

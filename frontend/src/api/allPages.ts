/** A page of a list, as every list endpoint of the API answers it. */
export interface PageOf<T> {
  items: T[]
  total: number
  next?: number | null
}

/** The most a page may hold (the API refuses `limit` above 100). */
export const MAX_PAGE_SIZE = 100

/**
 * Every item of a paged list, for the short catalogues a form offers in full (equipment, orientation
 * types, token kinds): reads page after page, following `next`, until the last one. `fetchPage` is
 * called with (limit, offset). Stops after `maxPages` pages so a misbehaving server cannot loop us.
 */
export async function allPages<T>(
  fetchPage: (limit: number, offset: number) => Promise<PageOf<T>>,
  maxPages = 20,
): Promise<T[]> {
  const items: T[] = []
  let offset: number | null | undefined = 0
  for (let i = 0; i < maxPages && offset != null; i++) {
    const page: PageOf<T> = await fetchPage(MAX_PAGE_SIZE, offset)
    items.push(...page.items)
    offset = page.next != null && page.next > offset ? page.next : null
  }
  return items
}

/** The items of a list that may be a page or (an older answer) a bare array. */
export function itemsOf<T>(data: T[] | PageOf<T> | undefined | null): T[] {
  if (!data) return []
  return Array.isArray(data) ? data : data.items
}

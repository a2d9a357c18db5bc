/** The envelope every list of the API answers. */
export interface PageOf<T> {
  items: T[]
  total: number
  next?: number | null
}

/** The most a page may hold (the API refuses `limit` above 100). */
export const MAX_PAGE = 100

/** One screen of a paged list (households, referrals, admin lists...). */
export const PAGE_SIZE = 25

/**
 * Every item of a list that is short by nature (a household's bills, a visit's syntheses, the
 * validation queue, the catalogues and people a form offers in full): reads page after page,
 * following `next`. `fetchPage` is called with (limit, offset). Stops after `maxPages` pages, and
 * when `next` does not move forward, so a misbehaving server cannot loop us.
 */
export async function allPages<T>(
  fetchPage: (limit: number, offset: number) => Promise<PageOf<T>>,
  maxPages = 50,
): Promise<T[]> {
  const items: T[] = []
  let offset: number | null | undefined = 0
  for (let i = 0; i < maxPages && offset != null; i++) {
    const page: PageOf<T> = await fetchPage(MAX_PAGE, offset)
    items.push(...page.items)
    offset = page.next != null && page.next > offset ? page.next : null
  }
  return items
}

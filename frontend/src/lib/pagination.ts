import { PAGE_SIZE } from '../api/pages'

/** Page number (from 1) and page count of a list read `PAGE_SIZE` items at a time. */
export function pagePosition(offset: number, total: number): { page: number; pageCount: number } {
  return { page: Math.floor(offset / PAGE_SIZE) + 1, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

/** "12 demandes – page 1 sur 2." for a list's live status line ("Aucune … trouvée." when empty). */
export function resultCountText(
  total: number,
  offset: number,
  words: { one: string; many: string; none: string },
): string {
  if (total === 0) return words.none
  const { page, pageCount } = pagePosition(offset, total)
  return `${total} ${total > 1 ? words.many : words.one}${pageCount > 1 ? ` – page ${page} sur ${pageCount}` : ''}.`
}

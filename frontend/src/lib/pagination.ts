import { PAGE_SIZE } from '../api/queries'

/** Page number (from 1) and page count of a list read `PAGE_SIZE` items at a time. */
export function pagePosition(offset: number, total: number): { page: number; pageCount: number } {
  return { page: Math.floor(offset / PAGE_SIZE) + 1, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) }
}

import { PAGE_SIZE } from '../api/pages'
import { pagePosition } from '../lib/pagination'

/** "Page précédente / Page suivante" under a paged list; nothing when everything fits on one page. */
export function Pagination({
  offset,
  next,
  total,
  onGoTo,
}: {
  offset: number
  /** Offset of the next page, from the API (null on the last page). */
  next: number | null | undefined
  total: number
  onGoTo: (offset: number) => void
}) {
  if (!(offset > 0 || next != null)) return null
  const { page, pageCount } = pagePosition(offset, total)
  return (
    <nav aria-label="Pagination" className="pagination">
      <button
        type="button"
        className="button button--secondary"
        disabled={offset <= 0}
        onClick={() => onGoTo(Math.max(0, offset - PAGE_SIZE))}
      >
        <span aria-hidden="true">← </span>Page précédente
      </button>
      <span>
        Page {page} sur {pageCount}
      </span>
      <button
        type="button"
        className="button button--secondary"
        disabled={next == null}
        onClick={() => next != null && onGoTo(next)}
      >
        Page suivante<span aria-hidden="true"> →</span>
      </button>
    </nav>
  )
}

import { formatDate } from '../lib/format'
import { referenceValue, type ReferenceRowLike } from '../lib/figures'

/**
 * « Sources », one click away: the reference rows a figure used (table and key, value with its unit,
 * in force since, where it comes from), or the plain source texts of an eligibility verdict. A native
 * <details>: keyboard and screen readers get it for free; the figure's name is in the summary for
 * those who list the page's controls.
 */
export function SourcesDisclosure({
  sources,
  label,
  title = 'Sources',
  testId,
}: {
  sources: readonly (ReferenceRowLike | string)[] | undefined
  /** What the sources are of (« taux d'effort énergétique »), read by screen readers after « Sources ». */
  label: string
  title?: string
  testId?: string
}) {
  if (!sources?.length) return null
  return (
    <details className="sources" data-testid={testId}>
      <summary>
        {title}
        <span className="visually-hidden"> : {label}</span> ({sources.length})
      </summary>
      <ul className="sources__list">
        {sources.map((s, i) =>
          typeof s === 'string' ? (
            <li key={i}>{s}</li>
          ) : (
            <li key={`${s.table}/${s.key}/${i}`}>
              <span className="sources__key">
                {s.table} / {s.key}
              </span>{' '}
              : <strong>{referenceValue(s)}</strong>
              {s.valid_from ? <>, en vigueur depuis le {formatDate(s.valid_from)}</> : null}
              {s.source ? <span className="sources__text">Source : {s.source}</span> : null}
            </li>
          ),
        )}
      </ul>
    </details>
  )
}

import type { ReactNode } from 'react'

/**
 * One term/value pair of a description list; an empty value reads « Non renseigné », or `emptyText`
 * (« Non renseignée » for a feminine term).
 */
export function Item({ term, children, emptyText = 'Non renseigné' }: { term: string; children: ReactNode; emptyText?: string }) {
  const empty = children === null || children === undefined || children === ''
  return (
    <div className="dl__item">
      <dt>{term}</dt>
      <dd>{empty ? <span className="muted">{emptyText}</span> : children}</dd>
    </div>
  )
}

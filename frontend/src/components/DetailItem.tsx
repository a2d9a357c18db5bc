import type { ReactNode } from 'react'

/** One term/value pair of a description list; an empty value reads « Non renseigné ». */
export function Item({ term, children }: { term: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === ''
  return (
    <div className="dl__item">
      <dt>{term}</dt>
      <dd>{empty ? <span className="muted">Non renseigné</span> : children}</dd>
    </div>
  )
}

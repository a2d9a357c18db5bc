import { Link } from 'react-router'
import type { OrientationSummary } from '../api/types'
import { dueText } from '../lib/followup'
import { formatDate } from '../lib/format'
import { OrientationStatusBadge, OverdueFlag } from './parts'

/** The worklist's « Suivis à relancer »: orientations overdue or due within 14 days. */
export function FollowUpsToChase({ items }: { items: readonly OrientationSummary[] }) {
  return (
    <section aria-labelledby="wl-follow-ups" className="worklist__section">
      <div className="page-head">
        <h2 id="wl-follow-ups">Suivis à relancer</h2>
        <Link to="/suivi?due=soon">Tout le suivi des orientations</Link>
      </div>
      {items.length === 0 ? (
        <p className="muted">Aucune orientation en retard ni à échéance dans les 14 prochains jours.</p>
      ) : (
        <ul className="tiles">
          {items.map((o) => (
            <li key={o.id} className={`tile${o.overdue ? ' tile--urgent' : ''}`}>
              <p className="tile__title">
                <Link to={`/menages/${o.household_id}#suivi`}>{o.household_name}</Link> – {o.commune}
              </p>
              <p className="tile__status">
                <strong>{o.kind_label}</strong> <OrientationStatusBadge status={o.status} />
                {o.overdue && (
                  <>
                    {' '}
                    <OverdueFlag />
                  </>
                )}
              </p>
              <p className="tile__meta muted">
                Échéance : {dueText(o.due_on, formatDate)}
                {o.responsible ? ` – suivi par ${o.responsible.full_name}` : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

import { Link } from 'react-router'
import type { AuditEventRead } from '../api/types'
import { formatDateTime } from '../lib/datetime'
import { ScrollRegion } from '../components/ScrollRegion'

/**
 * Events of the audit trail as a table: when, who, what (French labels), on which record and a readable
 * detail. `showHousehold` adds the household column (the journal); a household's own log leaves it out.
 */
export function AuditEventsTable({
  events,
  caption,
  showHousehold = true,
}: {
  events: readonly AuditEventRead[]
  caption: string
  showHousehold?: boolean
}) {
  return (
    <ScrollRegion label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Personne</th>
            <th scope="col">Action</th>
            <th scope="col">Type d&apos;enregistrement</th>
            {showHousehold && <th scope="col">Ménage</th>}
            <th scope="col">Détail</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.at)}</td>
              <th scope="row">{e.actor_name}</th>
              <td>{e.action_label}</td>
              <td>
                {e.entity_label}
                {e.entity_id != null && <span className="muted"> n° {e.entity_id}</span>}
              </td>
              {showHousehold && (
                <td>
                  {e.household_id == null ? (
                    '–'
                  ) : e.household_name ? (
                    <Link to={`/menages/${e.household_id}`}>{e.household_name}</Link>
                  ) : (
                    `Ménage n° ${e.household_id}`
                  )}
                </td>
              )}
              <td>{e.summary || '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

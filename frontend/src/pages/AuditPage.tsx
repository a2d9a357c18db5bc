import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Link, useSearchParams } from 'react-router'
import { api, unwrap } from '../api/client'
import { Loading, QueryError } from '../components/Status'
import { formatDate } from '../lib/format'
import { AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'

const AUDIT_PAGE = 50

function formatTime(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' }).format(d)
}

export function AuditPage() {
  usePageTitle("Journal d'audit")
  const [params, setParams] = useSearchParams()
  const offset = Math.max(0, Number(params.get('offset')) || 0)
  const householdId = Number(params.get('household_id')) || undefined
  const events = useQuery({
    queryKey: ['audit-events', { offset, householdId }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit-events', {
          params: { query: { limit: AUDIT_PAGE, offset, household_id: householdId } },
        }),
      ),
    placeholderData: keepPreviousData,
  })

  const go = (o: number) => {
    const next = new URLSearchParams(params)
    if (o > 0) next.set('offset', String(o))
    else next.delete('offset')
    setParams(next)
  }

  return (
    <>
      <h1>Journal d&apos;audit</h1>
      <p>Qui a consulté ou modifié quoi, et quand. Les événements les plus récents sont en premier.</p>
      {events.isPending && <Loading />}
      {events.isError && <QueryError error={events.error} />}
      {events.data && (
        <>
          <p role="status">
            {events.data.total} événement{events.data.total > 1 ? 's' : ''}.
          </p>
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Événements du journal d&apos;audit</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Auteur</th>
                  <th scope="col">Action</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Détail</th>
                </tr>
              </thead>
              <tbody>
                {events.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>
                      {formatDate(e.at)} {formatTime(e.at)}
                    </td>
                    <td>{e.actor?.full_name ?? (e.actor_token_id ? `Intégration n° ${e.actor_token_id}` : '–')}</td>
                    <td>{AUDIT_ACTION_LABELS[e.action] ?? e.action}</td>
                    <td>
                      {e.household_id ? (
                        <Link to={`/menages/${e.household_id}`}>Ménage n° {e.household_id}</Link>
                      ) : (
                        `${AUDIT_ENTITY_LABELS[e.entity] ?? e.entity}${e.entity_id ? ` n° ${e.entity_id}` : ''}`
                      )}
                    </td>
                    <td>{e.detail || '–'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {(offset > 0 || events.data.next != null) && (
            <nav aria-label="Pagination" className="pagination">
              <button type="button" className="button button--secondary" disabled={offset <= 0} onClick={() => go(Math.max(0, offset - AUDIT_PAGE))}>
                Page précédente
              </button>
              <button type="button" className="button button--secondary" disabled={events.data.next == null} onClick={() => events.data.next != null && go(events.data.next)}>
                Page suivante
              </button>
            </nav>
          )}
        </>
      )}
    </>
  )
}

import { Link, useLocation } from 'react-router'
import { useReportQueue } from '../api/reports'
import { Loading, QueryError } from '../components/Status'
import { formatDateKey, formatDateTime, parisDateKey } from '../lib/datetime'
import { usePageTitle } from '../lib/usePageTitle'
import { ScrollRegion } from '../components/ScrollRegion'

/** /validation – submitted reports, oldest first, for managers (reports:validate). */
export function ValidationQueuePage() {
  const queue = useReportQueue()
  const flash = (useLocation().state as { flash?: string } | null)?.flash
  usePageTitle('Comptes-rendus à valider')
  return (
    <>
      <h1>Comptes-rendus à valider</h1>
      {flash && (
        <p role="status" className="alert alert--success">
          {flash}
        </p>
      )}
      {queue.isPending && <Loading />}
      {queue.isError && <QueryError error={queue.error} />}
      {queue.data &&
        (queue.data.length === 0 ? (
          <p className="muted">Aucun compte-rendu n&apos;attend de validation.</p>
        ) : (
          <ScrollRegion label="Comptes-rendus soumis, le plus ancien en premier">
            <table className="table">
              <caption className="visually-hidden">Comptes-rendus soumis, le plus ancien en premier</caption>
              <thead>
                <tr>
                  <th scope="col">Ménage</th>
                  <th scope="col">Commune</th>
                  <th scope="col">Rédigé par</th>
                  <th scope="col">Visite</th>
                  <th scope="col" className="num">
                    Jours depuis la visite
                  </th>
                  <th scope="col">Soumis le</th>
                </tr>
              </thead>
              <tbody>
                {queue.data.map((q) => (
                  <tr key={q.id}>
                    <th scope="row">
                      <Link to={`/comptes-rendus/${q.id}`}>{q.household_name}</Link>
                    </th>
                    <td>{q.commune}</td>
                    <td>{q.author.full_name}</td>
                    <td>{formatDateKey(parisDateKey(q.visit_date))}</td>
                    <td className="num">{q.days_since_visit}</td>
                    <td>{formatDateTime(q.submitted_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ))}
    </>
  )
}

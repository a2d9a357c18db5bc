import { useState } from 'react'
import { useDeliveryLog } from '../../api/integrations'
import { Pagination } from '../../components/Pagination'
import { Loading, QueryError } from '../../components/Status'
import { formatDateTime } from '../../lib/datetime'
import { WEBHOOK_DELIVERY_STATUS_LABELS, WEBHOOK_DELIVERY_STATUS_TONE, WEBHOOK_EVENT_LABELS } from '../../lib/labels'
import { resultCountText } from '../../lib/pagination'
import { ScrollRegion } from '../../components/ScrollRegion'

/** The delivery log of one subscription, newest first, page by page. */
export function DeliveryLog({ subscriptionId, title }: { subscriptionId: number; title: string }) {
  const [offset, setOffset] = useState(0)
  const log = useDeliveryLog(subscriptionId, offset)
  const titleId = `delivery-log-${subscriptionId}`
  return (
    <section aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      {log.isPending && <Loading />}
      {log.isError && <QueryError error={log.error} />}
      {log.data && (
        <>
          <p role="status">{resultCountText(log.data.total, offset, { one: 'envoi', many: 'envois', none: 'Aucun envoi pour cet abonnement.' })}</p>
          {log.data.items.length > 0 && (
            // Focusable: a wide table scrolls sideways on a narrow screen, by keyboard too.
            <ScrollRegion label={title}>
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Événement</th>
                    <th scope="col">Créé le</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Tentatives</th>
                    <th scope="col">Code de réponse</th>
                    <th scope="col">Dernière erreur</th>
                    <th scope="col">Prochaine tentative</th>
                  </tr>
                </thead>
                <tbody>
                  {log.data.items.map((d) => (
                    <tr key={d.id}>
                      <th scope="row">
                        {WEBHOOK_EVENT_LABELS[d.event] ?? d.event}
                        <br />
                        <small>
                          <code>{d.event_id}</code>
                        </small>
                      </th>
                      <td>{formatDateTime(d.created_at)}</td>
                      <td>
                        <span className={`badge badge--${WEBHOOK_DELIVERY_STATUS_TONE[d.status]}`}>{WEBHOOK_DELIVERY_STATUS_LABELS[d.status]}</span>
                        {d.delivered_at && <small> le {formatDateTime(d.delivered_at)}</small>}
                      </td>
                      <td>{d.attempts}</td>
                      <td>{d.last_status_code ?? '—'}</td>
                      <td>{d.last_error ?? '—'}</td>
                      <td>{d.status === 'pending' ? formatDateTime(d.next_attempt_at) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollRegion>
          )}
          <Pagination offset={offset} next={log.data.next} total={log.data.total} onGoTo={setOffset} />
        </>
      )}
    </section>
  )
}

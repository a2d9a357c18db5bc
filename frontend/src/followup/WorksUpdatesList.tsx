import type { WorksUpdateRead } from '../api/types'
import { formatAmount, formatDate } from '../lib/format'
import { label, WORKS_STATUS_LABELS } from '../lib/labels'
import { ScrollRegion } from '../components/ScrollRegion'

/** What the landlord's system reported about the recommended works. */
export function WorksUpdatesList({ updates }: { updates: readonly WorksUpdateRead[] }) {
  return (
    <section aria-labelledby="s-works-updates">
      <h3 id="s-works-updates">Travaux déclarés par le bailleur</h3>
      {updates.length === 0 ? (
        <p className="muted">Le bailleur n&apos;a encore rien déclaré sur les travaux recommandés.</p>
      ) : (
        <ScrollRegion label="Avancement des travaux déclaré par le bailleur">
          <table className="table" data-testid="works-updates">
            <caption className="visually-hidden">Avancement des travaux déclaré par le bailleur</caption>
            <thead>
              <tr>
                <th scope="col">Priorité</th>
                <th scope="col">Travaux</th>
                <th scope="col">État</th>
                <th scope="col">Date</th>
                <th scope="col" className="num">
                  Coût réel
                </th>
                <th scope="col">Commentaire</th>
                <th scope="col">Bailleur</th>
              </tr>
            </thead>
            <tbody>
              {updates.map((u) => (
                <tr key={u.id}>
                  <td>{u.work_priority}</td>
                  <th scope="row">{u.work_description}</th>
                  <td>{label(WORKS_STATUS_LABELS, u.status)}</td>
                  <td>{formatDate(u.on)}</td>
                  <td className="num">{u.actual_cost_eur ? formatAmount(u.actual_cost_eur) : '–'}</td>
                  <td className="prewrap">{u.comment || '–'}</td>
                  <td>{u.organisation.name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  )
}

import type { SynthesisRead } from '../api/types'
import { formatAmount, formatInteger } from '../lib/format'
import { ScrollRegion } from '../components/ScrollRegion'

type Work = SynthesisRead['works'][number]

/** Works of the technical synthesis or the report, by priority. */
export function WorksTable({ works, caption }: { works: readonly Work[]; caption: string }) {
  if (!works.length) return <p className="muted">Aucun travail retenu.</p>
  return (
    <ScrollRegion label="Tableau des travaux retenus">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Priorité</th>
            <th scope="col">Travaux</th>
            <th scope="col" className="num">
              Économie (kWh/an)
            </th>
            <th scope="col" className="num">
              Économie (€/an)
            </th>
            <th scope="col" className="num">
              Coût estimé
            </th>
            <th scope="col">Aides possibles</th>
          </tr>
        </thead>
        <tbody>
          {[...works]
            .sort((a, b) => a.priority - b.priority)
            .map((w) => (
              <tr key={`${w.priority}-${w.work}`}>
                <td>{w.priority}</td>
                <th scope="row">{w.description}</th>
                <td className="num">{w.saving_kwh ? formatInteger(w.saving_kwh) : '–'}</td>
                <td className="num">{w.saving_eur ? formatAmount(w.saving_eur) : '–'}</td>
                <td className="num">
                  {w.cost_low || w.cost_high ? `${formatAmount(w.cost_low)} à ${formatAmount(w.cost_high)}` : '–'}
                </td>
                <td>{w.possible_aids || '–'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

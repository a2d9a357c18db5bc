import type { WorkEstimateRead } from '../api/types'
import { useEnergyVocabulary } from '../api/vocabulary'
import { formatDecimal, formatPercent } from '../lib/format'
import { costHt, costTtc, energyAfterText, lifetimeCostText, savingText, vatText, yearsText } from './display'
import { SourcesDisclosure } from './SourcesDisclosure'
import { ScrollRegion } from '../components/ScrollRegion'

/** The note that the lines do not add up, shown before the lines and the scenarios. */
export function NonCumulativeNote({ note }: { note: string }) {
  return (
    <p className="alert alert--info works-note" data-testid="non-cumulative-note">
      <strong>Ces économies ne s&apos;additionnent pas.</strong> {note}
    </p>
  )
}

/** « Chaque travail seul »: each work estimated alone on the dwelling as it is, shortest payback first. */
export function WorkLines({ items, sharesOnly }: { items: WorkEstimateRead[]; sharesOnly: boolean }) {
  const { data: vocabulary } = useEnergyVocabulary()
  if (!items.length) return <p className="muted">Aucun travail à proposer d&apos;après le diagnostic.</p>
  const labels = new Map(items.map((i) => [i.work, i.label]))
  return (
    <ScrollRegion label="Chaque travail estimé seul (tableau)">
      <table className="table works-lines" data-testid="work-lines">
        <caption className="visually-hidden">
          Chaque travail estimé seul, sur le logement tel qu&apos;il est ; les économies ne s&apos;additionnent pas
        </caption>
        <thead>
          <tr>
            <th scope="col">Travail (seul)</th>
            <th scope="col" className="num">
              {sharesOnly ? 'Part du chauffage économisée' : 'Économie par an'}
            </th>
            <th scope="col" className="num">Coût estimé</th>
            <th scope="col" className="num">Temps de retour (avant aides)</th>
            <th scope="col" className="num">Coût du kWh économisé sur la durée de vie</th>
            <th scope="col">Remarques</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const energy = energyAfterText(vocabulary, item.energy_after, item.efficiency_after)
            return (
              <tr key={item.work}>
                <th scope="row">
                  {item.label}
                  <span className="small muted block">
                    {formatDecimal(item.quantity)} {item.quantity_unit}
                  </span>
                  {energy && <span className="small block">{energy}</span>}
                  {item.alternative_to && labels.has(item.alternative_to) && (
                    <span className="small block">Au choix avec : {labels.get(item.alternative_to)?.toLowerCase()}</span>
                  )}
                </th>
                <td className="num">
                  {savingText(item.saving, sharesOnly)}
                  {!sharesOnly && item.saving.share && (
                    <span className="small muted block">{formatPercent(item.saving.share)} du chauffage</span>
                  )}
                </td>
                <td className="num">
                  {costTtc(item.cost)}
                  {costHt(item.cost) && (
                    <span className="small muted block">
                      {costHt(item.cost)}, {vatText(item.cost)}
                    </span>
                  )}
                </td>
                <td className="num">{yearsText(item.payback_years_low, item.payback_years_high) || '–'}</td>
                <td className="num">
                  {lifetimeCostText(item.lifetime_cost_per_kwh_low, item.lifetime_cost_per_kwh_high, item.lifetime_years) || '–'}
                </td>
                <td>
                  {item.notes.length ? item.notes.join(' ') : '–'}
                  <SourcesDisclosure sources={item.sources} of={item.label} />
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

import { useMeasuredImpact } from '../api/analysis'
import type { EnergyImpactRead, MeasuredImpactRead } from '../api/types'
import { Loading, QueryError } from '../components/Status'
import { useEnergyVocabulary } from '../api/vocabulary'
import { energyLabel } from '../lib/energy'
import { changeText } from '../lib/figures'
import { formatAmount, formatDate, formatInteger, formatPercent } from '../lib/format'
import { ScrollRegion } from '../components/ScrollRegion'

const kwh = (v: string | null | undefined) => (v === null || v === undefined ? '–' : `${formatInteger(v)}\u00a0kWh`)
const eur = (v: string | null | undefined) => (v === null || v === undefined ? '' : formatAmount(v))

function EnergyRow({ e, corrected }: { e: EnergyImpactRead; corrected: boolean }) {
  const { data: vocabulary } = useEnergyVocabulary()
  return (
    <tr data-testid={`impact-${e.energy}`}>
      <th scope="row">
        {energyLabel(vocabulary, e.energy)}
        {!e.compared && <span className="muted small"> (d’un seul côté : hors total)</span>}
        {e.notes.length > 0 && (
          <ul className="notes small">
            {e.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </th>
      <td className="num">
        {kwh(e.baseline_kwh)}
        <span className="block muted small">{eur(e.baseline_eur)}</span>
      </td>
      <td className="num">
        {kwh(e.after_kwh)}
        <span className="block muted small">{eur(e.after_eur)}</span>
      </td>
      <td className="num">{changeText(e.change_kwh, e.change_eur)}</td>
      <td className="num">{corrected ? changeText(e.corrected_change_kwh, e.corrected_change_eur) : 'non disponible'}</td>
    </tr>
  )
}

export function MeasuredImpactView({ impact: m }: { impact: MeasuredImpactRead }) {
  const compared = m.energies.length > 0
  return (
    <>
      {m.visit_date && (
        <p className="small" data-testid="impact-windows">
          Visite du {formatDate(m.visit_date)}.
          {m.baseline ? ` Avant : du ${formatDate(m.baseline.start)} au ${formatDate(m.baseline.end)} (${m.baseline.bills} factures).` : ' Avant : aucune facture.'}
          {m.after ? ` Après : du ${formatDate(m.after.start)} au ${formatDate(m.after.end)} (${m.after.bills} factures).` : ' Après : aucune facture.'}
          {m.bills_straddling_visit > 0
            ? ` ${m.bills_straddling_visit} facture${m.bills_straddling_visit > 1 ? 's' : ''} à cheval sur la visite, dans aucune des deux périodes.`
            : ''}
        </p>
      )}
      <p data-testid="impact-explanation">{m.explanation}</p>
      {compared && (
        <ScrollRegion label="Consommation par an (kWh PCI et €), avant et après la visite">
          <table className="table">
            <caption className="h-small">Consommation par an (kWh PCI et €), avant et après la visite</caption>
            <thead>
              <tr>
                <th scope="col">Énergie</th>
                <th scope="col" className="num">
                  Avant
                </th>
                <th scope="col" className="num">
                  Après
                </th>
                <th scope="col" className="num">
                  Variation sur les factures
                </th>
                <th scope="col" className="num">
                  Variation corrigée du climat
                </th>
              </tr>
            </thead>
            <tbody>
              {m.energies.map((e) => (
                <EnergyRow key={e.energy} e={e} corrected={m.climate_corrected} />
              ))}
            </tbody>
            {m.change_kwh !== null && (
              <tfoot>
                <tr data-testid="impact-total">
                  <th scope="row">Total des énergies comparées</th>
                  <td className="num">{kwh(m.baseline_kwh)}</td>
                  <td className="num">{kwh(m.after_kwh)}</td>
                  <td className="num">{changeText(m.change_kwh, m.change_eur)}</td>
                  <td className="num">
                    {m.climate_corrected ? changeText(m.corrected_change_kwh, m.corrected_change_eur) : 'non disponible'}
                  </td>
                </tr>
              </tfoot>
            )}
          </table>
        </ScrollRegion>
      )}
      {compared && !m.climate_corrected && m.climate_note && (
        <p className="note" data-testid="climate-note">
          {m.climate_note}
        </p>
      )}
      {compared && m.climate_corrected && m.climate_note && <p className="muted small">{m.climate_note}</p>}

      <h4>Économies estimées</h4>
      {m.estimated.length === 0 ? (
        <p className="muted">Ni travaux faits ni écogestes enregistrés.</p>
      ) : (
        <ul data-testid="impact-estimated">
          {m.estimated.map((s) => (
            <li key={`${s.kind}-${s.code}-${s.label}`}>
              {s.kind === 'work' ? 'Travaux faits' : 'Écogeste'} : {s.label} :{' '}
              {s.saving_kwh !== null && s.saving_kwh !== undefined ? `${formatInteger(s.saving_kwh)}\u00a0kWh par an` : 'non estimé'}
              {s.saving_eur ? ` (${formatAmount(s.saving_eur)} par an)` : ''}
            </li>
          ))}
        </ul>
      )}
      <dl className="figure-list">
        <div>
          <dt>Économie estimée au total</dt>
          <dd data-testid="impact-estimated-total">{formatInteger(m.estimated_kwh)}&nbsp;kWh par an</dd>
        </div>
        <div>
          <dt>Économie mesurée{m.climate_corrected ? ' (corrigée du climat)' : ' (non corrigée du climat)'}</dt>
          <dd data-testid="impact-measured">
            {m.measured_saving_kwh !== null && m.measured_saving_kwh !== undefined
              ? `${formatInteger(m.measured_saving_kwh)}\u00a0kWh par an`
              : 'Non calculable : factures avant et après la visite nécessaires'}
          </dd>
        </div>
        {m.share_of_estimate !== null && m.share_of_estimate !== undefined && (
          <div>
            <dt>Part de l’économie estimée</dt>
            <dd data-testid="impact-share">{formatPercent(m.share_of_estimate, 0)}</dd>
          </div>
        )}
      </dl>
    </>
  )
}

/** The household's measured impact (linked from the follow-up by `measured_impact_href`). */
export function MeasuredImpactPanel({ householdId }: { householdId: number }) {
  const impact = useMeasuredImpact(householdId)
  return (
    <section className="card measured-impact" aria-labelledby="s-measured-impact" aria-busy={impact.isFetching || undefined}>
      <h3 id="s-measured-impact">Impact mesuré sur les factures</h3>
      {impact.isPending && <Loading label="Calcul de l'impact mesuré…" />}
      {impact.isError && <QueryError error={impact.error} />}
      {impact.data && <MeasuredImpactView impact={impact.data} />}
    </section>
  )
}

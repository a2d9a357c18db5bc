import type { WorksEstimateRead } from '../api/types'
import { useEnergyVocabulary } from '../api/vocabulary'
import { energyLabel } from '../lib/energy'
import { formatDecimal, formatInteger, formatPercent } from '../lib/format'
import { SourcesDisclosure } from './SourcesDisclosure'
import { sourceLines } from './display'
import { ScrollRegion } from '../components/ScrollRegion'

/** What the estimate was calibrated on: the model, the bills, the heat sources and the other uses taken out. */
export function EstimateOverview({ estimate: e }: { estimate: WorksEstimateRead }) {
  const { data: vocabulary } = useEnergyVocabulary()
  const energy = energyLabel(vocabulary, e.heating_energy)
  // The API's own sentence on underheating leads the alert; the other notes follow the figures.
  const underheatingNote = e.notes.find((n) => n.toLowerCase().startsWith('sous-chauffe'))
  const notes = e.notes.filter((n) => n !== underheatingNote)
  return (
    <div className="works-overview">
      {e.underheating && (
        <p className="alert alert--error" data-testid="underheating">
          <strong>
            <span aria-hidden="true">⚠ </span>Sous-chauffe probable
          </strong>
          {underheatingNote
            ? underheatingNote.replace(/^sous-chauffe probable\s*/i, ' ')
            : ` : le ménage consomme ${formatPercent(e.calibration, 0)} de ce que le modèle prévoit pour chauffer le logement ; les économies réelles seront plus faibles (une part servira au confort).`}
        </p>
      )}
      {e.shares_only && (
        <p className="alert alert--info" data-testid="shares-only">
          <strong>Économies en parts du chauffage seulement</strong> : pas de facture de chauffage exploitable, le modèle
          n&apos;est pas recalé. Les kWh et les euros ne sont pas estimés.
        </p>
      )}
      <div className="alert alert--info">
        <p>
          Le modèle du logement perd {formatDecimal(e.heat_loss_w_per_k)} W par degré d&apos;écart avec l&apos;extérieur,
          soit environ {formatInteger(e.modelled_final_kwh)} kWh de chauffage par an ({energy.toLowerCase()}).
        </p>
        {e.calibrated ? (
          <p>
            Les factures laissent {formatInteger(e.billed_heating_kwh)} kWh par an pour le chauffage principal
            {e.heating_kwh && e.heating_kwh !== e.billed_heating_kwh
              ? ` (${formatInteger(e.heating_kwh)} kWh avec le chauffage d'appoint)`
              : ''}
            : les économies sont recalées sur ces factures (facteur {formatDecimal(e.calibration)}).
          </p>
        ) : (
          <p>Pas de facture de chauffage exploitable : les économies viennent du modèle seul, sans recalage.</p>
        )}
        <p>
          {e.price_per_kwh
            ? `Prix du kWh retenu (hors abonnement) : ${formatDecimal(e.price_per_kwh)} €.`
            : 'Prix du kWh à renseigner.'}
        </p>
      </div>
      <h3>Ce qui a été recalé</h3>
      <ScrollRegion label="Sources de chaleur du logement (tableau)">
        <table className="table" data-testid="heat-sources">
          <caption className="visually-hidden">Sources de chaleur du logement et consommation de chauffage retenue</caption>
          <thead>
            <tr>
              <th scope="col">Chauffage</th>
              <th scope="col" className="num">Consommation de l&apos;énergie (kWh/an)</th>
              <th scope="col" className="num">Dont chauffage (kWh/an)</th>
              <th scope="col" className="num">Part de la chaleur</th>
              <th scope="col" className="num">Prix du kWh (hors abonnement)</th>
            </tr>
          </thead>
          <tbody>
            {e.heat_sources.map((s, i) => (
              <tr key={`${s.energy}-${i}`}>
                <th scope="row">
                  {energyLabel(vocabulary, s.energy)} – {s.main ? 'principal' : 'appoint (non principal)'}
                  <span className="small muted"> (rendement {formatDecimal(s.efficiency)})</span>
                </th>
                <td className="num">{s.billed_kwh ? formatInteger(s.billed_kwh) : 'pas de facture'}</td>
                <td className="num">{s.heating_kwh ? formatInteger(s.heating_kwh) : '–'}</td>
                <td className="num">{s.heat_share ? formatPercent(s.heat_share) : '–'}</td>
                <td className="num">
                  {s.price_per_kwh ? `${formatDecimal(s.price_per_kwh)} €` : 'à renseigner'}
                  <SourcesDisclosure sources={s.price_source ? [s.price_source] : []} of={`prix du kWh, ${energyLabel(vocabulary, s.energy).toLowerCase()}`} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p id="other-uses-title" className="label-like">
        Usages déduits des factures avant le recalage (estimés à part) :
      </p>
      {e.other_uses.length ? (
        <ul aria-labelledby="other-uses-title" data-testid="other-uses">
          {e.other_uses.map((u) => (
            <li key={`${u.energy}-${u.use}`}>
              {u.label} : {formatInteger(u.kwh)} kWh/an ({energyLabel(vocabulary, u.energy).toLowerCase()})
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="other-uses">
          Aucun : rien n&apos;est déduit des factures.
        </p>
      )}
      {notes.length > 0 && (
        <ul className="notes">
          {notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <SourcesDisclosure sources={sourceLines(e.sources)} of="valeurs de référence de l'estimation" testId="estimate-sources" />
    </div>
  )
}

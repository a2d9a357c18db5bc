import type { ReactNode } from 'react'
import type { CostSummary, EquipmentRow, LeadTime, OrientationOutcome, WorksRow } from '../api/types'
import { formatDays, sumOfAmounts, sumOfPublished } from '../lib/dashboard'
import { formatAmount, formatInteger } from '../lib/format'
import { CountCell, MaskedCell, SuppressedHint } from './CountTables'
import { ScrollRegion } from '../components/ScrollRegion'

const Num = ({ children }: { children: ReactNode }) => <td className="num">{children}</td>

/** Lead times: median and 90th percentile, in days. */
export function LeadTimesTable({ rows }: { rows: readonly LeadTime[] }) {
  return (
    <ScrollRegion label="Délais de traitement (en jours)">
      <table className="table" data-testid="lead-times">
        <caption>Délais de traitement (en jours)</caption>
        <thead>
          <tr>
            <th scope="col">Étape</th>
            <th scope="col" className="num">
              Dossiers
            </th>
            <th scope="col" className="num">
              Délai médian
            </th>
            <th scope="col" className="num">
              90<sup>e</sup> centile
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <Num>{formatInteger(r.cases)}</Num>
              <Num>{formatDays(r.median_days)}</Num>
              <Num>{formatDays(r.p90_days)}</Num>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint small">« j » : jours. 90<sup>e</sup> centile : 9 dossiers sur 10 ont franchi l&apos;étape dans ce délai.</p>
    </ScrollRegion>
  )
}

type OutcomeCount = 'proposed' | 'in_progress' | 'obtained' | 'refused' | 'abandoned' | 'total'
const OUTCOME_COLUMNS: [OutcomeCount, string][] = [
  ['proposed', 'Proposées'],
  ['in_progress', 'En cours'],
  ['obtained', 'Obtenues'],
  ['refused', 'Refusées'],
  ['abandoned', 'Abandonnées'],
  ['total', 'Total'],
]

/** Orientations by type and outcome, with the aid obtained. */
export function OrientationsTable({ rows }: { rows: readonly OrientationOutcome[] }) {
  if (rows.length === 0) return <p className="muted">Aucune orientation pour cette période.</p>
  // A column's total would reveal its hidden counts: it is hidden too when one of them is.
  const sum = (k: OutcomeCount) => sumOfPublished(rows.map((r) => r[k]))
  const amount = sumOfAmounts(rows.map((r) => r.amount_obtained_eur))
  const hidden = rows.some((r) => OUTCOME_COLUMNS.some(([k]) => r[k] === null) || r.amount_obtained_eur === null)
  return (
    <ScrollRegion label="Orientations par type et par issue">
      <table className="table table--compact" data-testid="orientations">
        <caption>Orientations par type et par issue</caption>
        <thead>
          <tr>
            <th scope="col">Type d&apos;orientation</th>
            {OUTCOME_COLUMNS.map(([k, label]) => (
              <th key={k} scope="col" className="num">
                {label}
              </th>
            ))}
            <th scope="col" className="num">
              Montant obtenu
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.kind}>
              <th scope="row">{r.label}</th>
              {OUTCOME_COLUMNS.map(([k]) => (
                <CountCell key={k} count={r[k]} />
              ))}
              <MaskedCell hidden={r.amount_obtained_eur === null}>{formatAmount(r.amount_obtained_eur)}</MaskedCell>
            </tr>
          ))}
        </tbody>
        {rows.length > 1 && (
          <tfoot>
            <tr>
              <th scope="row">Total</th>
              {OUTCOME_COLUMNS.map(([k]) => {
                const total = sum(k)
                return (
                  <MaskedCell key={k} hidden={total === null}>
                    {formatInteger(total)}
                  </MaskedCell>
                )
              })}
              <MaskedCell hidden={amount === null}>{formatAmount(amount)}</MaskedCell>
            </tr>
          </tfoot>
        )}
      </table>
      {hidden && <SuppressedHint masked />}
    </ScrollRegion>
  )
}

/** Small equipment handed out, and the cost summary. */
export function EquipmentAndCost({ rows, cost }: { rows: readonly EquipmentRow[]; cost: CostSummary }) {
  return (
    <>
      {rows.length === 0 ? (
        <p className="muted">Aucun petit équipement posé pour cette période.</p>
      ) : (
        <ScrollRegion label="Petit équipement posé">
          <table className="table table--compact" data-testid="equipment">
            <caption>Petit équipement posé</caption>
            <thead>
              <tr>
                <th scope="col">Équipement</th>
                <th scope="col" className="num">
                  Quantité
                </th>
                <th scope="col" className="num">
                  Coût
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.code}>
                  <th scope="row">{r.name}</th>
                  <Num>{formatInteger(r.quantity)}</Num>
                  <Num>{formatAmount(r.cost_eur)}</Num>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <Num>{formatInteger(rows.reduce((a, r) => a + r.quantity, 0))}</Num>
                <Num>{formatAmount(cost.equipment_cost_eur)}</Num>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
      <ScrollRegion label="Coût du dispositif">
        <table className="table table--compact" data-testid="cost">
          <caption>Coût du dispositif</caption>
          <tbody>
            <tr>
              <th scope="row">Budget de la campagne</th>
              <Num>{cost.budget_eur !== null ? formatAmount(cost.budget_eur) : 'non renseigné'}</Num>
            </tr>
            <tr>
              <th scope="row">Ménages visités</th>
              <Num>{formatInteger(cost.households_visited)}</Num>
            </tr>
            <tr>
              <th scope="row">Coût par ménage visité</th>
              <Num>{cost.cost_per_household_eur !== null ? formatAmount(cost.cost_per_household_eur) : '–'}</Num>
            </tr>
            <tr>
              <th scope="row">Petit équipement</th>
              <Num>{formatAmount(cost.equipment_cost_eur)}</Num>
            </tr>
          </tbody>
        </table>
      </ScrollRegion>
    </>
  )
}

/** Works reported by landlords, by status. */
export function LandlordWorksTable({ rows }: { rows: readonly WorksRow[] }) {
  if (rows.length === 0) return <p className="muted">Aucun travaux signalé par les bailleurs pour cette période.</p>
  return (
    <ScrollRegion label="Travaux des bailleurs, par état d'avancement">
      <table className="table table--compact" data-testid="landlord-works">
        <caption>Travaux des bailleurs, par état d&apos;avancement</caption>
        <thead>
          <tr>
            <th scope="col">État</th>
            <th scope="col" className="num">
              Logements
            </th>
            <th scope="col" className="num">
              Coût réel déclaré
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.status}>
              <th scope="row">{r.label}</th>
              <CountCell count={r.count} />
              <MaskedCell hidden={r.actual_cost_eur === null}>{formatAmount(r.actual_cost_eur)}</MaskedCell>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.some((r) => r.count === null || r.actual_cost_eur === null) && <SuppressedHint masked />}
    </ScrollRegion>
  )
}

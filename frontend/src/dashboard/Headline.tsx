import type { AnnualReport } from '../api/types'
import { formatPct, MASKED, SUPPRESSED } from '../lib/dashboard'
import { formatAmount, formatDecimal, formatInteger } from '../lib/format'

/** The year at a glance: visits against the objective, cost per household against the budget. */
export function Headline({ report, unitName }: { report: AnnualReport; unitName?: string }) {
  const { total, cost } = report
  const visited = cost.households_visited
  const outside = report.visits_outside_campaign_units
  return (
    <section aria-labelledby="s-headline">
      <h2 id="s-headline">
        En bref : {report.year}
        {unitName ? `, ${unitName}` : ', toutes les unités'}
      </h2>
      <dl className="kpis" data-testid="headline">
        <div className="kpi">
          <dt>Visites réalisées</dt>
          <dd>
            <span className="kpi__value">
              {total.visits_done !== null ? formatInteger(total.visits_done) : <Hidden text={SUPPRESSED} />}
            </span>
            <span className="kpi__detail">
              sur un objectif de {formatDecimal(total.objective_visits)} visites
              {outside === null
                ? ` (et ${SUPPRESSED} hors des unités de la campagne, secret statistique)`
                : outside > 0 && ` (et ${formatInteger(outside)} hors des unités de la campagne)`}
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Part de l&apos;objectif atteinte</dt>
          <dd>
            <span className="kpi__value">
              {total.visits_done !== null ? formatPct(total.share_of_objective_pct) : <Hidden text={MASKED} />}
            </span>
            <span className="kpi__detail">
              objectif : {formatDecimal(report.objective_per_thousand)} visites pour 1 000 ménages
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Coût par ménage visité</dt>
          <dd>
            <span className="kpi__value">
              {cost.cost_per_household_eur !== null ? formatAmount(cost.cost_per_household_eur) : '–'}
            </span>
            <span className="kpi__detail">
              {cost.budget_eur !== null ? `budget de ${formatAmount(cost.budget_eur)}` : 'budget non renseigné'},{' '}
              {formatInteger(visited)} ménage{visited > 1 ? 's' : ''} visité{visited > 1 ? 's' : ''}
            </span>
          </dd>
        </div>
        <div className="kpi">
          <dt>Petit équipement posé</dt>
          <dd>
            <span className="kpi__value">{formatAmount(cost.equipment_cost_eur)}</span>
            <span className="kpi__detail">coût du matériel remis aux ménages</span>
          </dd>
        </div>
      </dl>
    </section>
  )
}

/** A headline figure hidden by statistical secrecy, and why (for screen readers). */
function Hidden({ text }: { text: string }) {
  return (
    <>
      {text}
      <span className="visually-hidden"> (masqué, secret statistique)</span>
    </>
  )
}

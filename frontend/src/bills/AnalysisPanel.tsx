import type { ReactNode } from 'react'
import { useAnalysis } from '../api/queries'
import type { Analysis, FigureRead } from '../api/types'
import { Loading, QueryError } from '../components/Status'
import { ENERGY_LABELS } from '../lib/energy'
import { formatAmount, formatDecimal, formatInteger, formatPercent } from '../lib/format'

/** One indicator: its figure, and the API's plain-French explanation under it. */
function Indicator({ name, testId, explanation, children }: { name: string; testId?: string; explanation?: string; children: ReactNode }) {
  return (
    <div className="indicator">
      <dt>{name}</dt>
      <dd>
        <span className="indicator__value" data-testid={testId}>
          {children}
        </span>
        {explanation && <span className="indicator__explanation">{explanation}</span>}
      </dd>
    </div>
  )
}

const missing = <span className="muted">Non calculable</span>

function figure(f: FigureRead, format: (v: string) => string, suffix = ''): ReactNode {
  return f.value === null || f.value === undefined ? missing : `${format(f.value)}${suffix}`
}

/** Above / below a threshold, said in words (never colour alone). */
function ThresholdLine({ above, label, threshold }: { above: boolean | null | undefined; label: string; threshold: string }) {
  if (above === null || above === undefined) return null
  return (
    <li className={above ? 'threshold threshold--above' : 'threshold'}>
      {above ? (
        <>
          <span aria-hidden="true">▲ </span>Au-dessus du seuil {label} ({threshold})
        </>
      ) : (
        <>
          <span aria-hidden="true">▽ </span>Sous le seuil {label} ({threshold})
        </>
      )}
    </li>
  )
}

export function AnalysisView({ analysis: a }: { analysis: Analysis }) {
  const slime = formatPercent(a.thresholds.tee_slime ?? '0.10', 0)
  const onpe = formatPercent(a.thresholds.tee_onpe ?? '0.08', 0)
  const estimatedClass = a.estimated_class.unit
  return (
    <>
      <h3>Consommations et dépenses sur un an</h3>
      {a.energies.length ? (
        <ul className="energy-years">
          {a.energies.map((y) => (
            <li key={y.energy} className="energy-year" data-testid={`energy-year-${y.energy}`}>
              <p className="energy-year__head">
                <strong>{ENERGY_LABELS[y.energy]}</strong>
                {y.extrapolated && <span className="badge badge--new">extrapolé</span>}
              </p>
              <p>
                {y.kwh_per_year !== null && y.kwh_per_year !== undefined
                  ? `${formatInteger(y.kwh_per_year)} kWh/an`
                  : y.m3_per_year
                    ? `${formatDecimal(y.m3_per_year)} m³/an`
                    : null}
                {' – '}
                <span data-testid={`energy-eur-${y.energy}`}>{formatAmount(y.eur_per_year)}</span>/an
              </p>
              <p className="muted small">
                {y.bills_used} facture(s), {formatInteger(y.days_covered)} jours couverts ({y.method})
                {Number(y.unpaid_eur) ? `, impayés ${formatAmount(y.unpaid_eur)}` : ''}.
              </p>
              {y.notes.length > 0 && (
                <ul className="notes small">
                  {y.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Aucune facture : saisissez-les dans le tableau.</p>
      )}

      <h3>Indicateurs</h3>
      <dl className="indicators">
        <Indicator name="Dépenses d'énergie" testId="energy-spending" explanation={a.energy_spending.explanation}>
          {figure(a.energy_spending, formatAmount, ' par an')}
        </Indicator>
        <Indicator name="Taux d'effort énergétique (TEE)" testId="tee" explanation={a.tee.explanation}>
          {figure(a.tee, (v) => formatPercent(v))}
        </Indicator>
        {(a.tee_above_slime_threshold !== null || a.tee_above_onpe_threshold !== null) && (
          <div className="indicator">
            <dt className="visually-hidden">Seuils du taux d&apos;effort</dt>
            <dd>
              <ul className="thresholds" data-testid="tee-thresholds">
                <ThresholdLine above={a.tee_above_slime_threshold} label="SLIME" threshold={slime} />
                <ThresholdLine above={a.tee_above_onpe_threshold} label="ONPE" threshold={onpe} />
                {a.tee_3d && (
                  <li className="threshold threshold--above">
                    Précarité énergétique au sens « 3 déciles » : taux d&apos;effort au-dessus de {onpe} et revenu
                    par UC dans les 3 premiers déciles.
                  </li>
                )}
              </ul>
            </dd>
          </div>
        )}
        <Indicator name="Unités de consommation (UC)" testId="uc" explanation={a.consumption_units.explanation}>
          {figure(a.consumption_units, formatDecimal)}
        </Indicator>
        <Indicator name="Revenu par UC" testId="income-per-uc" explanation={a.income_per_uc.explanation}>
          {figure(a.income_per_uc, formatAmount, ' par an')}
        </Indicator>
        <Indicator name="Décile de revenu" testId="decile">
          {a.decile.explanation}
        </Indicator>
        <Indicator name="Consommation par m²" testId="kwh-per-m2" explanation={a.kwh_per_m2.explanation}>
          {figure(a.kwh_per_m2, formatInteger, ' kWh/m²/an')}
        </Indicator>
        <Indicator name="Classe estimée" testId="estimated-class" explanation={a.estimated_class.explanation}>
          {estimatedClass ? (
            <>
              {estimatedClass} <strong className="warning">(estimation, pas un DPE)</strong>
            </>
          ) : (
            missing
          )}
        </Indicator>
        <Indicator name="Impayés" testId="unpaid-total" explanation={a.unpaid_total.explanation}>
          {figure(a.unpaid_total, formatAmount)}
        </Indicator>
        <Indicator name="Dépenses d'eau" testId="water-spending" explanation={a.water_spending.explanation}>
          {figure(a.water_spending, formatAmount, ' par an')}
        </Indicator>
        <Indicator name="Reste à vivre par UC (BRDE)" testId="brde" explanation={a.brde_inputs.explanation}>
          {figure(a.brde_inputs, formatAmount, ' par an')}
        </Indicator>
      </dl>
    </>
  )
}

/** The household's analysis, refetched whenever ['analysis', id] is invalidated. */
export function AnalysisPanel({ householdId }: { householdId: number }) {
  const analysis = useAnalysis(householdId)
  return (
    <section className="analysis-panel" aria-labelledby="s-analysis" aria-busy={analysis.isFetching || undefined}>
      <h2 id="s-analysis">Analyse</h2>
      {analysis.isPending && <Loading label="Calcul de l'analyse…" />}
      {analysis.isError && <QueryError error={analysis.error} />}
      {analysis.data && <AnalysisView analysis={analysis.data} />}
    </section>
  )
}

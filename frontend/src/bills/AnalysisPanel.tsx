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

const RESERVED = 'Montant réservé à l’équipe sociale.'

/**
 * A figure tied to income, for a reader who may not see income amounts (income_hidden): the API
 * sends no value, and its explanation carries the band or the indicator (« Taux d'effort énergétique
 * au-dessus de 10 %. Montant réservé à l'équipe sociale. »). The band becomes the value shown.
 */
function withheld(f: FigureRead): { value: ReactNode; explanation: string } {
  const at = f.explanation.search(/Montant réservé/)
  const band = (at < 0 ? f.explanation : f.explanation.slice(0, at)).trim()
  if (!band) return { value: <span className="muted">Réservé à l’équipe sociale</span>, explanation: '' }
  return { value: band, explanation: at < 0 ? RESERVED : f.explanation.slice(at).trim() }
}

/** An income-related indicator: the amount for the social team, the band for everyone else. */
function IncomeIndicator({
  name,
  testId,
  f,
  hidden,
  format,
  suffix,
}: {
  name: string
  testId: string
  f: FigureRead
  hidden: boolean
  format: (v: string) => string
  suffix?: string
}) {
  if (hidden && (f.value === null || f.value === undefined)) {
    const { value, explanation } = withheld(f)
    return (
      <Indicator name={name} testId={testId} explanation={explanation || undefined}>
        {value}
      </Indicator>
    )
  }
  return (
    <Indicator name={name} testId={testId} explanation={f.explanation}>
      {figure(f, format, suffix)}
    </Indicator>
  )
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
      {a.income_hidden && (
        <p className="note" data-testid="income-hidden-note">
          Les montants liés aux revenus (taux d’effort, revenu par UC, reste à vivre) sont réservés à
          l’équipe sociale : vous en voyez la tranche ou l’indicateur.
        </p>
      )}
      <dl className="indicators">
        <Indicator name="Dépenses d'énergie" testId="energy-spending" explanation={a.energy_spending.explanation}>
          {figure(a.energy_spending, formatAmount, ' par an')}
        </Indicator>
        <IncomeIndicator
          name="Taux d'effort énergétique (TEE)"
          testId="tee"
          f={a.tee}
          hidden={a.income_hidden}
          format={(v) => formatPercent(v)}
        />
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
        <IncomeIndicator
          name="Revenu par UC"
          testId="income-per-uc"
          f={a.income_per_uc}
          hidden={a.income_hidden}
          format={formatAmount}
          suffix=" par an"
        />
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
        <IncomeIndicator
          name="Reste à vivre par UC (BRDE)"
          testId="brde"
          f={a.brde_inputs}
          hidden={a.income_hidden}
          format={formatAmount}
          suffix=" par an"
        />
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

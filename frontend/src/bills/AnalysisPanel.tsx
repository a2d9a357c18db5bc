import type { ReactNode } from 'react'
import { useAnalysis } from '../api/analysis'
import type { Analysis, EnergyYearRead, FigureRead } from '../api/types'
import { SourcesDisclosure } from '../components/SourcesDisclosure'
import { Loading, QueryError } from '../components/Status'
import { useEnergyVocabulary } from '../api/vocabulary'
import { energyLabel } from '../lib/energy'
import {
  classDetails,
  decileBounds,
  figureText,
  isCalculable,
  missingText,
  spanText,
  verdictWords,
  withIndicative,
  type VerdictKind,
} from '../lib/figures'
import { formatAmount, formatDate, formatDecimal, formatInteger, formatPercent } from '../lib/format'

const UNCERTAIN =
  'Incertain : calculé sur des factures extrapolées (moins d’un an couvert) ou estimées par le fournisseur.'

/** What a figure says beside its value: uncertain flag, verdict in words, what is missing, warnings, explanation, sources. */
function FigureNotes({
  f,
  name,
  testId,
  verdict,
  explanation = true,
}: {
  f: FigureRead
  name: string
  testId: string
  verdict?: VerdictKind
  explanation?: boolean
}) {
  const words = verdict ? verdictWords(verdict, f.verdict) : null
  const missing = !isCalculable(f) ? missingText(f.missing) : ''
  return (
    <>
      {f.uncertain && (
        <span className="indicator__flag" data-testid={`${testId}-uncertain`}>
          <span aria-hidden="true">⚠ </span>
          {UNCERTAIN}
        </span>
      )}
      {words && (
        <span className="indicator__verdict" data-testid={`${testId}-verdict`}>
          {words}
        </span>
      )}
      {missing && (
        <span className="indicator__explanation" data-testid={`${testId}-missing`}>
          À renseigner : {missing}.
        </span>
      )}
      {f.warnings && f.warnings.length > 0 && (
        <ul className="indicator__warnings" data-testid={`${testId}-warnings`}>
          {f.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      )}
      {/* A non-calculable figure's explanation only repeats what is missing. */}
      {explanation && f.explanation && !missing && <span className="indicator__explanation">{f.explanation}</span>}
      <SourcesDisclosure sources={f.sources} label={name} testId={`${testId}-sources`} />
    </>
  )
}

/** One indicator: its name, the figure as the API formatted it, and what goes with it. */
function Indicator({
  name,
  testId,
  f,
  verdict,
  headline,
  suffix,
  children,
}: {
  name: string
  testId: string
  f: FigureRead
  verdict?: VerdictKind
  headline?: boolean
  /** Said after the value when there is one (« par an »). */
  suffix?: string
  children?: ReactNode
}) {
  return (
    <div className={headline ? 'indicator indicator--headline' : 'indicator'}>
      <dt>{name}</dt>
      <dd>
        <span className={isCalculable(f) ? 'indicator__value' : 'indicator__value muted'} data-testid={testId}>
          {figureText(f)}
          {suffix && isCalculable(f) ? suffix : null}
        </span>
        {children}
        <FigureNotes f={f} name={name} testId={testId} verdict={verdict} />
      </dd>
    </div>
  )
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
  verdict,
  headline,
  children,
}: {
  name: string
  testId: string
  f: FigureRead
  hidden: boolean
  verdict?: VerdictKind
  headline?: boolean
  children?: ReactNode
}) {
  if (hidden && (f.value === null || f.value === undefined) && isCalculable(f)) {
    const { value, explanation } = withheld(f)
    return (
      <div className={headline ? 'indicator indicator--headline' : 'indicator'}>
        <dt>{name}</dt>
        <dd>
          <span className="indicator__value" data-testid={testId}>
            {value}
          </span>
          {children}
          {explanation && <span className="indicator__explanation">{explanation}</span>}
          <FigureNotes f={f} name={name} testId={testId} explanation={false} />
        </dd>
      </div>
    )
  }
  return (
    <Indicator name={name} testId={testId} f={f} verdict={verdict} headline={headline}>
      {children}
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

/** Whether the energy's bills carry their own kWh PCS (natural gas, network propane). */
const showsPcs = (y: EnergyYearRead) => y.kwh_pcs_per_year !== null && y.kwh_pcs_per_year !== undefined

function EnergyYear({ y }: { y: EnergyYearRead }) {
  const label = energyLabel(useEnergyVocabulary().data, y.energy)
  const unit = y.kwh_unit || 'kWh PCI'
  return (
    <li className="energy-year" data-testid={`energy-year-${y.energy}`}>
      <p className="energy-year__head">
        <strong>{label}</strong>
        {y.extrapolated && <span className="badge badge--new">extrapolé</span>}
        {y.estimated && <span className="badge badge--new">factures estimées</span>}
      </p>
      <p>
        {y.kwh_per_year !== null && y.kwh_per_year !== undefined ? (
          <span data-testid={`energy-kwh-${y.energy}`}>
            {formatInteger(y.kwh_per_year)} {unit}/an
          </span>
        ) : y.m3_per_year ? (
          `${formatDecimal(y.m3_per_year)} m³/an`
        ) : null}
        {showsPcs(y) && (
          <span data-testid={`energy-pcs-${y.energy}`}> ({formatInteger(y.kwh_pcs_per_year)} kWh PCS/an sur les factures)</span>
        )}
        {' – '}
        <span data-testid={`energy-eur-${y.energy}`}>{formatAmount(y.eur_per_year)}</span>/an
      </p>
      <p className="muted small">
        {y.bills_used} facture(s), {formatInteger(y.days_covered)} jours couverts sur le calendrier ({y.method})
        {Number(y.unpaid_eur) ? `, impayés ${formatAmount(y.unpaid_eur)}` : ''}.
      </p>
      {y.overlaps && y.overlaps.length > 0 && (
        <div className="small" data-testid={`energy-overlaps-${y.energy}`}>
          <p className="energy-year__flag">
            <span aria-hidden="true">⚠ </span>Périodes facturées deux fois (la facture non estimée est retenue) :
          </p>
          <ul>
            {y.overlaps.map((s) => (
              <li key={`${s.start}-${s.end}`}>{spanText(s)}</li>
            ))}
          </ul>
        </div>
      )}
      {y.gaps && y.gaps.length > 0 && (
        <div className="small" data-testid={`energy-gaps-${y.energy}`}>
          <p className="energy-year__flag">
            <span aria-hidden="true">⚠ </span>Périodes sans facture (non comptées) :
          </p>
          <ul>
            {y.gaps.map((s) => (
              <li key={`${s.start}-${s.end}`}>{spanText(s)}</li>
            ))}
          </ul>
        </div>
      )}
      {y.notes.length > 0 && (
        <ul className="notes small">
          {y.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <SourcesDisclosure sources={y.sources} label={`consommation ${label.toLowerCase()}`} testId={`energy-sources-${y.energy}`} />
    </li>
  )
}

export function AnalysisView({ analysis: a }: { analysis: Analysis }) {
  const slime = formatPercent(a.thresholds.tee_slime ?? '0.10', 0)
  const onpe = formatPercent(a.thresholds.tee_onpe ?? '0.08', 0)
  const hidden = a.income_hidden
  const bounds = decileBounds(a.decile.sources)
  const classInputs = classDetails(a.estimated_class.inputs)
  return (
    <>
      <p className="analysis-reference small" data-testid="analysis-reference">
        Valeurs de référence en vigueur le {formatDate(a.reference_date)}.
        {a.reference_year ? (
          <>
            {' '}
            Année des revenus et des factures : {a.reference_year}
            {a.reference_year_rule ? ` (${a.reference_year_rule.replace(/^\d{4}\s*:\s*/, '').replace(/\.$/, '')})` : ''}.
          </>
        ) : null}
      </p>

      <h3>Taux d&apos;effort énergétique</h3>
      {hidden && (
        <p className="note" data-testid="income-hidden-note">
          Les montants liés aux revenus (taux d’effort, revenu par UC, reste à vivre) sont réservés à
          l’équipe sociale : vous en voyez la tranche ou l’indicateur.
        </p>
      )}
      <dl className="indicators">
        <IncomeIndicator name="Taux d'effort énergétique (TEE), avant aides" testId="tee" f={a.tee} hidden={hidden} headline />
        {(a.tee_above_slime_threshold !== null || a.tee_above_onpe_threshold !== null || a.tee_3d || a.fr_3d) && (
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
        {a.tee_after_cheque && (
          <IncomeIndicator name="Après chèque énergie" testId="tee-after-cheque" f={a.tee_after_cheque} hidden={hidden} />
        )}
        <Indicator name="Dépenses d'énergie" testId="energy-spending" f={a.energy_spending} suffix=" par an" />
        {a.fr_3d !== null && a.fr_3d !== undefined && (
          <div className="indicator">
            <dt>Froid ressenti et bas revenus (FR_3D)</dt>
            <dd>
              <span className="indicator__value" data-testid="fr-3d">
                {a.fr_3d ? 'Oui' : 'Non'}
              </span>
              <span className="indicator__explanation">
                {a.fr_3d
                  ? 'Le ménage dit avoir eu froid et son revenu par UC est dans les 3 premiers déciles (indicateur ONPE).'
                  : 'Pas de froid ressenti avec un revenu par UC dans les 3 premiers déciles (indicateur ONPE).'}
              </span>
            </dd>
          </div>
        )}
      </dl>

      <h3>Consommations et dépenses sur un an</h3>
      {a.energies.length ? (
        <ul className="energy-years">
          {a.energies.map((y) => (
            <EnergyYear key={y.energy} y={y} />
          ))}
        </ul>
      ) : (
        <p className="muted">Aucune facture : saisissez-les dans le tableau.</p>
      )}

      <h3>Revenus et reste à vivre</h3>
      <dl className="indicators">
        <Indicator name="Unités de consommation (UC)" testId="uc" f={a.consumption_units} />
        <IncomeIndicator name="Revenu par UC" testId="income-per-uc" f={a.income_per_uc} hidden={hidden} />
        <Indicator name="Décile de revenu" testId="decile" f={a.decile}>
          {bounds.length > 0 && (
            <span className="indicator__explanation" data-testid="decile-bounds">
              Bornes : {bounds.join(' ; ')}.
            </span>
          )}
        </Indicator>
        <IncomeIndicator name="Reste à vivre par UC (BRDE)" testId="brde" f={a.brde_inputs} hidden={hidden} verdict="brde_rav" />
        {a.brde_per_uc && (
          <Indicator name="BRDE par UC" testId="brde-per-uc" f={a.brde_per_uc} verdict="brde_variant" />
        )}
        {a.brde_per_m2 && (
          <Indicator name="BRDE par m²" testId="brde-per-m2" f={a.brde_per_m2} verdict="brde_variant" />
        )}
      </dl>

      <h3>Logement</h3>
      <dl className="indicators">
        <Indicator name="Consommation par m²" testId="kwh-per-m2" f={a.kwh_per_m2} />
        <div className="indicator">
          <dt>Classe estimée</dt>
          <dd>
            <span
              className={isCalculable(a.estimated_class) ? 'indicator__value' : 'indicator__value muted'}
              data-testid="estimated-class"
            >
              {withIndicative(figureText(a.estimated_class))}
            </span>
            {classInputs && (
              <span className="indicator__explanation" data-testid="estimated-class-details">
                {classInputs}
              </span>
            )}
            <FigureNotes f={a.estimated_class} name="classe estimée" testId="estimated-class" />
          </dd>
        </div>
        {a.decency && (
          // The display already says the answer in words; the verdict's wording is for a figure without one.
          <Indicator name="Décence énergétique" testId="decency" f={a.decency} verdict={a.decency.display ? undefined : 'decency'} />
        )}
      </dl>

      <h3>Autres montants</h3>
      <dl className="indicators">
        <Indicator name="Impayés" testId="unpaid-total" f={a.unpaid_total} />
        <Indicator name="Dépenses d'eau" testId="water-spending" f={a.water_spending} suffix=" par an" />
      </dl>
      <SourcesDisclosure
        sources={a.sources}
        label="toutes les valeurs de référence de l’analyse"
        title="Toutes les valeurs de référence utilisées"
        testId="analysis-sources"
      />
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

import { Link } from 'react-router'
import { useWorksEstimate } from '../api/works'
import { Loading } from '../components/Status'
import { isNotFound } from '../lib/errors'
import { formatDate } from '../lib/format'
import { costTtc, moneyView, savingText, yearsText } from './display'
import { NonCumulativeNote } from './WorkLines'

/**
 * A read-only helper beside the technical synthesis: the combined scenarios of the live works estimate and the
 * non-cumulative note, so the figures the advisor writes agree with them. The synthesis's works list stays
 * the advisor's own.
 */
export function ScenarioDigest({ householdId }: { householdId: number }) {
  const estimate = useWorksEstimate(householdId)
  return (
    <aside className="scenario-digest" aria-labelledby="digest-title" data-testid="scenario-digest">
      <h3 id="digest-title">Repères : scénarios de l&apos;estimation des travaux</h3>
      {estimate.isPending && <Loading label="Calcul de l'estimation…" />}
      {estimate.isError && (
        <p className="muted">
          {isNotFound(estimate.error)
            ? 'Pas d’estimation : le diagnostic technique de la visite est nécessaire.'
            : 'Estimation des travaux indisponible pour l’instant.'}
        </p>
      )}
      {estimate.data && (
        <>
          <NonCumulativeNote note={estimate.data.non_cumulative_note} />
          {estimate.data.scenarios.length === 0 && <p className="muted">Aucun scénario combiné.</p>}
          {estimate.data.scenarios.map((s) => {
            const money = s.money ? moneyView(s.money) : null
            return (
              <section key={s.code} aria-labelledby={`digest-${s.code}`} className="scenario-digest__item">
                <h4 id={`digest-${s.code}`}>{s.label}</h4>
                <p className="small">Étapes, dans l&apos;ordre : {s.steps.map((st) => st.label).join(' → ')}.</p>
                <ul className="plain-list small">
                  <li>Coût : {costTtc(s.cost)}</li>
                  <li>Économie : {savingText(s.saving, estimate.data.shares_only)}</li>
                  <li>Temps de retour avant aides : {yearsText(s.payback_years_low, s.payback_years_high) || 'non calculable'}</li>
                  {money && (
                    <li>
                      {money.leftToPayLabel} : {money.leftToPay} (aides : {money.aidsTotal})
                    </li>
                  )}
                </ul>
              </section>
            )
          })}
          <p className="hint">
            Estimation du {formatDate(estimate.data.reference_date)}, recalculée avec les données actuelles ; les chiffres
            du compte-rendu sont figés à sa validation.{' '}
            <Link to={`/menages/${householdId}/travaux`}>Voir le détail des travaux</Link>
          </p>
        </>
      )}
    </aside>
  )
}

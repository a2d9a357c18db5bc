import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useWorksEstimate, useWorksPlan } from '../api/works'
import { useHousehold } from '../api/households'
import type { WorksEstimateRead } from '../api/types'
import { HouseholdBreadcrumb } from '../components/HouseholdBreadcrumb'
import { Loading, QueryError } from '../components/Status'
import { isNotFound } from '../lib/errors'
import { formatDate } from '../lib/format'
import { usePageTitle } from '../lib/usePageTitle'
import { EstimateOverview } from '../works/EstimateOverview'
import { PlanEditor } from '../works/PlanEditor'
import { ScenarioCard } from '../works/ScenarioCard'
import { NonCumulativeNote, WorkLines } from '../works/WorkLines'

/** /menages/:id/travaux – the works estimate (each work alone, then the combined scenarios) and the works plan. */
export function WorksPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  const estimate = useWorksEstimate(id)
  const plan = useWorksPlan(id)
  const [generation, setGeneration] = useState(0)
  usePageTitle(household.data ? `Travaux – ${household.data.display_name}` : 'Travaux')

  if (household.isPending) return <Loading />
  if (household.isError)
    return (
      <>
        <h1>Travaux</h1>
        <QueryError error={household.error} notFound="Ce ménage est introuvable." />
      </>
    )
  const h = household.data
  return (
    <>
      <HouseholdBreadcrumb household={h} current="Travaux" />
      <h1>Travaux : {h.display_name}</h1>
      <section aria-labelledby="s-estimate">
        <h2 id="s-estimate">Estimation des travaux</h2>
        {estimate.isPending && <Loading label="Calcul de l'estimation…" />}
        {estimate.isError &&
          (isNotFound(estimate.error) ? (
            <p className="alert alert--info">
              L&apos;estimation des travaux a besoin du diagnostic technique de la visite. Saisissez-le depuis la page
              de la visite (« Diagnostic technique »).
            </p>
          ) : (
            <QueryError error={estimate.error} />
          ))}
        {estimate.data && <EstimateView estimate={estimate.data} />}
      </section>
      <section aria-labelledby="s-plan">
        <h2 id="s-plan">Programme de travaux</h2>
        {plan.isPending && <Loading />}
        {plan.isError && <QueryError error={plan.error} />}
        {plan.isSuccess && (
          <PlanEditor
            key={generation}
            householdId={h.id}
            householdName={h.display_name}
            plan={plan.data}
            estimate={estimate.data}
            onReload={() => void plan.refetch().then(() => setGeneration((g) => g + 1))}
          />
        )}
      </section>
    </>
  )
}

export function EstimateView({ estimate }: { estimate: WorksEstimateRead }) {
  return (
    <>
      <EstimateOverview estimate={estimate} />
      <NonCumulativeNote note={estimate.non_cumulative_note} />
      <h3 id="s-lines">Chaque travail seul</h3>
      <WorkLines items={estimate.items} sharesOnly={estimate.shares_only} />
      <h3 id="s-scenarios">Scénarios : les travaux l&apos;un après l&apos;autre</h3>
      {estimate.scenarios.length ? (
        <div className="scenarios">
          {estimate.scenarios.map((s) => (
            <ScenarioCard key={s.code} scenario={s} sharesOnly={estimate.shares_only} />
          ))}
        </div>
      ) : (
        <p className="muted">Aucun scénario combiné.</p>
      )}
      <p className="hint">
        Estimations pour la synthèse technique, pas un audit réglementaire. Valeurs de référence du{' '}
        {formatDate(estimate.reference_date)}. D&apos;après le{' '}
        <Link to={`/visites/${estimate.visit_id}/diagnostic-technique`}>diagnostic technique de la visite</Link>.
      </p>
    </>
  )
}

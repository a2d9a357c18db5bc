import { useParams } from 'react-router'
import { useBills } from '../api/bills'
import { useHousehold } from '../api/households'
import { useEnergyVocabulary } from '../api/vocabulary'
import { useAuth } from '../auth/AuthContext'
import { AnalysisPanel } from '../bills/AnalysisPanel'
import { BillGrid, BillTable } from '../bills/BillGrid'
import { Loading, QueryError } from '../components/Status'
import { EligibilityPanel } from '../diagnostics/EligibilityPanel'
import { usePageTitle } from '../lib/usePageTitle'
import { HouseholdBreadcrumb } from '../components/HouseholdBreadcrumb'
import { useOffline } from '../offline/store'

/** /menages/:id/factures – the bill grid (bills:write) or the bills (read), beside the analysis. */
export function BillsPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  const bills = useBills(id)
  // Energies, units per energy and labels: the API's, read once (kept on the device when visits are prepared).
  const vocabulary = useEnergyVocabulary()
  const { hasScope } = useAuth()
  const canWrite = hasScope('bills:write')
  // The analysis is computed by the server only (one engine): offline, it waits for the synchronisation.
  const offline = useOffline()
  usePageTitle(household.data ? `Factures – ${household.data.display_name}` : 'Factures')

  if (household.isPending) return <Loading />
  if (household.isError)
    return (
      <>
        <h1>Factures</h1>
        <QueryError error={household.error} notFound="Ce ménage est introuvable." />
      </>
    )
  const h = household.data
  return (
    <>
      <HouseholdBreadcrumb household={h} current="Factures" />
      <h1>Factures et analyse : {h.display_name}</h1>
      <div className="bills-layout">
        <div className="bills-layout__main">
          <section aria-labelledby="s-bills" className="bills-layout__grid">
            <h2 id="s-bills">Factures</h2>
            {(bills.isPending || vocabulary.isPending) && <Loading label="Chargement des factures…" />}
            {bills.isError && <QueryError error={bills.error} />}
            {vocabulary.isError && <QueryError error={vocabulary.error} />}
            {bills.data &&
              vocabulary.data &&
              (canWrite ? (
                // Remounted when the bills are read again (after a synchronisation, bills queued offline get their ids).
                <BillGrid
                  key={bills.dataUpdatedAt}
                  householdId={h.id}
                  householdName={h.display_name}
                  bills={bills.data}
                  vocabulary={vocabulary.data}
                />
              ) : (
                <BillTable bills={bills.data} vocabulary={vocabulary.data} />
              ))}
          </section>
          <EligibilityPanel householdId={h.id} />
        </div>
        {offline ? (
          <section className="analysis-panel" aria-labelledby="s-analysis">
            <h2 id="s-analysis">Analyse</h2>
            <p role="status" className="alert alert--info">
              Les chiffres seront calculés à la synchronisation.
            </p>
          </section>
        ) : (
          <AnalysisPanel householdId={h.id} />
        )}
      </div>
    </>
  )
}

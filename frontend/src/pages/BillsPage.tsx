import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import { useParams } from 'react-router'
import { useBills, useHousehold } from '../api/queries'
import { useAuth } from '../auth/AuthContext'
import { AnalysisPanel } from '../bills/AnalysisPanel'
import { BillGrid, BillTable } from '../bills/BillGrid'
import { Loading, QueryError } from '../components/Status'
import { EligibilityPanel } from '../diagnostics/EligibilityPanel'
import { usePageTitle } from '../lib/usePageTitle'
import { HouseholdBreadcrumb } from '../components/HouseholdBreadcrumb'

/** /menages/:id/factures – the bill grid (bills:write) or the bills (read), beside the analysis. */
export function BillsPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  const bills = useBills(id)
  const { hasScope } = useAuth()
  const queryClient = useQueryClient()
  const canWrite = hasScope('bills:write')
  usePageTitle(household.data ? `Factures – ${household.data.display_name}` : 'Factures')

  const onChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: ['analysis', id] })
    void queryClient.invalidateQueries({ queryKey: ['works-estimate', id] })
    void queryClient.invalidateQueries({ queryKey: ['measured-impact', id] })
  }, [queryClient, id])

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
            {bills.isPending && <Loading label="Chargement des factures…" />}
            {bills.isError && <QueryError error={bills.error} />}
            {bills.data &&
              (canWrite ? (
                <BillGrid householdId={h.id} bills={bills.data} onChanged={onChanged} />
              ) : (
                <BillTable bills={bills.data} />
              ))}
          </section>
          <EligibilityPanel householdId={h.id} />
        </div>
        <AnalysisPanel householdId={h.id} />
      </div>
    </>
  )
}

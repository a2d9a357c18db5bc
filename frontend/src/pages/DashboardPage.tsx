import { useSearchParams } from 'react-router'
import { useAnnualReport } from '../api/reporting'
import { useCampaigns } from '../api/campaigns'
import type { CampaignRead } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { Loading, QueryError } from '../components/Status'
import { DashboardFilters, type UnitChoice } from '../dashboard/DashboardFilters'
import { Downloads } from '../dashboard/Downloads'
import { Headline } from '../dashboard/Headline'
import { ProgressSection } from '../dashboard/ProgressSection'
import { ReportSections } from '../dashboard/ReportSections'
import {
  dashboardFiltersFromParams,
  dashboardParamsFromFilters,
  pickCampaign,
  SUPPRESSED_NOTE,
  validUnitId,
} from '../lib/dashboard'
import { usePageTitle } from '../lib/usePageTitle'
import '../dashboard/dashboard.css'

/** Without the directory (no campaigns list), the last three years are offered. */
function recentYears(today = new Date()): number[] {
  const y = today.getFullYear()
  return [y, y - 1, y - 2]
}

/** « Bilan d'activité »: the managers' dashboard of the annual activity report. */
export function DashboardPage() {
  usePageTitle('Bilan d’activité')
  const { hasScope } = useAuth()
  const [params, setParams] = useSearchParams()
  const filters = dashboardFiltersFromParams(params)
  const withDirectory = hasScope('directory:read', 'admin')
  const campaigns = useCampaigns()
  const list: readonly CampaignRead[] = campaigns.data ?? []
  const campaign = pickCampaign(list, filters.year)
  const year = campaign?.year ?? filters.year ?? recentYears()[0]
  const unitId = withDirectory ? validUnitId(campaign, filters.unit_id) : filters.unit_id
  const waitForCampaigns = withDirectory && !campaigns.data
  const report = useAnnualReport(waitForCampaigns ? undefined : year, unitId)
  const data = report.data

  const years = withDirectory ? list.map((c) => c.year).sort((a, b) => b - a) : recentYears()
  const unitsOf = (y: number): readonly UnitChoice[] =>
    withDirectory
      ? (list.find((c) => c.year === y)?.units ?? [])
      : (data?.units ?? []).flatMap((u) => (u.unit_id ? [{ id: u.unit_id, name: u.unit }] : []))
  const unitName = unitId ? unitsOf(year).find((u) => u.id === unitId)?.name : undefined

  return (
    <>
      <h1>Bilan d&apos;activité</h1>
      <p>
        L&apos;activité du SLIME sur l&apos;année de campagne : visites au regard de l&apos;objectif, demandes, délais,
        profils des ménages, orientations et coût.
      </p>
      {campaigns.isError && <QueryError error={campaigns.error} />}
      {waitForCampaigns && campaigns.isPending && <Loading />}
      {withDirectory && campaigns.data && list.length === 0 && (
        <p className="alert alert--info">Aucune campagne n&apos;a encore été créée : il n&apos;y a pas de bilan à afficher.</p>
      )}
      {(!withDirectory || list.length > 0) && (
        <>
          <DashboardFilters
            key={`${year}-${unitId ?? ''}`}
            year={year}
            unitId={unitId}
            years={years}
            unitsOf={unitsOf}
            onApply={(f) => setParams(dashboardParamsFromFilters(f))}
          />
          <p role="status" aria-live="polite" className="result-count">
            {report.isFetching ? 'Chargement du bilan…' : data ? `Bilan ${data.year}${unitName ? ` – ${unitName}` : ''} affiché.` : ''}
          </p>
          {report.isError && <QueryError error={report.error} notFound={`Aucune campagne pour l’année ${year}.`} />}
          {data && !report.isError && (
            <div className={report.isPlaceholderData ? 'dashboard dashboard--stale' : 'dashboard'}>
              <Headline report={data} unitName={unitName} />
              <p className="note small" id="secret-note">
                {SUPPRESSED_NOTE}
              </p>
              <Downloads year={data.year} unitId={unitId} unitName={unitName} />
              <ProgressSection year={data.year} units={data.units} total={data.total} />
              <ReportSections report={data} />
            </div>
          )}
        </>
      )}
    </>
  )
}

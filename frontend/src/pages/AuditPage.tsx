import { useState } from 'react'
import { Link, useSearchParams } from 'react-router'
import { api } from '../api/client'
import { useAuditEvents, useAuditPeople, useAuditVocabulary } from '../api/audit'
import { saveBlob } from '../api/reporting'
import { AuditEventsTable } from '../audit/AuditEventsTable'
import { AuditFilterForm } from '../audit/AuditFilterForm'
import {
  auditApiQuery,
  auditFiltersFromParams,
  auditParamsFromFilters,
  eventCount,
  hasFilters,
  type AuditFilters,
} from '../audit/auditFilters'
import { fileFrom } from '../audit/download'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { ApiError } from '../lib/errors'
import { usePageTitle } from '../lib/usePageTitle'

export function AuditPage() {
  usePageTitle("Journal d'audit")
  const [params, setParams] = useSearchParams()
  const filters = auditFiltersFromParams(params)
  const offset = filters.offset ?? 0
  const people = useAuditPeople()
  const vocabulary = useAuditVocabulary()
  const [download, setDownload] = useState<{ ok: boolean; text: string } | null>(null)
  const [downloading, setDownloading] = useState(false)

  const events = useAuditEvents(filters)

  const search = (f: AuditFilters) => setParams(auditParamsFromFilters({ ...f, offset: undefined }))
  const goTo = (o: number) => setParams(auditParamsFromFilters({ ...filters, offset: o }))
  const withoutHousehold = () => setParams(auditParamsFromFilters({ ...filters, household_id: undefined, offset: undefined }))

  const downloadCsv = async () => {
    setDownloading(true)
    setDownload(null)
    try {
      const { blob, filename } = await fileFrom(
        api.GET('/api/v1/audit-events/export.csv', {
          params: { query: auditApiQuery(filters) },
          parseAs: 'blob',
          headers: { Accept: 'text/csv' },
        }),
        'journal-audit.csv',
      )
      saveBlob(blob, filename)
      setDownload({ ok: true, text: `Fichier « ${filename} » téléchargé.` })
    } catch (e) {
      setDownload({ ok: false, text: `Téléchargement impossible : ${e instanceof ApiError ? e.detail : 'réessayez.'}` })
    } finally {
      setDownloading(false)
    }
  }

  const householdName =
    filters.household_id && events.data?.items.find((e) => e.household_id === filters.household_id)?.household_name

  return (
    <>
      <h1>Journal d&apos;audit</h1>
      <p>Qui a consulté ou modifié quoi, et quand. Les événements les plus récents sont en premier.</p>
      {filters.household_id && (
        <p className="status-line">
          Ménage :{' '}
          <Link to={`/menages/${filters.household_id}`}>{householdName || `n° ${filters.household_id}`}</Link>{' '}
          <button type="button" className="button button--secondary button--small" onClick={withoutHousehold}>
            Tous les ménages
          </button>
        </p>
      )}
      <AuditFilterForm
        key={params.toString()}
        filters={filters}
        choices={{
          people: people.data ?? [],
          actions: (vocabulary.data?.actions ?? []).map((a) => [a.code, a.label] as const),
          entities: (vocabulary.data?.entities ?? []).map((a) => [a.code, a.label] as const),
        }}
        onSearch={search}
      />
      {events.isPending && <Loading />}
      {events.isError && <QueryError error={events.error} />}
      {events.data && (
        <>
          <div className="page-head">
            <p role="status">
              {eventCount(events.data.total)}
              {hasFilters(filters) ? ' correspondant aux filtres' : ''}.
            </p>
            <button type="button" className="button button--secondary" onClick={() => void downloadCsv()}
              disabled={downloading || events.data.total === 0} aria-describedby="audit-csv-hint">
              {downloading ? 'Téléchargement…' : 'Télécharger en CSV'}
            </button>
          </div>
          <p id="audit-csv-hint" className="hint">
            Le fichier reprend les mêmes filtres (au plus 50 000 événements, les plus récents), pour Excel :
            séparateur « ; », dates à l&apos;heure de Paris. Le téléchargement est lui-même inscrit au journal.
          </p>
          <div aria-live="polite">
            {download && (
              <p role={download.ok ? 'status' : 'alert'} className={`alert alert--${download.ok ? 'success' : 'error'}`}>
                {download.text}
              </p>
            )}
          </div>
          {events.data.items.length > 0 ? (
            <AuditEventsTable events={events.data.items} caption="Événements du journal d'audit" />
          ) : (
            <p className="muted">Aucun événement ne correspond à ces filtres.</p>
          )}
          <Pagination offset={offset} next={events.data.next} total={events.data.total} onGoTo={goTo} />
        </>
      )}
    </>
  )
}

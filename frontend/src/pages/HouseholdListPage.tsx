import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useTerritorialUnits } from '../api/directory'
import { type HouseholdFilters, useHouseholds } from '../api/households'
import { useAuth } from '../auth/AuthContext'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { formatDecimal } from '../lib/format'
import { label, STATUS_LABELS } from '../lib/labels'
import { resultCountText } from '../lib/pagination'
import { usePageTitle } from '../lib/usePageTitle'
import { FilterSelect } from '../components/InlineFormParts'
import { ScrollRegion } from '../components/ScrollRegion'

function filtersFromParams(params: URLSearchParams): HouseholdFilters {
  const f: HouseholdFilters = {}
  const q = params.get('q')?.trim()
  if (q) f.q = q
  const commune = params.get('commune')?.trim()
  if (commune) f.commune = commune
  const unit = Number(params.get('unit_id'))
  if (Number.isInteger(unit) && unit > 0) f.unit_id = unit
  const status = params.get('status')
  if (status === 'open' || status === 'closed') f.status = status
  const offset = Number(params.get('offset'))
  if (Number.isInteger(offset) && offset > 0) f.offset = offset
  return f
}

function paramsFromFilters(f: HouseholdFilters): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.q) out.q = f.q
  if (f.commune) out.commune = f.commune
  if (f.unit_id) out.unit_id = String(f.unit_id)
  if (f.status) out.status = f.status
  if (f.offset) out.offset = String(f.offset)
  return out
}

function SearchForm({ filters, onSearch }: { filters: HouseholdFilters; onSearch: (f: HouseholdFilters) => void }) {
  const { hasScope } = useAuth()
  const units = useTerritorialUnits()
  const [q, setQ] = useState(filters.q ?? '')
  const [commune, setCommune] = useState(filters.commune ?? '')
  const [unitId, setUnitId] = useState(filters.unit_id ? String(filters.unit_id) : '')
  const [status, setStatus] = useState<string>(filters.status ?? '')

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const next: HouseholdFilters = {
      q: q.trim() || undefined,
      commune: commune.trim() || undefined,
      unit_id: unitId ? Number(unitId) : undefined,
      status: status === 'open' || status === 'closed' ? status : undefined,
    }
    onSearch(next)
  }

  const onReset = () => {
    setQ('')
    setCommune('')
    setUnitId('')
    setStatus('')
    onSearch({})
  }

  return (
    <form role="search" aria-label="Rechercher des ménages" onSubmit={onSubmit} className="filters">
      <div className="field">
        <label htmlFor="search-q">Nom, commune ou téléphone</label>
        <input id="search-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="search-commune">Commune</label>
        <input id="search-commune" type="text" value={commune} onChange={(e) => setCommune(e.target.value)} />
      </div>
      {hasScope('directory:read') && (
        <FilterSelect id="search-unit" label="Unité territoriale" anyLabel="Toutes" value={unitId} onChange={setUnitId}
          choices={units.data?.map((u) => [u.id, u.name] as const) ?? []} />
      )}
      <FilterSelect id="search-status" label="Statut" value={status} onChange={setStatus}
        choices={[['open', STATUS_LABELS.open], ['closed', STATUS_LABELS.closed]]} />
      <div className="filters__actions">
        <button type="submit" className="button">
          Rechercher
        </button>
        <button type="button" className="button button--secondary" onClick={onReset}>
          Effacer les filtres
        </button>
      </div>
    </form>
  )
}

export function HouseholdListPage() {
  usePageTitle('Ménages')
  const { hasScope } = useAuth()
  const [params, setParams] = useSearchParams()
  const filters = filtersFromParams(params)
  const households = useHouseholds(filters)
  const canOpen = hasScope('households:read')

  const goTo = (offset: number) => setParams(paramsFromFilters({ ...filters, offset }))

  const data = households.data
  const offset = filters.offset ?? 0
  const total = data?.total ?? 0

  return (
    <>
      <h1>Ménages</h1>
      <SearchForm
        key={JSON.stringify({ ...filters, offset: undefined })}
        filters={filters}
        onSearch={(next) => setParams(paramsFromFilters(next))}
      />

      <p className="result-count" role="status" aria-live="polite">
        {data
          ? resultCountText(total, offset, { one: 'ménage trouvé', many: 'ménages trouvés', none: 'Aucun ménage trouvé.' })
          : ''}
      </p>

      {households.isPending && <Loading />}
      {households.isError && <QueryError error={households.error} />}

      {data && data.items.length > 0 && (
        <ScrollRegion label="Liste des ménages">
          <table className="table">
            <caption className="visually-hidden">Liste des ménages</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Commune</th>
                <th scope="col">Unité territoriale</th>
                <th scope="col" className="num">
                  Membres
                </th>
                <th scope="col" className="num">
                  <abbr title="Unités de consommation">UC</abbr>
                </th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((h) => (
                <tr key={h.id}>
                  <th scope="row">{canOpen ? <Link to={`/menages/${h.id}`}>{h.display_name}</Link> : h.display_name}</th>
                  <td>{h.commune}</td>
                  <td>{h.unit?.name ?? '–'}</td>
                  <td className="num">{h.members_count}</td>
                  <td className="num">{formatDecimal(h.consumption_units)}</td>
                  <td>{label(STATUS_LABELS, h.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      {data && <Pagination offset={offset} next={data.next} total={total} onGoTo={goTo} />}
    </>
  )
}

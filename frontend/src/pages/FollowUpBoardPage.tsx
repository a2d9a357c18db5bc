import { Link, useSearchParams } from 'react-router'
import { useFollowUpBoard } from '../api/followup'
import { useOrientationTypes } from '../api/catalogues'
import { useFollowUpStaff, useTerritorialUnits } from '../api/directory'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { BoardFilters } from '../followup/BoardFilters'
import { OrientationStatusBadge, OverdueFlag } from '../followup/parts'
import { boardFiltersFromParams, boardParamsFromFilters, dueText } from '../lib/followup'
import { formatDate } from '../lib/format'
import { resultCountText } from '../lib/pagination'
import { usePageTitle } from '../lib/usePageTitle'
import { ScrollRegion } from '../components/ScrollRegion'

/** « Suivi des orientations »: every orientation within reach, by due date, overdue ones flagged. */
export function FollowUpBoardPage() {
  usePageTitle('Suivi des orientations')
  const [params, setParams] = useSearchParams()
  const filters = boardFiltersFromParams(params)
  const board = useFollowUpBoard(filters)
  const staff = useFollowUpStaff()
  const units = useTerritorialUnits()
  const types = useOrientationTypes()
  const data = board.data
  const offset = filters.offset ?? 0
  const total = data?.total ?? 0
  const goTo = (o: number) => setParams(boardParamsFromFilters({ ...filters, offset: o }))

  return (
    <>
      <h1>Suivi des orientations</h1>
      <p>
        Les orientations proposées aux ménages, de l&apos;échéance la plus proche à la plus lointaine (sans
        échéance en dernier).
      </p>
      <BoardFilters
        key={JSON.stringify({ ...filters, offset: undefined })}
        filters={filters}
        choices={{ staff: staff.data ?? [], units: units.data ?? [], types: types.data ?? [] }}
        onSearch={(next) => setParams(boardParamsFromFilters(next))}
      />
      <p className="result-count" role="status" aria-live="polite">
        {data ? resultCountText(total, offset, { one: 'orientation', many: 'orientations', none: 'Aucune orientation trouvée.' }) : ''}
      </p>
      {board.isPending && <Loading />}
      {board.isError && <QueryError error={board.error} />}
      {data && data.items.length > 0 && (
        <ScrollRegion label="Orientations à suivre, par échéance">
          <table className="table" data-testid="follow-up-board">
            <caption className="visually-hidden">Orientations à suivre, par échéance</caption>
            <thead>
              <tr>
                <th scope="col">Ménage</th>
                <th scope="col">Commune</th>
                <th scope="col">Unité territoriale</th>
                <th scope="col">Orientation</th>
                <th scope="col">Responsable</th>
                <th scope="col">Échéance</th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((o) => (
                <tr key={o.id} className={o.overdue ? 'row--overdue' : undefined}>
                  <th scope="row">
                    <Link to={`/menages/${o.household_id}#suivi`}>
                      {o.household_name}
                      <span className="visually-hidden"> – suivi de l&apos;orientation « {o.kind_label} »</span>
                    </Link>
                  </th>
                  <td>{o.commune}</td>
                  <td>{o.unit?.name ?? <span className="muted">–</span>}</td>
                  <td>
                    {o.kind_label}
                    <br />
                    <span className="muted small">{o.description}</span>
                  </td>
                  <td>{o.responsible?.full_name ?? <span className="muted">Personne</span>}</td>
                  <td>
                    {dueText(o.due_on, formatDate)}
                    {o.overdue && (
                      <>
                        <br />
                        <OverdueFlag />
                      </>
                    )}
                  </td>
                  <td>
                    <OrientationStatusBadge status={o.status} />
                  </td>
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

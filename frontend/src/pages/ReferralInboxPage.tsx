import { useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { type ReferralFilters, useReferrals } from '../api/referrals'
import type { ReferralReason, ReferralStatus } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { CutoffFlag, ReferralStatusBadge } from '../components/Badges'
import { FilterSelect } from '../components/InlineFormParts'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { formatDate } from '../lib/format'
import { options, REFERRAL_REASON_LABELS, REFERRAL_STATUS_LABELS } from '../lib/labels'
import { resultCountText } from '../lib/pagination'
import { usePageTitle } from '../lib/usePageTitle'
import { ScrollRegion } from '../components/ScrollRegion'

function filtersFromParams(params: URLSearchParams): ReferralFilters {
  const f: ReferralFilters = { order: params.get('order') === 'recent' ? 'recent' : 'call_priority' }
  const status = params.get('status')
  if (status && status in REFERRAL_STATUS_LABELS) f.status = status as ReferralStatus
  const reason = params.get('reason')
  if (reason && reason in REFERRAL_REASON_LABELS) f.reason = reason as ReferralReason
  const q = params.get('q')?.trim()
  if (q) f.q = q
  const offset = Number(params.get('offset'))
  if (Number.isInteger(offset) && offset > 0) f.offset = offset
  return f
}

function paramsFromFilters(f: ReferralFilters): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.status) out.status = f.status
  if (f.reason) out.reason = f.reason
  if (f.q) out.q = f.q
  if (f.order === 'recent') out.order = 'recent'
  if (f.offset) out.offset = String(f.offset)
  return out
}

function Filters({ filters, onSearch }: { filters: ReferralFilters; onSearch: (f: ReferralFilters) => void }) {
  const [status, setStatus] = useState<string>(filters.status ?? '')
  const [reason, setReason] = useState<string>(filters.reason ?? '')
  const [q, setQ] = useState(filters.q ?? '')
  const [order, setOrder] = useState<string>(filters.order ?? 'call_priority')

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    onSearch({
      status: (status || undefined) as ReferralStatus | undefined,
      reason: (reason || undefined) as ReferralReason | undefined,
      q: q.trim() || undefined,
      order: order === 'recent' ? 'recent' : 'call_priority',
    })
  }

  return (
    <form role="search" aria-label="Filtrer les demandes" onSubmit={onSubmit} className="filters">
      <div className="field">
        <label htmlFor="rf-q">Nom ou commune</label>
        <input id="rf-q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      </div>
      <FilterSelect id="rf-status" label="État" value={status} onChange={setStatus}
        choices={options(REFERRAL_STATUS_LABELS)} />
      <FilterSelect id="rf-reason" label="Motif" value={reason} onChange={setReason}
        choices={options(REFERRAL_REASON_LABELS)} />
      <div className="field">
        <label htmlFor="rf-order">Ordre</label>
        <select id="rf-order" value={order} onChange={(e) => setOrder(e.target.value)}>
          <option value="call_priority">Priorité d&apos;appel (risque de coupure d&apos;abord)</option>
          <option value="recent">Les plus récentes d&apos;abord</option>
        </select>
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Filtrer
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            setStatus('')
            setReason('')
            setQ('')
            setOrder('call_priority')
            onSearch({ order: 'call_priority' })
          }}
        >
          Effacer les filtres
        </button>
      </div>
    </form>
  )
}

export function ReferralInboxPage() {
  usePageTitle('Demandes')
  const { hasScope } = useAuth()
  const [params, setParams] = useSearchParams()
  const filters = filtersFromParams(params)
  const referrals = useReferrals(filters)
  const data = referrals.data
  const offset = filters.offset ?? 0
  const total = data?.total ?? 0
  const goTo = (o: number) => setParams(paramsFromFilters({ ...filters, offset: o }))

  return (
    <>
      <div className="page-head">
        <h1>Demandes d&apos;intervention</h1>
        {hasScope('referrals:write') && (
          <Link to="/demandes/nouvelle" className="button">
            Saisir une demande
          </Link>
        )}
      </div>
      <Filters
        key={JSON.stringify({ ...filters, offset: undefined })}
        filters={filters}
        onSearch={(next) => setParams(paramsFromFilters(next))}
      />
      <p className="result-count" role="status" aria-live="polite">
        {data ? resultCountText(total, offset, { one: 'demande', many: 'demandes', none: 'Aucune demande trouvée.' }) : ''}
      </p>
      {referrals.isPending && <Loading />}
      {referrals.isError && <QueryError error={referrals.error} />}
      {data && data.items.length > 0 && (
        <ScrollRegion label="Demandes d'intervention">
          <table className="table">
            <caption className="visually-hidden">Demandes d&apos;intervention</caption>
            <thead>
              <tr>
                <th scope="col">Ménage</th>
                <th scope="col">Commune</th>
                <th scope="col">Motifs</th>
                <th scope="col">État</th>
                <th scope="col">Reçue le</th>
                <th scope="col" className="num">
                  Appels
                </th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/demandes/${r.id}`}>{r.household_name}</Link>
                    {r.cutoff_risk && (
                      <>
                        <br />
                        <CutoffFlag date={r.cutoff_date} />
                      </>
                    )}
                  </th>
                  <td>
                    {r.commune}
                    {r.outside_units && (
                      <>
                        <br />
                        <span className="badge badge--stopped">Hors unités territoriales</span>
                      </>
                    )}
                  </td>
                  <td>
                    <ul className="plain-list">
                      {r.reasons.map((x) => (
                        <li key={x}>{REFERRAL_REASON_LABELS[x] ?? x}</li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <ReferralStatusBadge status={r.status} />
                  </td>
                  <td>
                    {formatDate(r.received_at)}
                    <br />
                    <span className="muted">{r.referring_organisation.name}</span>
                  </td>
                  <td className="num">{r.call_attempts}</td>
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

import { Link } from 'react-router'
import { useMyReferrals } from '../api/referrals'
import { useWorklist } from '../api/worklist'
import type { ReferralSummary, VisitRead } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { CutoffFlag, ReferralStatusBadge } from '../components/Badges'
import { Loading, QueryError } from '../components/Status'
import { FollowUpsToChase } from '../followup/FollowUpsToChase'
import { formatDateKey, formatDateTime, formatSlot } from '../lib/datetime'
import { formatDate } from '../lib/format'
import { REFERRAL_REASON_LABELS } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'

export function HomePage() {
  const { hasScope } = useAuth()
  if (hasScope('referrals:submit') && !hasScope('referrals:read')) return <ReferrerHome />
  return <StaffHome />
}

function ReferrerHome() {
  usePageTitle('Mes demandes')
  const mine = useMyReferrals()
  return (
    <>
      <div className="page-head">
        <h1>Mes demandes</h1>
        <Link to="/demandes/nouvelle" className="button button--large">
          <span aria-hidden="true">+ </span>Nouvelle demande
        </Link>
      </div>
      <p>Les demandes d&apos;intervention que vous avez adressées à l&apos;équipe SLIME, et où elles en sont.</p>
      {mine.isPending && <Loading />}
      {mine.isError && <QueryError error={mine.error} />}
      {mine.data &&
        (mine.data.items.length === 0 ? (
          <p className="muted">Vous n&apos;avez encore adressé aucune demande.</p>
        ) : (
          <ul className="tiles" aria-label="Mes demandes">
            {mine.data.items.map((r) => (
              <li key={r.id} className="tile">
                <p className="tile__title">
                  <Link to={`/mes-demandes/${r.id}`}>
                    <strong>{r.household_name}</strong> – {r.commune}
                  </Link>
                </p>
                <p className="tile__status">
                  <ReferralStatusBadge status={r.status} />
                  {r.visit_date && <span> Visite prévue le {formatDateKey(r.visit_date)}</span>}
                </p>
                <p className="tile__meta muted">
                  Demande n° {r.id}, envoyée le {formatDate(r.received_at)}
                  {r.status_changed_at !== r.received_at && <> – mise à jour le {formatDate(r.status_changed_at)}</>}
                </p>
              </li>
            ))}
          </ul>
        ))}
    </>
  )
}

function StaffHome() {
  usePageTitle('Accueil')
  const { me, hasScope } = useAuth()
  const worklist = useWorklist()
  const triage = hasScope('referrals:write')

  return (
    <>
      <h1>Accueil</h1>
      {me && <p className="lead">Bonjour {me.full_name.split(' ')[0]}, voici ce qui vous attend.</p>}
      {worklist.isPending && <Loading />}
      {worklist.isError && <QueryError error={worklist.error} />}
      {worklist.data && (
        <div className="worklist">
          {triage && <CallsToMake items={worklist.data.calls_to_make} />}
          {hasScope('households:read') && <FollowUpsToChase items={worklist.data.follow_ups} />}
          {/* The API lists only the briefings the reader has to read (the advisor of the visit). */}
          {worklist.data.briefings_to_read.length > 0 && (
            <section aria-labelledby="wl-briefings" className="worklist__section">
              <h2 id="wl-briefings">Briefings à lire</h2>
              <VisitItems
                visits={worklist.data.briefings_to_read}
                empty="Aucun briefing en attente pour les 7 prochains jours."
                linkLabel="Lire le briefing"
              />
            </section>
          )}
          {hasScope('agenda:read') && (
            <section aria-labelledby="wl-visits" className="worklist__section">
              <div className="page-head">
                <h2 id="wl-visits">Visites des sept prochains jours</h2>
                <Link to="/agenda">Ouvrir l&apos;agenda</Link>
              </div>
              <VisitItems visits={worklist.data.visits_this_week} empty="Aucune visite prévue dans les sept prochains jours." />
            </section>
          )}
          {hasScope('referrals:read') && !triage && (
            <section aria-labelledby="wl-referrals" className="worklist__section">
              <h2 id="wl-referrals">Demandes d&apos;intervention</h2>
              <p>
                <Link to="/demandes">Consulter les demandes d&apos;intervention</Link>
              </p>
            </section>
          )}
        </div>
      )}
    </>
  )
}

/** Cut-off risks first (the API already orders them so; kept stable here). */
function byCallPriority(items: readonly ReferralSummary[]): ReferralSummary[] {
  return [...items].sort((a, b) => Number(b.cutoff_risk) - Number(a.cutoff_risk))
}

function CallsToMake({ items }: { items: ReferralSummary[] }) {
  return (
    <section aria-labelledby="wl-calls" className="worklist__section">
      <div className="page-head">
        <h2 id="wl-calls">Appels à passer</h2>
        <Link to="/demandes?status=received">Toutes les demandes reçues</Link>
      </div>
      {items.length === 0 ? (
        <p className="muted">Aucune demande en attente d&apos;appel.</p>
      ) : (
        <ul className="tiles">
          {byCallPriority(items).map((r) => (
            <li key={r.id} className={`tile${r.cutoff_risk ? ' tile--urgent' : ''}`}>
              <p className="tile__title">
                <Link to={`/demandes/${r.id}`}>{r.household_name}</Link> – {r.commune}
              </p>
              {r.cutoff_risk && (
                <p>
                  <CutoffFlag date={r.cutoff_date} />
                </p>
              )}
              <p className="tile__meta">
                {r.reasons.map((x) => REFERRAL_REASON_LABELS[x] ?? x).join(' · ')}
              </p>
              <p className="tile__meta muted">
                Reçue le {formatDate(r.received_at)} de {r.referring_organisation.name} –{' '}
                {r.call_attempts === 0 ? 'aucun appel' : `${r.call_attempts} appel${r.call_attempts > 1 ? 's' : ''}`}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function VisitItems({ visits, empty, linkLabel }: { visits: VisitRead[]; empty: string; linkLabel?: string }) {
  if (visits.length === 0) return <p className="muted">{empty}</p>
  return (
    <ul className="tiles">
      {visits.map((v) => (
        <li key={v.id} className="tile">
          <p className="tile__title">
            <Link to={`/visites/${v.id}`}>
              {linkLabel ? `${linkLabel} : ` : ''}
              {v.household.display_name}
            </Link>{' '}
            – {v.household.commune}
          </p>
          <p className="tile__meta">
            <time dateTime={v.starts_at}>{formatSlot(v.starts_at, v.ends_at)}</time>
          </p>
          <p className="tile__meta muted">
            Binôme : {v.coordinator.full_name} et {v.advisor.full_name}
            {v.briefing_read_at ? ` – briefing lu le ${formatDateTime(v.briefing_read_at)}` : ''}
          </p>
        </li>
      ))}
    </ul>
  )
}

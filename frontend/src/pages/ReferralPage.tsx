import { Link, useLocation, useParams } from 'react-router'
import { useReferral } from '../api/referrals'
import { useAuth } from '../auth/AuthContext'
import { CutoffFlag, ReferralStatusBadge } from '../components/Badges'
import { Loading, QueryError } from '../components/Status'
import { formatDateKey, formatDateTime, formatSlot } from '../lib/datetime'
import { label, REFERRAL_CHANNEL_LABELS, REFERRAL_REASON_LABELS } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'
import { ActionsPanel } from '../referral/ActionsPanel'
import { CallsPanel } from '../referral/CallsPanel'
import { DuplicatesPanel } from '../referral/DuplicatesPanel'
import { HistoryPanel } from '../referral/HistoryPanel'
import { TriageNoteEditor } from '../referral/TriageNoteEditor'
import { Item } from '../components/DetailItem'
import { FeedbackGroup } from '../components/FeedbackGroup'

const OPEN = new Set(['received', 'contacted'])

export function ReferralPage() {
  const id = Number(useParams().referralId)
  const referral = useReferral(id)
  const { hasScope } = useAuth()
  const location = useLocation()
  const flash = (location.state as { flash?: string } | null)?.flash
  usePageTitle(referral.data ? `Demande ${referral.data.household_name}` : 'Demande')

  if (referral.isPending) return <Loading />
  if (referral.isError)
    return (
      <>
        <h1>Demande</h1>
        <QueryError error={referral.error} notFound="Cette demande est introuvable." />
        <p>
          <Link to="/demandes">Retour aux demandes</Link>
        </p>
      </>
    )

  const r = referral.data
  const canWrite = hasScope('referrals:write')
  const canPlan = hasScope('agenda:write')
  const open = OPEN.has(r.status)

  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/demandes">Demandes</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">{r.household_name}</span>
      </nav>
      <div className="page-head">
        <h1>{r.household_name}</h1>
        {canPlan && r.status === 'contacted' && (
          <Link to={`/visites/nouvelle?referral=${r.id}`} className="button">
            Planifier la visite
          </Link>
        )}
      </div>
      {flash && (
        <p role="status" className="alert alert--success">
          {flash}
        </p>
      )}
      <p className="status-line">
        Demande n° {r.id} – <span className="visually-hidden">État : </span>
        <ReferralStatusBadge status={r.status} /> – reçue le {formatDateTime(r.received_at)}
        {r.cutoff_risk && (
          <>
            {' '}
            <CutoffFlag date={r.cutoff_date} />
          </>
        )}
      </p>
      {r.next_visit_at && (
        <p className="alert alert--info">
          Visite prévue le <strong>{formatSlot(r.next_visit_at)}</strong>.
        </p>
      )}
      {canPlan && r.status === 'received' && (
        <p className="hint">Pour planifier la visite, appelez le ménage puis rédigez la fiche de note.</p>
      )}

      <div className="cards">
        <section className="card" aria-labelledby="s-household">
          <h2 id="s-household">Ménage</h2>
          <dl className="dl">
            <Item term="Nom">{r.household_name}</Item>
            <Item term="Commune">{r.commune}</Item>
            <Item term="Téléphone">
              {r.household_phone && (
                <a href={`tel:${r.household_phone.replace(/[^0-9+]/g, '')}`} className="tel-link">
                  <span aria-hidden="true">☎ </span>
                  {r.household_phone}
                  <span className="visually-hidden"> (appeler)</span>
                </a>
              )}
            </Item>
            <Item term="Unité territoriale" emptyText="Non renseignée">
              {r.unit?.name}
            </Item>
          </dl>
          {hasScope('households:read') && (
            <p>
              <Link to={`/menages/${r.household_id}`}>Fiche du ménage</Link>
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="s-origin">
          <h2 id="s-origin">Orientation</h2>
          <dl className="dl">
            <Item term="Organisme">{r.referring_organisation.name}</Item>
            <Item term="Personne">{r.referrer_name}</Item>
            <Item term="Téléphone">
              {r.referrer_phone && <a href={`tel:${r.referrer_phone.replace(/[^0-9+]/g, '')}`}>{r.referrer_phone}</a>}
            </Item>
            <Item term="Adresse e-mail">
              {r.referrer_email && <a href={`mailto:${r.referrer_email}`}>{r.referrer_email}</a>}
            </Item>
            <Item term="Reçue par">{label(REFERRAL_CHANNEL_LABELS, r.channel)}</Item>
            <Item term="Accord du ménage">{r.contact_consent ? 'Oui, pour être contacté' : 'Non'}</Item>
          </dl>
        </section>
      </div>

      <section aria-labelledby="s-request">
        <h2 id="s-request">La demande</h2>
        <h3 className="h-small">Motifs</h3>
        <ul>
          {r.reasons.map((x) => (
            <li key={x}>{REFERRAL_REASON_LABELS[x] ?? x}</li>
          ))}
        </ul>
        {r.cutoff_date && <p>Date de coupure annoncée : {formatDateKey(r.cutoff_date)}</p>}
        <h3 className="h-small">Situation décrite</h3>
        {r.description ? <p className="prewrap">{r.description}</p> : <p className="muted">Aucune description.</p>}
        {r.out_of_scope_reason && <p>Hors champ : {r.out_of_scope_reason}</p>}
        {r.duplicate_of_id && (
          <p>
            Doublon de la <Link to={`/demandes/${r.duplicate_of_id}`}>demande n° {r.duplicate_of_id}</Link>.
          </p>
        )}
      </section>

      {/* One success message at a time: « Appel noté » goes once the triage note is saved. */}
      <FeedbackGroup>
        {canWrite && r.possible_duplicates.length > 0 && <DuplicatesPanel referral={r} />}

        <CallsPanel referral={r} canWrite={canWrite && open} />
        <TriageNoteEditor referral={r} canWrite={canWrite} />
        {r.allowed_actions.length > 0 && <ActionsPanel referral={r} />}
      </FeedbackGroup>
      <HistoryPanel referral={r} />
    </>
  )
}

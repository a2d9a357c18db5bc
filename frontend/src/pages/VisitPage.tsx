import { useState, type FormEvent } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { useBriefing, useChangeVisitStatus, useMarkBriefingRead, useSaveVisitNotes, useVisit } from '../api/visits'
import type { VisitRead } from '../api/types'
import { CutoffFlag, VisitStatusBadge } from '../components/Badges'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { Loading, QueryError } from '../components/Status'
import { formatDateKey, formatDateTime, formatSlot, mondayOf, parisDateKey } from '../lib/datetime'
import { label, REFERRAL_REASON_LABELS, VISIT_STATUS_LABELS } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'
import { Item } from '../components/DetailItem'
import { DraftNotice, LeaveGuard, SaveStateBadge } from '../offline/components'
import { isNetworkFailure, useDraft } from '../offline/drafts'
import { dropPendingOf, enqueue } from '../offline/queue'
import { VisitAttachments } from '../attachments/VisitAttachments'

type Outcome = 'done' | 'cancelled' | 'no_show'
/** The outcome, its button, and the action of VisitRead.allowed_actions that permits it. */
const OUTCOME_BUTTONS: [Outcome, string, string][] = [
  ['done', 'Réalisée', 'mark_done'],
  ['cancelled', 'Annulée', 'cancel'],
  ['no_show', 'Absent', 'mark_no_show'],
]
const OUTCOME_CONFIRM: Record<Outcome, string> = {
  done: 'Confirmer : visite réalisée',
  cancelled: 'Confirmer : visite annulée',
  no_show: 'Confirmer : ménage absent',
}

export function VisitPage() {
  const id = Number(useParams().visitId)
  const visit = useVisit(id)
  const location = useLocation()
  const flash = (location.state as { flash?: string } | null)?.flash
  usePageTitle(visit.data ? `Visite ${visit.data.household.display_name}` : 'Visite')

  if (visit.isPending) return <Loading />
  if (visit.isError)
    return (
      <>
        <h1>Visite</h1>
        <QueryError error={visit.error} notFound="Cette visite est introuvable." />
        <p>
          <Link to="/agenda">Retour à l&apos;agenda</Link>
        </p>
      </>
    )
  const v = visit.data
  const week = mondayOf(parisDateKey(v.starts_at))
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to={`/agenda?semaine=${week}`}>Agenda</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Visite {v.household.display_name}</span>
      </nav>
      <h1>Visite : {v.household.display_name}</h1>
      {flash && (
        <p role="status" className="alert alert--success">
          {flash}
        </p>
      )}
      <p className="status-line">
        <time dateTime={v.starts_at}>{formatSlot(v.starts_at, v.ends_at)}</time> – <VisitStatusBadge status={v.status} />
      </p>
      <div className="cards">
        <section className="card" aria-labelledby="s-visit">
          <h2 id="s-visit">La visite</h2>
          <dl className="dl">
            <Item term="Ménage">{`${v.household.display_name} (${v.household.commune})`}</Item>
            <Item term="Lieu">{v.place}</Item>
            <Item term="Animatrice SLIME">{v.coordinator.full_name}</Item>
            <Item term="Conseiller énergie">{v.advisor.full_name}</Item>
            <Item term="État">{label(VISIT_STATUS_LABELS, v.status)}</Item>
            <Item term="Briefing lu">{v.briefing_read_at ? `le ${formatDateTime(v.briefing_read_at)}` : 'Pas encore'}</Item>
          </dl>
          <ul className="plain-list visit-links">
            <li>
              <Link to={`/visites/${v.id}/diagnostic-technique`} className="button">
                Diagnostic technique
              </Link>
            </li>
            {v.allowed_actions.includes('read_syntheses') && (
              <li>
                <Link to={`/visites/${v.id}/syntheses`} className="button">
                  Synthèses et compte-rendu
                </Link>
              </li>
            )}
            {v.allowed_actions.includes('read_syntheses') && v.report_id != null && (
              <li>
                <Link to={`/comptes-rendus/${v.report_id}`}>Ouvrir le compte-rendu</Link>
              </li>
            )}
            <li>
              <Link to={`/menages/${v.household.id}/factures`}>Factures et analyse du ménage</Link>
            </li>
            <li>
              <Link to={`/menages/${v.household.id}/travaux`}>Travaux</Link>
            </li>
          </ul>
          {v.referral_id && (
            <p>
              <Link to={`/demandes/${v.referral_id}`}>Demande n° {v.referral_id}</Link>
            </p>
          )}
          {v.rescheduled_to_id && (
            <p>
              Reportée : <Link to={`/visites/${v.rescheduled_to_id}`}>voir la nouvelle visite</Link>
            </p>
          )}
        </section>
        <StatusPanel visit={v} />
      </div>
      <NotesSection key={v.version} visit={v} />
      <VisitAttachments visit={v} />
      <BriefingSection visit={v} />
    </>
  )
}

function StatusPanel({ visit }: { visit: VisitRead }) {
  const feedback = useFeedback()
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const [note, setNote] = useState('')
  // The outcomes the reader may record come with the visit (only while it is planned).
  const outcomes = OUTCOME_BUTTONS.filter(([, , action]) => visit.allowed_actions.includes(action))
  const change = useChangeVisitStatus(visit.id, {
    onSuccess: (updated) => {
      setOutcome(null)
      setNote('')
      feedback.ok(`La visite est maintenant « ${label(VISIT_STATUS_LABELS, updated.status)} ».`)
    },
    onError: feedback.fail,
  })
  if (outcomes.length === 0)
    return (
      <section className="card" aria-labelledby="s-status">
        <h2 id="s-status">État de la visite</h2>
        <Feedback message={feedback.message} />
        <p>
          <VisitStatusBadge status={visit.status} />
        </p>
        {visit.entered_afterwards && (
          <p className="hint">Saisie a posteriori{visit.afterwards_reason ? ` : ${visit.afterwards_reason}` : '.'}</p>
        )}
      </section>
    )
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (outcome) change.mutate({ version: visit.version, status: outcome, note: note.trim() })
  }
  return (
    <section className="card" aria-labelledby="s-status">
      <h2 id="s-status">État de la visite</h2>
      <Feedback message={feedback.message} />
      <p>Après la visite, indiquez ce qui s&apos;est passé :</p>
      <div className="action-bar">
        {outcomes.map(([s, text]) => (
          <button
            key={s}
            type="button"
            className={`button ${outcome === s ? '' : 'button--secondary'}`}
            aria-pressed={outcome === s}
            onClick={() => setOutcome(outcome === s ? null : s)}
          >
            {text}
          </button>
        ))}
      </div>
      {outcome && (
        <form onSubmit={onSubmit} noValidate aria-label="Changer l'état de la visite">
          <div className="field">
            <label htmlFor="visit-note">Commentaire (facultatif)</label>
            <textarea id="visit-note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={change.isPending}>
              {OUTCOME_CONFIRM[outcome]}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setOutcome(null)}>
              Annuler
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

function BriefingSection({ visit }: { visit: VisitRead }) {
  const briefing = useBriefing(visit.id)
  const feedback = useFeedback()
  const markRead = useMarkBriefingRead(visit.id, { onSuccess: () => feedback.ok('Briefing marqué comme lu.'), onError: feedback.fail })
  // Only the visit's advisor marks the briefing read, once: the API says so in allowed_actions.
  const mayMarkRead = visit.allowed_actions.includes('mark_briefing_read')

  return (
    <section aria-labelledby="s-briefing" className="briefing briefing-sheet">
      <div className="briefing-sheet__head">
        <h2 id="s-briefing">Briefing avant la visite</h2>
        {briefing.data && (
          <button type="button" className="button button--secondary no-print" onClick={() => window.print()}>
            Imprimer la fiche de visite
          </button>
        )}
      </div>
      <Feedback message={feedback.message} />
      {briefing.isPending && <Loading />}
      {briefing.isError && <QueryError error={briefing.error} />}
      {briefing.data && (
        <>
          {/* On paper only (the screen shows these in « La visite » above): the sheet stands alone. */}
          <div className="print-only" data-testid="briefing-print-head">
            <p className="briefing-sheet__title">Fiche de visite : {visit.household.display_name}</p>
            <dl className="dl">
              <Item term="Créneau">{formatSlot(visit.starts_at, visit.ends_at)}</Item>
              <Item term="Binôme">{`${visit.coordinator.full_name} (animatrice SLIME) et ${visit.advisor.full_name} (conseiller énergie)`}</Item>
              <Item term="Ménage">{`${visit.household.display_name} (${visit.household.commune})`}</Item>
            </dl>
          </div>
          <dl className="dl">
            <Item term="Adresse">{briefing.data.address}</Item>
            <Item term="Téléphone du ménage">
              {briefing.data.household_phone && (
                <a href={`tel:${briefing.data.household_phone.replace(/[^0-9+]/g, '')}`}>{briefing.data.household_phone}</a>
              )}
            </Item>
            <Item term="Personnes au foyer">{briefing.data.members_count ? String(briefing.data.members_count) : ''}</Item>
          </dl>
          {briefing.data.referral ? (
            <>
              <h3>La demande</h3>
              <p>
                Orienté par {briefing.data.referral.referrer_name} ({briefing.data.referral.referring_organisation.name}).
              </p>
              <ul>
                {briefing.data.referral.reasons.map((x) => (
                  <li key={x}>{REFERRAL_REASON_LABELS[x] ?? x}</li>
                ))}
              </ul>
              {briefing.data.referral.cutoff_date && <CutoffFlag date={briefing.data.referral.cutoff_date} />}
              {briefing.data.referral.description && <p className="prewrap">{briefing.data.referral.description}</p>}
            </>
          ) : (
            <p className="muted">Visite sans demande d&apos;intervention associée.</p>
          )}
          <h3>Fiche de note de l&apos;appel</h3>
          {briefing.data.triage_note ? (
            <div className="note">
              <h4 className="h-small">Situation relevée</h4>
              <p className="prewrap">{briefing.data.triage_note.problem}</p>
              <h4 className="h-small">Questions pour le conseiller énergie</h4>
              {briefing.data.triage_note.questions_for_advisor ? (
                <p className="prewrap">{briefing.data.triage_note.questions_for_advisor}</p>
              ) : (
                <p className="muted">Aucune.</p>
              )}
              {briefing.data.triage_note.proposed_visit_date && (
                <p>Visite souhaitée vers le {formatDateKey(briefing.data.triage_note.proposed_visit_date)}.</p>
              )}
              <p className="muted">
                Rédigée par {briefing.data.triage_note.written_by.full_name} le{' '}
                {formatDateTime(briefing.data.triage_note.written_at)}.
              </p>
            </div>
          ) : (
            <p className="muted">Pas de fiche de note.</p>
          )}
          {mayMarkRead ? (
            <button type="button" className="button no-print" disabled={markRead.isPending} onClick={() => markRead.mutate()}>
              J&apos;ai lu le briefing
            </button>
          ) : (
            visit.briefing_read_at && (
              <p className="muted">
                Briefing lu par {visit.advisor.full_name} le {formatDateTime(visit.briefing_read_at)}.
              </p>
            )
          )}
        </>
      )}
    </section>
  )
}

/** The visit's notes: kept on the device as they are typed, saved with the visit's version (queued offline). */
function NotesSection({ visit }: { visit: VisitRead }) {
  const saveNotes = useSaveVisitNotes(visit.id)
  const canEdit = visit.allowed_actions.includes('edit')
  const [notes, setNotes] = useState(visit.notes ?? '')
  const [message, setMessage] = useState('')
  const [error, setError] = useState('')
  const [pending, setPending] = useState(false)
  const draftKey = `visit-notes:${visit.id}`
  const path = `/api/v1/visits/${visit.id}`
  // The visit has no update time: a draft is restored when it differs from the saved notes.
  const draft = useDraft(draftKey, notes, { serverUpdatedAt: null, visitId: visit.id, enabled: canEdit, onRestore: (v) => v !== (visit.notes ?? '') && setNotes(v) })
  if (!canEdit && !visit.notes) return null
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    setPending(true)
    setMessage('')
    setError('')
    const body = { version: visit.version, notes: notes.trim() }
    const queueIt = async () => {
      await enqueue({ method: 'PATCH', path, body, label: `Notes de visite – ${visit.household.display_name}`, visitId: visit.id, householdId: visit.household.id, draftKey, recordUrl: path })
      await draft.markQueued(notes)
      setMessage('Hors ligne : les notes sont gardées sur cet appareil et seront envoyées au retour du réseau.')
    }
    try {
      if (navigator.onLine === false) return await queueIt()
      await saveNotes.mutateAsync(body)
      draft.markSaved(notes)
      void dropPendingOf(draftKey)
      setMessage('Les notes de la visite ont été enregistrées.')
    } catch (err) {
      if (isNetworkFailure(err)) await queueIt()
      else setError(err instanceof Error ? err.message : 'L’enregistrement a échoué.')
    } finally {
      setPending(false)
    }
  }
  if (!canEdit)
    return (
      <section aria-labelledby="s-notes" className="card">
        <h2 id="s-notes">Notes de la visite</h2>
        <p className="prewrap">{visit.notes}</p>
      </section>
    )
  return (
    <section aria-labelledby="s-notes" className="card">
      <h2 id="s-notes">Notes de la visite</h2>
      <form onSubmit={onSubmit} noValidate aria-labelledby="s-notes">
        <LeaveGuard when={draft.dirty} />
        <SaveStateBadge draft={draft} />
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => void draft.discard().then(() => setNotes(visit.notes ?? ''))} />
        {error && (
          <p role="alert" className="alert alert--error">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="visit-notes">Notes</label>
          <textarea id="visit-notes" rows={4} maxLength={4000} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={pending}>
            Enregistrer les notes
          </button>
        </div>
        <div aria-live="polite">{message && <p role="status" className="alert alert--success">{message}</p>}</div>
      </form>
    </section>
  )
}

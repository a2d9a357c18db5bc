import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent, type ReactNode } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { api, unwrap } from '../api/client'
import { useReferral } from '../api/queries'
import type { CallOutcome, HouseholdMatch, ReferralRead } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { CutoffFlag, ReferralStatusBadge } from '../components/Badges'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { Loading, QueryError } from '../components/Status'
import { formatDateKey, formatDateTime, formatSlot } from '../lib/datetime'
import { ApiError } from '../lib/errors'
import {
  CALL_OUTCOME_LABELS,
  label,
  MATCHED_ON_LABELS,
  options,
  REFERRAL_ACTION_LABELS,
  REFERRAL_CHANNEL_LABELS,
  REFERRAL_REASON_LABELS,
  REFERRAL_STATUS_LABELS,
} from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'

const OPEN = new Set(['received', 'contacted'])

function Item({ term, children }: { term: string; children: ReactNode }) {
  const empty = children === null || children === undefined || children === ''
  return (
    <div className="dl__item">
      <dt>{term}</dt>
      <dd>{empty ? <span className="muted">Non renseigné</span> : children}</dd>
    </div>
  )
}

/** Keeps the page in step after a change: the referral itself, the lists, the worklist. */
function useRefresh(id: number) {
  const queryClient = useQueryClient()
  return async (updated?: ReferralRead) => {
    if (updated) queryClient.setQueryData(['referral', id], updated)
    else await queryClient.invalidateQueries({ queryKey: ['referral', id] })
    await queryClient.invalidateQueries({ queryKey: ['referrals'] })
    await queryClient.invalidateQueries({ queryKey: ['worklist'] })
  }
}

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
            <Item term="Unité territoriale">{r.unit?.name}</Item>
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

      {canWrite && r.possible_duplicates.length > 0 && <Duplicates referral={r} />}

      <Calls referral={r} canWrite={canWrite && open} />
      <TriageNote referral={r} canWrite={canWrite} />
      {canWrite && r.allowed_actions.length > 0 && <Actions referral={r} />}
      <History referral={r} />
    </>
  )
}

function Duplicates({ referral }: { referral: ReferralRead }) {
  const refresh = useRefresh(referral.id)
  const feedback = useFeedback()
  const linkTo = useMutation({
    mutationFn: (m: HouseholdMatch) =>
      unwrap(
        api.POST('/api/v1/referrals/{referral_id}/link-household', {
          params: { path: { referral_id: referral.id } },
          body: { household_id: m.id, version: referral.version },
        }),
      ),
    onSuccess: async (updated, m) => {
      await refresh(updated)
      feedback.ok(`La demande est rattachée au ménage ${m.display_name}.`)
    },
    onError: feedback.fail,
  })
  return (
    <section aria-labelledby="s-duplicates" className="candidates">
      <h2 id="s-duplicates">Ménages peut-être déjà connus</h2>
      <Feedback message={feedback.message} />
      <ul className="candidates__list">
        {referral.possible_duplicates.map((m) => (
          <li key={m.id} className="candidates__item">
            <span>
              <strong>{m.display_name}</strong> – {m.commune}
              {m.phone ? ` – ${m.phone}` : ''}{' '}
              <span className="muted">({m.matched_on.map((k) => MATCHED_ON_LABELS[k] ?? k).join(', ')})</span>
            </span>
            <button type="button" className="button button--secondary button--small" disabled={linkTo.isPending} onClick={() => linkTo.mutate(m)}>
              Rattacher à ce ménage<span className="visually-hidden"> {m.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

function Calls({ referral, canWrite }: { referral: ReferralRead; canWrite: boolean }) {
  const refresh = useRefresh(referral.id)
  const feedback = useFeedback()
  const [adding, setAdding] = useState(false)
  const [outcome, setOutcome] = useState<CallOutcome | ''>('')
  const [note, setNote] = useState('')
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/v1/referrals/{referral_id}/calls', {
          params: { path: { referral_id: referral.id } },
          body: { outcome: outcome as CallOutcome, note: note.trim() },
        }),
      ),
    onSuccess: async (call) => {
      setAdding(false)
      setOutcome('')
      setNote('')
      feedback.ok(`Appel noté : ${label(CALL_OUTCOME_LABELS, call.outcome)}.`)
      await refresh()
    },
    onError: feedback.fail,
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!outcome) return feedback.failText("Choisissez le résultat de l'appel.")
    feedback.clear()
    add.mutate()
  }

  return (
    <section aria-labelledby="s-calls">
      <div className="page-head">
        <h2 id="s-calls">Appels au ménage</h2>
        {canWrite && !adding && (
          <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
            Noter un appel
          </button>
        )}
      </div>
      <Feedback message={feedback.message} />
      {adding && (
        <form onSubmit={onSubmit} className="form inline-form" aria-label="Noter un appel" noValidate>
          <div className="field">
            <label htmlFor="call-outcome">
              Résultat de l&apos;appel<span className="required"> (obligatoire)</span>
            </label>
            <select id="call-outcome" value={outcome} aria-required="true" onChange={(e) => setOutcome(e.target.value as CallOutcome | '')}>
              <option value="">— Choisir —</option>
              {options(CALL_OUTCOME_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="call-note">Note sur l&apos;appel (facultatif)</label>
            <textarea id="call-note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={add.isPending}>
              Enregistrer l&apos;appel
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAdding(false)}>
              Annuler
            </button>
          </div>
        </form>
      )}
      {referral.calls.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Appels au ménage</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Résultat</th>
                <th scope="col">Note</th>
                <th scope="col">Par</th>
              </tr>
            </thead>
            <tbody>
              {referral.calls.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{formatDateTime(c.at)}</th>
                  <td>{label(CALL_OUTCOME_LABELS, c.outcome)}</td>
                  <td className="prewrap">{c.note || '–'}</td>
                  <td>{c.by.full_name}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Aucun appel noté.</p>
      )}
    </section>
  )
}

function TriageNote({ referral, canWrite }: { referral: ReferralRead; canWrite: boolean }) {
  const note = referral.triage_note
  const refresh = useRefresh(referral.id)
  const feedback = useFeedback()
  const [editing, setEditing] = useState(false)
  const [problem, setProblem] = useState(note?.problem ?? '')
  const [questions, setQuestions] = useState(note?.questions_for_advisor ?? '')
  const [date, setDate] = useState(note?.proposed_visit_date ?? '')
  const [problemError, setProblemError] = useState<string | null>(null)
  const showEditor = canWrite && (editing || !note)

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.PUT('/api/v1/referrals/{referral_id}/triage-note', {
          params: { path: { referral_id: referral.id } },
          body: {
            problem: problem.trim(),
            questions_for_advisor: questions.trim(),
            proposed_visit_date: date || null,
            version: note?.version ?? null,
          },
        }),
      ),
    onSuccess: async (updated) => {
      setEditing(false)
      await refresh(updated)
      feedback.ok(
        referral.status === 'received' && updated.status === 'contacted'
          ? 'Fiche de note enregistrée. La demande est maintenant « Contactée ».'
          : 'Fiche de note enregistrée.',
      )
    },
    onError: (e) => {
      const problemMsg = e instanceof ApiError ? e.fields.find((f) => f.field.endsWith('problem'))?.message : undefined
      setProblemError(problemMsg ?? null)
      feedback.fail(e)
    },
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!problem.trim()) {
      setProblemError('Décrivez la situation relevée pendant l’appel.')
      feedback.failText('La fiche de note est incomplète.')
      return
    }
    setProblemError(null)
    feedback.clear()
    save.mutate()
  }
  const startEditing = () => {
    setProblem(note?.problem ?? '')
    setQuestions(note?.questions_for_advisor ?? '')
    setDate(note?.proposed_visit_date ?? '')
    setEditing(true)
  }

  return (
    <section aria-labelledby="s-note">
      <div className="page-head">
        <h2 id="s-note">Fiche de note</h2>
        {canWrite && note && !editing && (
          <button type="button" className="button button--secondary" onClick={startEditing}>
            Modifier la fiche de note
          </button>
        )}
      </div>
      <Feedback message={feedback.message} />
      {note && !showEditor && (
        <div className="note">
          <h3 className="h-small">Situation relevée</h3>
          <p className="prewrap">{note.problem}</p>
          <h3 className="h-small">Questions pour le conseiller énergie</h3>
          {note.questions_for_advisor ? <p className="prewrap">{note.questions_for_advisor}</p> : <p className="muted">Aucune.</p>}
          {note.proposed_visit_date && <p>Visite souhaitée vers le {formatDateKey(note.proposed_visit_date)}.</p>}
          <p className="muted">
            Rédigée par {note.written_by.full_name} le {formatDateTime(note.written_at)}.
          </p>
        </div>
      )}
      {!note && !canWrite && <p className="muted">Pas encore de fiche de note.</p>}
      {showEditor && (
        <form onSubmit={onSubmit} className="form inline-form" aria-label="Fiche de note" noValidate>
          <p className="hint">À rédiger après l&apos;appel : elle sert de briefing au binôme avant la visite.</p>
          <div className={`field${problemError ? ' field--invalid' : ''}`}>
            <label htmlFor="note-problem">
              Situation relevée pendant l&apos;appel<span className="required"> (obligatoire)</span>
            </label>
            <textarea
              id="note-problem"
              rows={5}
              maxLength={4000}
              value={problem}
              aria-required="true"
              aria-invalid={problemError ? true : undefined}
              aria-describedby={problemError ? 'note-problem-error' : undefined}
              onChange={(e) => setProblem(e.target.value)}
            />
            {problemError && (
              <p className="field-error" id="note-problem-error">
                <span aria-hidden="true">⚠ </span>
                {problemError}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="note-questions">Questions pour le conseiller énergie</label>
            <textarea id="note-questions" rows={3} maxLength={4000} value={questions} onChange={(e) => setQuestions(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="note-date">Date de visite souhaitée par le ménage</label>
            <input id="note-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={save.isPending}>
              Enregistrer la fiche de note
            </button>
            {note && (
              <button type="button" className="button button--secondary" onClick={() => setEditing(false)}>
                Annuler
              </button>
            )}
          </div>
        </form>
      )}
    </section>
  )
}

function Actions({ referral }: { referral: ReferralRead }) {
  const refresh = useRefresh(referral.id)
  const feedback = useFeedback()
  const [action, setAction] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [reason, setReason] = useState('')
  const [duplicateOf, setDuplicateOf] = useState('')
  const run = useMutation({
    mutationFn: (a: string) =>
      unwrap(
        api.POST('/api/v1/referrals/{referral_id}/transitions', {
          params: { path: { referral_id: referral.id } },
          body: {
            action: a,
            version: referral.version,
            note: note.trim(),
            reason: a === 'mark_out_of_scope' ? reason.trim() : null,
            duplicate_of_id: a === 'mark_duplicate' && duplicateOf ? Number(duplicateOf) : null,
          },
        }),
      ),
    onSuccess: async (updated) => {
      setAction(null)
      setNote('')
      setReason('')
      setDuplicateOf('')
      await refresh(updated)
      feedback.ok(`La demande est maintenant « ${label(REFERRAL_STATUS_LABELS, updated.status)} ».`)
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 409 && e.allowed.length) {
        const allowed = e.allowed.map((a) => REFERRAL_ACTION_LABELS[a] ?? a).join(', ')
        feedback.failText(`${e.detail} Actions possibles : ${allowed}.`)
      } else feedback.fail(e)
    },
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!action) return
    if (action === 'mark_out_of_scope' && !reason.trim()) return feedback.failText('Indiquez pourquoi la demande est hors champ.')
    if (action === 'mark_duplicate' && !duplicateOf) return feedback.failText("Indiquez le numéro de la demande d'origine.")
    feedback.clear()
    run.mutate(action)
  }

  return (
    <section aria-labelledby="s-actions">
      <h2 id="s-actions">Suites à donner</h2>
      <Feedback message={feedback.message} />
      <div className="action-bar">
        {referral.allowed_actions.map((a) => (
          <button
            key={a}
            type="button"
            className={`button ${action === a ? '' : 'button--secondary'}`}
            aria-pressed={action === a}
            onClick={() => {
              setAction(action === a ? null : a)
              feedback.clear()
            }}
          >
            {REFERRAL_ACTION_LABELS[a] ?? a}
          </button>
        ))}
      </div>
      {action && (
        <form onSubmit={onSubmit} className="form inline-form" aria-label={REFERRAL_ACTION_LABELS[action] ?? action} noValidate>
          {action === 'mark_out_of_scope' && (
            <div className="field">
              <label htmlFor="action-reason">
                Pourquoi la demande est hors champ<span className="required"> (obligatoire)</span>
              </label>
              <input id="action-reason" type="text" maxLength={500} aria-required="true" value={reason} onChange={(e) => setReason(e.target.value)} />
            </div>
          )}
          {action === 'mark_duplicate' && (
            <div className="field">
              <label htmlFor="action-duplicate">
                Numéro de la demande d&apos;origine<span className="required"> (obligatoire)</span>
              </label>
              <input id="action-duplicate" type="text" inputMode="numeric" aria-required="true" value={duplicateOf} onChange={(e) => setDuplicateOf(e.target.value.replace(/\D/g, ''))} />
            </div>
          )}
          <div className="field">
            <label htmlFor="action-note">Commentaire (facultatif)</label>
            <textarea id="action-note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={run.isPending}>
              Confirmer : {REFERRAL_ACTION_LABELS[action] ?? action}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setAction(null)}>
              Annuler
            </button>
          </div>
        </form>
      )}
    </section>
  )
}

function History({ referral }: { referral: ReferralRead }) {
  return (
    <section aria-labelledby="s-history">
      <h2 id="s-history">Historique</h2>
      <ol className="history">
        <li>
          {formatDateTime(referral.received_at)} – demande reçue ({referral.referring_organisation.name})
        </li>
        {referral.history.map((t, i) => (
          <li key={i}>
            {formatDateTime(t.at)} – {t.action === 'contact' ? 'Ménage contacté' : (REFERRAL_ACTION_LABELS[t.action] ?? t.action)} : {label(REFERRAL_STATUS_LABELS, t.from_status)} →{' '}
            {label(REFERRAL_STATUS_LABELS, t.to_status)}
            {t.by ? ` (${t.by.full_name})` : ''}
            {t.note ? ` – ${t.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  )
}

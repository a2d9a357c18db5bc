import { useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate, useParams } from 'react-router'
import {
  fetchSyntheses,
  useAddComment,
  useKeepSynthesis,
  useResolveComment,
  useSaveSynthesis,
  useSynthesisTransition,
  useSyntheses,
} from '../api/syntheses'
import { useCreateReport } from '../api/reports'
import { useVisit } from '../api/visits'
import type { OrientationIn, ReviewCommentRead, SynthesisKind, SynthesisRead, VisitRead } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { Feedback } from '../components/Feedback'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { ApiError } from '../lib/errors'
import { formatDateTime } from '../lib/datetime'
import {
  label,
  SYNTHESIS_ACTION_LABELS,
  SYNTHESIS_KIND_LABELS,
  SYNTHESIS_STATUS_LABELS,
  SYNTHESIS_STATUS_TONE,
} from '../lib/labels'
import { quoteFrom } from '../lib/reports'
import { usePageTitle } from '../lib/usePageTitle'
import { ReportForm } from '../reports/ReportForm'
import { ReviewComments } from '../reports/ReviewComments'
import { WorksTable } from '../reports/WorksTable'
import { ScenarioDigest } from '../works/ScenarioDigest'

const KINDS: SynthesisKind[] = ['family', 'technical']

export function SynthesisStatusBadge({ status }: { status: SynthesisRead['status'] }) {
  return <span className={`badge badge--${SYNTHESIS_STATUS_TONE[status]}`}>{label(SYNTHESIS_STATUS_LABELS, status)}</span>
}

/** /visites/:id/syntheses – the family and technical syntheses, their cross-review, then the report. */
export function SynthesesPage() {
  const id = Number(useParams().visitId)
  const visit = useVisit(id)
  const syntheses = useSyntheses(id)
  usePageTitle(visit.data ? `Synthèses – ${visit.data.household.display_name}` : 'Synthèses')

  if (visit.isPending) return <Loading />
  if (visit.isError)
    return (
      <>
        <h1>Synthèses</h1>
        <QueryError error={visit.error} notFound="Cette visite est introuvable." />
      </>
    )
  const v = visit.data
  const byKind = new Map((syntheses.data ?? []).map((s) => [s.kind, s]))
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to={`/visites/${v.id}`}>Visite {v.household.display_name}</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Synthèses</span>
      </nav>
      <h1>Synthèses : {v.household.display_name}</h1>
      <p className="hint">
        Chacun rédige sa synthèse, l&apos;autre membre du binôme la relit (remarques et suggestions de modification),
        puis chacun finalise la sienne. Le compte-rendu se rédige quand les deux sont finalisées.
      </p>
      {syntheses.isPending && <Loading />}
      {syntheses.isError && <QueryError error={syntheses.error} />}
      {syntheses.isSuccess && (
        <>
          <div className="syntheses">
            {KINDS.map((kind) => {
              const s = byKind.get(kind)
              return <SynthesisPanel key={`${kind}-${s?.version ?? 0}`} visit={v} kind={kind} synthesis={s} />
            })}
          </div>
          <ReportStart visit={v} syntheses={syntheses.data} />
        </>
      )}
    </>
  )
}

function SynthesisPanel({ visit, kind, synthesis }: { visit: VisitRead; kind: SynthesisKind; synthesis?: SynthesisRead }) {
  const { me, hasScope } = useAuth()
  // Each write stores the synthesis as answered in the visit's list (src/api/syntheses.ts).
  const saveSynthesis = useSaveSynthesis(visit.id, kind)
  const transitionSynthesis = useSynthesisTransition(visit.id)
  const resolveComment = useResolveComment(visit.id)
  const store = useKeepSynthesis(visit.id)
  const feedback = useFeedback()
  const writer = kind === 'family' ? visit.coordinator : visit.advisor
  const ownerName = writer.full_name
  // What the reader may do comes with the synthesis (the API checks again on every call).
  const can = (action: string) => !!synthesis?.allowed_actions.includes(action)
  // The lifecycle's buttons; "edit", "comment" and "resolve_comment" drive the editor and the remarks.
  const steps = (synthesis?.allowed_actions ?? []).filter((a) => Object.hasOwn(SYNTHESIS_ACTION_LABELS, a))
  const [draft, setDraft] = useState(synthesis?.content ?? '')
  const [baseVersion, setBaseVersion] = useState<number | null>(synthesis?.version ?? null)
  const [current, setCurrent] = useState<SynthesisRead | null>(null)
  const [pending, setPending] = useState(false)
  const headingId = `s-${kind}`
  const title = SYNTHESIS_KIND_LABELS[kind]
  // A synthesis not started yet has no allowed_actions: only the member of the pair who writes it
  // may start it (the API refuses anyone else).
  const editable = synthesis ? can('edit') : me?.id === writer.id && hasScope('reports:write')
  const dirty = draft !== (synthesis?.content ?? '')

  const run = async (call: () => Promise<SynthesisRead>, done: string) => {
    setPending(true)
    try {
      await call()
      feedback.ok(done)
    } catch (e) {
      feedback.fail(e)
    } finally {
      setPending(false)
    }
  }

  const save = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    setPending(true)
    try {
      await saveSynthesis.mutateAsync({ content: draft, ...(baseVersion ? { version: baseVersion } : {}) })
      setCurrent(null)
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code === 'stale_version') {
        const fresh = await fetchSyntheses(visit.id).catch(() => [])
        const latest = fresh.find((s) => s.kind === kind) ?? null
        setCurrent(latest)
        feedback.failText(
          'La synthèse a été modifiée entre-temps. Comparez votre texte avec le texte actuel, puis choisissez.',
        )
      } else feedback.fail(err)
    } finally {
      setPending(false)
    }
  }

  const transition = (action: string) =>
    synthesis &&
    run(
      () => transitionSynthesis.mutateAsync({ synthesisId: synthesis.id, body: { action, version: synthesis.version } }),
      `${title} : ${label(SYNTHESIS_ACTION_LABELS, action).toLowerCase()} – fait.`,
    )

  const resolve = (c: ReviewCommentRead, accept: boolean) =>
    synthesis &&
    run(
      () => resolveComment.mutateAsync({ synthesisId: synthesis.id, commentId: c.id, accept }),
      c.quote == null ? 'Remarque prise en compte.' : accept ? 'Remarque acceptée.' : 'Remarque refusée.',
    )

  return (
    <section className="card synthesis" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <p className="status-line">
        {synthesis ? <SynthesisStatusBadge status={synthesis.status} /> : <span className="badge badge--new">Pas encore rédigée</span>}{' '}
        <span className="muted">
          Rédigée par {ownerName}
          {synthesis ? `, modifiée le ${formatDateTime(synthesis.updated_at)}` : ''}
        </span>
      </p>
      <Feedback message={feedback.message} />
      {editable ? (
        <form onSubmit={save} noValidate aria-label={`Rédiger la ${title.toLowerCase()}`}>
          <div className={current ? 'conflict-compare' : undefined}>
            <div className="field">
              <label htmlFor={`synthesis-${kind}`}>{current ? 'Votre texte' : `Texte de la ${title.toLowerCase()}`}</label>
              <textarea
                id={`synthesis-${kind}`}
                rows={12}
                maxLength={20000}
                value={draft}
                onChange={(e) => setDraft(e.target.value)}
              />
            </div>
            {current && (
              <div className="field" role="group" aria-labelledby={`current-${kind}`}>
                <p id={`current-${kind}`} className="label-like">
                  Texte actuel (version {current.version}, modifiée le {formatDateTime(current.updated_at)})
                </p>
                <div className="prewrap synthesis-text" data-testid={`current-${kind}`}>
                  {current.content}
                </div>
                <div className="action-bar">
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => {
                      setDraft(current.content)
                      setBaseVersion(current.version)
                      store(current)
                    }}
                  >
                    Reprendre le texte actuel
                  </button>
                  <button
                    type="button"
                    className="button button--secondary"
                    onClick={() => {
                      setBaseVersion(current.version)
                      setCurrent(null)
                      feedback.ok('Votre texte remplacera le texte actuel à l’enregistrement.')
                    }}
                  >
                    Garder mon texte
                  </button>
                </div>
              </div>
            )}
          </div>
          <div className="form-actions">
            <button type="submit" className="button" disabled={pending || (!dirty && !!synthesis)}>
              Enregistrer la {title.toLowerCase()}
            </button>
          </div>
        </form>
      ) : synthesis ? (
        <SynthesisText kind={kind} content={synthesis.content} />
      ) : (
        <p className="muted">{ownerName} n&apos;a pas encore rédigé cette synthèse.</p>
      )}
      {kind === 'technical' && synthesis && synthesis.works.length > 0 && (
        <>
          <h3>Travaux retenus</h3>
          <WorksTable works={synthesis.works} caption="Travaux de la synthèse technique, par priorité" />
        </>
      )}
      {kind === 'technical' && <ScenarioDigest householdId={visit.household.id} />}
      {steps.length > 0 && (
        <div className="action-bar">
          {steps.map((a) => (
            <button
              key={a}
              type="button"
              className={`button${a === 'back_to_draft' ? ' button--secondary' : ''}`}
              disabled={pending || (editable && dirty)}
              onClick={() => void transition(a)}
            >
              {label(SYNTHESIS_ACTION_LABELS, a)}
              <span className="visually-hidden"> ({title.toLowerCase()})</span>
            </button>
          ))}
        </div>
      )}
      {editable && dirty && steps.length > 0 && (
        <p className="hint">Enregistrez d&apos;abord vos modifications.</p>
      )}
      {synthesis && (
        <>
          <h3>Relecture</h3>
          <ReviewComments comments={synthesis.comments} canResolve={can('resolve_comment')} pending={pending} onResolve={(c, a) => void resolve(c, a)} />
        </>
      )}
      {synthesis && can('comment') && (
        <CommentForm visitId={visit.id} synthesis={synthesis} title={title} />
      )}
    </section>
  )
}

function SynthesisText({ kind, content }: { kind: SynthesisKind; content: string }) {
  return (
    <div className="prewrap synthesis-text" id={`synthesis-text-${kind}`} data-testid={`synthesis-text-${kind}`}>
      {content || <span className="muted">(vide)</span>}
    </div>
  )
}

/** The reviewer's remark or suggested change (a quoted passage and its replacement). */
function CommentForm({ visitId, synthesis, title }: { visitId: number; synthesis: SynthesisRead; title: string }) {
  const feedback = useFeedback()
  const addComment = useAddComment(visitId)
  const [body, setBody] = useState('')
  const [quote, setQuote] = useState('')
  const [replacement, setReplacement] = useState('')
  const [pending, setPending] = useState(false)
  const [quoteError, setQuoteError] = useState('')
  const [bodyError, setBodyError] = useState('')
  const quoteRef = useRef<HTMLInputElement>(null)
  const p = `comment-${synthesis.kind}`

  const takeSelection = () => {
    const selection = globalThis.getSelection?.()
    const text = selection ? selection.toString() : ''
    const holder = document.getElementById(`synthesis-text-${synthesis.kind}`)
    const inside = !!selection?.anchorNode && !!holder?.contains(selection.anchorNode)
    const q = inside ? quoteFrom(text, synthesis.content) : null
    if (q) {
      setQuote(q)
      setQuoteError('')
      quoteRef.current?.focus()
    } else setQuoteError('Sélectionnez d’abord un passage du texte de la synthèse, ou tapez-le.')
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const q = quote.trim()
    let ok = true
    setBodyError('')
    setQuoteError('')
    if (!body.trim()) {
      setBodyError('Écrivez votre remarque.')
      ok = false
    }
    if (q && !quoteFrom(q, synthesis.content)) {
      setQuoteError('Ce passage ne figure pas dans la synthèse : copiez-le exactement.')
      ok = false
    }
    if (!ok) return
    setPending(true)
    try {
      // Stored in the visit's list by the hook: the synthesis shows the new remark.
      await addComment.mutateAsync({
        synthesisId: synthesis.id,
        body: q ? { body: body.trim(), quote: q, replacement } : { body: body.trim() },
      })
      setBody('')
      setQuote('')
      setReplacement('')
      feedback.ok(q ? 'Suggestion de modification envoyée.' : 'Remarque envoyée.')
    } catch (err) {
      feedback.fail(err)
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="comment-form" aria-label={`Remarque sur la ${title.toLowerCase()}`}>
      <h3>Ajouter une remarque</h3>
      <Feedback message={feedback.message} />
      <div className={`field${bodyError ? ' field--invalid' : ''}`}>
        <label htmlFor={`${p}-body`}>
          Remarque <span className="required">(obligatoire)</span>
        </label>
        <textarea
          id={`${p}-body`}
          rows={3}
          maxLength={4000}
          value={body}
          aria-invalid={!!bodyError}
          aria-describedby={bodyError ? `${p}-body-error` : undefined}
          onChange={(e) => setBody(e.target.value)}
        />
        {bodyError && (
          <p className="field-error" id={`${p}-body-error`}>
            {bodyError}
          </p>
        )}
      </div>
      <fieldset className="fieldset">
        <legend>Suggestion de modification (facultatif)</legend>
        <p className="hint" id={`${p}-quote-hint`}>
          Sélectionnez un passage du texte puis « Citer la sélection », ou tapez-le tel qu&apos;il est écrit.
        </p>
        <button type="button" className="button button--secondary" onMouseDown={(e) => e.preventDefault()} onClick={takeSelection}>
          Citer la sélection
        </button>
        <div className={`field${quoteError ? ' field--invalid' : ''}`}>
          <label htmlFor={`${p}-quote`}>Passage à remplacer</label>
          <input
            id={`${p}-quote`}
            ref={quoteRef}
            maxLength={4000}
            value={quote}
            aria-invalid={!!quoteError}
            aria-describedby={`${p}-quote-hint${quoteError ? ` ${p}-quote-error` : ''}`}
            onChange={(e) => setQuote(e.target.value)}
          />
          {quoteError && (
            <p className="field-error" id={`${p}-quote-error`}>
              {quoteError}
            </p>
          )}
        </div>
        <div className="field">
          <label htmlFor={`${p}-replacement`}>Remplacer par</label>
          <textarea
            id={`${p}-replacement`}
            rows={2}
            maxLength={4000}
            value={replacement}
            onChange={(e) => setReplacement(e.target.value)}
          />
        </div>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          Envoyer la remarque
        </button>
      </div>
    </form>
  )
}

/** "Rédiger le compte-rendu", for whoever may compile it (the visit says so) once both syntheses are final. */
function ReportStart({ visit, syntheses }: { visit: VisitRead; syntheses: SynthesisRead[] }) {
  const navigate = useNavigate()
  const feedback = useFeedback()
  const createReport = useCreateReport(visit.id)
  const [open, setOpen] = useState(false)
  const [pending, setPending] = useState(false)
  const bothFinal = syntheses.length === 2 && syntheses.every((s) => s.status === 'final')
  const mayWrite = visit.allowed_actions.includes('compile_report')
  if (visit.report_id != null) {
    return (
      <section aria-labelledby="s-report" className="report-start">
        <h2 id="s-report">Compte-rendu</h2>
        <Link to={`/comptes-rendus/${visit.report_id}`} className="button">
          Ouvrir le compte-rendu
        </Link>
      </section>
    )
  }
  if (!mayWrite) return null

  const create = async (introduction: string, orientations: OrientationIn[]) => {
    setPending(true)
    try {
      const report = await createReport.mutateAsync({ introduction, orientations })
      navigate(`/comptes-rendus/${report.id}`, { state: { flash: 'Le compte-rendu a été créé (brouillon).' } })
    } catch (e) {
      feedback.fail(e)
      setPending(false)
    }
  }

  return (
    <section aria-labelledby="s-report" className="report-start">
      <h2 id="s-report">Compte-rendu</h2>
      <Feedback message={feedback.message} />
      {!bothFinal ? (
        <p className="muted">Le compte-rendu se rédige quand les deux synthèses sont finalisées.</p>
      ) : open ? (
        <ReportForm submitLabel="Créer le compte-rendu" pending={pending} onSubmit={(i, o) => void create(i, o)} onCancel={() => setOpen(false)} />
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Rédiger le compte-rendu
        </button>
      )}
    </section>
  )
}

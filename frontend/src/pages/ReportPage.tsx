import { useState, type FormEvent } from 'react'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import { useCreateCorrection, useReport, useReportTransition, useSaveReport } from '../api/reports'
import type { OrientationIn, ReportRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { formatDateKey, formatDateTime, parisDateKey } from '../lib/datetime'
import { label, REPORT_STATUS_LABELS, REPORT_STATUS_TONE } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'
import { DeliveryPanel } from '../reports/DeliveryPanel'
import { FrozenFigures } from '../reports/FrozenFigures'
import { PdfPreview } from '../reports/PdfPreview'
import { ReportForm } from '../reports/ReportForm'
import { WorksTable } from '../reports/WorksTable'
import { Item } from '../components/DetailItem'

export function ReportStatusBadge({ status }: { status: ReportRead['status'] }) {
  return <span className={`badge badge--${REPORT_STATUS_TONE[status]}`}>{label(REPORT_STATUS_LABELS, status)}</span>
}

/** /comptes-rendus/:id – a report, its validation, its PDF copies and its sending. */
export function ReportPage() {
  const id = Number(useParams().reportId)
  const report = useReport(id)
  const location = useLocation()
  const flash = (location.state as { flash?: string } | null)?.flash
  usePageTitle(report.data ? `Compte-rendu – ${report.data.household_name}` : 'Compte-rendu')

  if (report.isPending) return <Loading />
  if (report.isError)
    return (
      <>
        <h1>Compte-rendu</h1>
        <QueryError error={report.error} notFound="Ce compte-rendu est introuvable." />
      </>
    )
  return <ReportView report={report.data} flash={flash} />
}

function ReportView({ report: r, flash }: { report: ReportRead; flash?: string }) {
  const navigate = useNavigate()
  const feedback = useFeedback()
  const [pending, setPending] = useState(false)
  const [editing, setEditing] = useState(false)
  // Each stores the report as answered and has the validation queue and the frozen figures read again.
  const transitionReport = useReportTransition(r.id)
  const saveReport = useSaveReport(r.id)
  const createCorrection = useCreateCorrection(r.id)
  // What the reader may do comes with the report (the API checks again on every call).
  const editable = r.allowed_actions.includes('edit')
  const canSend = r.allowed_actions.includes('send')

  const run = async (call: () => Promise<ReportRead>, done: string, after?: (r: ReportRead) => void) => {
    setPending(true)
    try {
      const updated = await call()
      if (after) after(updated)
      else feedback.ok(done)
    } catch (e) {
      feedback.fail(e)
    } finally {
      setPending(false)
    }
  }

  const transition = (action: string, extra: { reason?: string; complementary_opinion?: string } = {}, after?: (r: ReportRead) => void) =>
    run(
      () => transitionReport.mutateAsync({ action, version: r.version, ...extra }),
      action === 'submit' ? 'Le compte-rendu est soumis à validation.' : 'Fait.',
      after,
    )

  const save = (introduction: string, orientations: OrientationIn[]) =>
    run(
      () => saveReport.mutateAsync({ version: r.version, introduction, orientations }),
      'Le compte-rendu a été enregistré.',
      () => setEditing(false),
    )

  const correct = async () => {
    setPending(true)
    try {
      const created = await createCorrection.mutateAsync()
      navigate(`/comptes-rendus/${created.id}`, { state: { flash: 'La correction a été créée (nouveau brouillon).' } })
    } catch (e) {
      feedback.fail(e)
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to={`/menages/${r.household_id}`}>{r.household_name}</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/visites/${r.visit_id}/syntheses`}>Synthèses</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Compte-rendu n° {r.number}</span>
      </nav>
      <h1>
        Compte-rendu : {r.household_name}
        {r.number > 1 ? ` (correction n° ${r.number})` : ''}
      </h1>
      {flash && (
        <p role="status" className="alert alert--success">
          {flash}
        </p>
      )}
      <p className="status-line">
        État : <ReportStatusBadge status={r.status} />
      </p>
      <Feedback message={feedback.message} />
      {r.status === 'returned' && r.returned_reason && (
        <div className="alert alert--error" role="note">
          <p>
            <strong>Renvoyé par l&apos;encadrement :</strong>
          </p>
          <p className="prewrap">{r.returned_reason}</p>
        </div>
      )}
      <dl className="dl">
        <Item term="Visite">
          <Link to={`/visites/${r.visit_id}`}>{formatDateKey(parisDateKey(r.visit_date))}</Link>
        </Item>
        <Item term="Rédigé par">{r.author.full_name}</Item>
        <Item term="Soumis le">{r.submitted_at ? formatDateTime(r.submitted_at) : ''}</Item>
        <Item term="Validé">{r.validated_by ? `par ${r.validated_by.full_name} le ${formatDateTime(r.validated_at)}` : ''}</Item>
        {r.previous_id && (
          <Item term="Corrige">
            <Link to={`/comptes-rendus/${r.previous_id}`}>la version précédente</Link>
          </Item>
        )}
      </dl>
      <Actions report={r} pending={pending} onTransition={transition} onCorrect={() => void correct()}
        onValidated={() => navigate('/validation', { state: { flash: `Le compte-rendu de ${r.household_name} est validé.` } })} />

      {editable && editing ? (
        <section aria-labelledby="s-edit">
          <h2 id="s-edit">Modifier le compte-rendu</h2>
          <ReportForm
            initialIntroduction={r.introduction}
            initialOrientations={r.orientations}
            submitLabel="Enregistrer le compte-rendu"
            pending={pending}
            onSubmit={(i, o) => void save(i, o)}
            onCancel={() => setEditing(false)}
          />
        </section>
      ) : (
        <>
          <section aria-labelledby="s-intro">
            <h2 id="s-intro">Introduction</h2>
            {r.introduction ? <p className="prewrap">{r.introduction}</p> : <p className="muted">Pas d&apos;introduction.</p>}
            {editable && (
              <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
                Modifier l&apos;introduction et les orientations
              </button>
            )}
          </section>
          <section aria-labelledby="s-orient">
            <h2 id="s-orient">Orientations proposées</h2>
            {r.orientations.length === 0 ? (
              <p className="muted">Aucune orientation.</p>
            ) : (
              <ul className="orientations">
                {r.orientations.map((o) => (
                  <li key={o.id}>
                    <strong>{o.kind_label}</strong>
                    {o.partner ? ` (${o.partner})` : ''} : {o.description}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
      <div className="syntheses">
        <section className="card" aria-labelledby="s-family">
          <h2 id="s-family">Synthèse famille</h2>
          <p className="prewrap">{r.family_synthesis}</p>
        </section>
        <section className="card" aria-labelledby="s-technical">
          <h2 id="s-technical">Synthèse technique</h2>
          <p className="prewrap">{r.technical_synthesis}</p>
        </section>
      </div>
      <section aria-labelledby="s-works">
        <h2 id="s-works">Travaux</h2>
        <WorksTable works={r.works} caption="Travaux proposés, par priorité" />
      </section>
      <FrozenFigures reportId={r.id} />
      {r.complementary_opinion && (
        <section aria-labelledby="s-opinion">
          <h2 id="s-opinion">Avis complémentaire</h2>
          <p className="prewrap">{r.complementary_opinion}</p>
        </section>
      )}
      <div className="no-print">
        <PdfPreview reportId={r.id} version={r.version} />
        {canSend && <DeliveryPanel report={r} />}
      </div>
    </>
  )
}

function Actions({
  report: r,
  pending,
  onTransition,
  onCorrect,
  onValidated,
}: {
  report: ReportRead
  pending: boolean
  onTransition: (action: string, extra?: { reason?: string; complementary_opinion?: string }, after?: (r: ReportRead) => void) => Promise<void>
  onCorrect: () => void
  onValidated: () => void
}) {
  const [opinion, setOpinion] = useState('')
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState('')
  const can = (a: string) => r.allowed_actions.includes(a)
  const mayCorrect = can('correct')

  const onReturn = (e: FormEvent) => {
    e.preventDefault()
    if (!reason.trim()) {
      setReasonError('Indiquez pourquoi le compte-rendu est renvoyé.')
      document.getElementById('return-reason')?.focus()
      return
    }
    setReasonError('')
    void onTransition('return', { reason: reason.trim() })
  }
  const onValidate = (e: FormEvent) => {
    e.preventDefault()
    void onTransition('validate', opinion.trim() ? { complementary_opinion: opinion.trim() } : {}, onValidated)
  }

  if (!can('submit') && !can('validate') && !can('return') && !mayCorrect) return null
  return (
    <section aria-labelledby="s-actions" className="card no-print">
      <h2 id="s-actions">Actions</h2>
      {can('submit') && (
        <button type="button" className="button" disabled={pending} onClick={() => void onTransition('submit')}>
          Soumettre à validation
        </button>
      )}
      {can('validate') && (
        <form onSubmit={onValidate} noValidate aria-label="Valider le compte-rendu">
          <div className="field">
            <label htmlFor="complementary-opinion">Avis complémentaire (facultatif)</label>
            <textarea id="complementary-opinion" rows={3} maxLength={4000} value={opinion} onChange={(e) => setOpinion(e.target.value)} />
          </div>
          <button type="submit" className="button" disabled={pending}>
            Valider
          </button>
        </form>
      )}
      {can('return') && (
        <form onSubmit={onReturn} noValidate aria-label="Renvoyer le compte-rendu">
          <div className={`field${reasonError ? ' field--invalid' : ''}`}>
            <label htmlFor="return-reason">
              Motif du renvoi <span className="required">(obligatoire)</span>
            </label>
            <textarea
              id="return-reason"
              rows={3}
              maxLength={2000}
              value={reason}
              aria-invalid={!!reasonError}
              aria-describedby={reasonError ? 'return-reason-error' : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
            {reasonError && (
              <p className="field-error" id="return-reason-error">
                {reasonError}
              </p>
            )}
          </div>
          <button type="submit" className="button button--secondary" disabled={pending}>
            Renvoyer
          </button>
        </form>
      )}
      {mayCorrect && (
        <>
          <p className="hint">Un compte-rendu validé ne change plus : sa correction est une nouvelle version.</p>
          <button type="button" className="button button--secondary" disabled={pending} onClick={onCorrect}>
            Corriger
          </button>
        </>
      )}
    </section>
  )
}

import { useState, type FormEvent } from 'react'
import { useSaveTriageNote } from '../api/referrals'
import type { ReferralRead } from '../api/types'
import { DateField } from '../components/DateField'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { formatDateKey, formatDateTime } from '../lib/datetime'
import { ApiError } from '../lib/errors'
import { isoToFrenchDate, readDateField } from '../lib/parse'

/** The coordinator's triage note on a referral: shown, and edited by writers. */
export function TriageNoteEditor({ referral, canWrite }: { referral: ReferralRead; canWrite: boolean }) {
  const note = referral.triage_note
  const feedback = useFeedback()
  const [editing, setEditing] = useState(false)
  const [problem, setProblem] = useState(note?.problem ?? '')
  const [questions, setQuestions] = useState(note?.questions_for_advisor ?? '')
  const [date, setDate] = useState(isoToFrenchDate(note?.proposed_visit_date))
  const [problemError, setProblemError] = useState<string | null>(null)
  const [dateError, setDateError] = useState<string | null>(null)
  const showEditor = canWrite && (editing || !note)

  const save = useSaveTriageNote(referral.id, {
    onSuccess: (updated) => {
      setEditing(false)
      feedback.ok(
        referral.status === 'received' && updated.status === 'contacted'
          ? 'Fiche de note enregistrée. La demande est maintenant « Contactée ».'
          : 'Fiche de note enregistrée.',
      )
    },
    onError: (e) => {
      const fieldMsg = (name: string) =>
        e instanceof ApiError ? e.fields.find((f) => f.field.endsWith(name))?.message : undefined
      setProblemError(fieldMsg('problem') ?? null)
      setDateError(fieldMsg('proposed_visit_date') ?? null)
      feedback.fail(e)
    },
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const visitDate = readDateField(date)
    const missing = problem.trim() ? null : 'Décrivez la situation relevée pendant l’appel.'
    setProblemError(missing)
    setDateError(visitDate.error)
    if (missing || visitDate.error) {
      feedback.failText(missing ? 'La fiche de note est incomplète.' : 'La date de visite souhaitée est à corriger.')
      document.getElementById(missing ? 'note-problem' : 'note-date')?.focus()
      return
    }
    feedback.clear()
    save.mutate({
      problem: problem.trim(),
      questions_for_advisor: questions.trim(),
      proposed_visit_date: visitDate.iso,
      version: note?.version ?? null,
    })
  }
  const startEditing = () => {
    setProblem(note?.problem ?? '')
    setQuestions(note?.questions_for_advisor ?? '')
    setDate(isoToFrenchDate(note?.proposed_visit_date))
    setDateError(null)
    setProblemError(null)
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
          <DateField id="note-date" label="Date de visite souhaitée par le ménage" value={date} onChange={setDate} error={dateError} />
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

import { useState, type FormEvent } from 'react'
import type { HouseholdFollowUp } from '../api/types'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { formatDateTime } from '../lib/datetime'
import { closingSummaryError, reopenReasonError } from '../lib/followup'
import { Field, FormAlert } from './Field'
import { useFollowUpAction } from './useFollowUpAction'

/** « Clore le dossier » once every orientation is settled; the closed state and « Rouvrir ». The
 * buttons follow the case's allowed_actions (the server's lifecycle), not a copy of its rules. */
export function ClosingPanel({ followUp: f }: { followUp: HouseholdFollowUp }) {
  const feedback = useFeedback()
  const may = (action: 'close' | 'reopen') => f.allowed_actions.includes(action)
  return (
    <section aria-labelledby="s-closing">
      <h3 id="s-closing">Clôture du dossier</h3>
      <Feedback message={feedback.message} />
      {f.status === 'closed' ? (
        <>
          <div className="closed-box" data-testid="closed-case">
            <p>
              <strong>Dossier clos</strong>
              {f.closed_at && <> le {formatDateTime(f.closed_at)}</>}
              {f.closed_by && <> par {f.closed_by.full_name}</>}.
            </p>
            <p className="label-like">Synthèse de clôture</p>
            <p className="prewrap">{f.closing_summary || '–'}</p>
          </div>
          {may('reopen') && <ReopenForm followUp={f} onDone={feedback.ok} />}
        </>
      ) : may('close') ? (
        <CloseForm followUp={f} onDone={feedback.ok} />
      ) : (
        <p className="muted">Le dossier est en cours.</p>
      )}
    </section>
  )
}

function CloseForm({ followUp: f, onDone }: { followUp: HouseholdFollowUp; onDone: (m: string) => void }) {
  const { run, pending, error } = useFollowUpAction(f.household_id)
  const [summary, setSummary] = useState('')
  const [summaryError, setSummaryError] = useState('')
  const openCount = f.open_orientations

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const problem = closingSummaryError(summary)
    setSummaryError(problem ?? '')
    if (problem) {
      document.getElementById('closing-summary')?.focus()
      return
    }
    const body = { version: f.version, summary: summary.trim() }
    const ok = await run({ kind: 'close', body })
    if (ok) onDone('Le dossier est clos.')
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Clore le dossier">
      {!f.can_close && (
        <p className="alert alert--info" id="closing-blocked">
          {openCount > 0
            ? `${openCount} orientation${openCount > 1 ? 's sont' : ' est'} encore ouverte${openCount > 1 ? 's' : ''} : réglez-les (obtenue, refusée ou abandonnée) avant de clore le dossier.`
            : 'Le dossier ne peut pas être clos pour l’instant.'}
        </p>
      )}
      <Field
        id="closing-summary"
        label="Synthèse de clôture"
        value={summary}
        onChange={setSummary}
        error={summaryError}
        hint="Ce qui a été obtenu, ce qui reste à faire, qui prend le relais (10 caractères au moins)."
        required
        multiline
        maxLength={4000}
      />
      <FormAlert text={error} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={!f.can_close || pending} aria-describedby={f.can_close ? undefined : 'closing-blocked'}>
          Clore le dossier
        </button>
      </div>
    </form>
  )
}

function ReopenForm({ followUp: f, onDone }: { followUp: HouseholdFollowUp; onDone: (m: string) => void }) {
  const { run, pending, error } = useFollowUpAction(f.household_id)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState('')

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const problem = reopenReasonError(reason)
    setReasonError(problem ?? '')
    if (problem) {
      document.getElementById('reopen-reason')?.focus()
      return
    }
    const body = { version: f.version, reason: reason.trim() }
    const ok = await run({ kind: 'reopen', body })
    if (ok) onDone('Le dossier est rouvert.')
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Rouvrir le dossier">
      <Field id="reopen-reason" label="Motif de la réouverture" value={reason} onChange={setReason} error={reasonError} required multiline maxLength={2000} />
      <FormAlert text={error} />
      <div className="form-actions">
        <button type="submit" className="button button--secondary" disabled={pending}>
          Rouvrir
        </button>
      </div>
    </form>
  )
}

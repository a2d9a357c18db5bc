import { useState, type FormEvent } from 'react'
import { useAddCall } from '../api/referrals'
import type { CallOutcome, ReferralRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { InlineFormActions, RequiredChoiceField } from '../components/InlineFormParts'
import { useFeedback } from '../components/useFeedback'
import { formatDateTime } from '../lib/datetime'
import { CALL_OUTCOME_LABELS, label, options } from '../lib/labels'
import { ScrollRegion } from '../components/ScrollRegion'

/** Calls to the household: the list and, while the referral is open, a form to note a call. */
export function CallsPanel({ referral, canWrite }: { referral: ReferralRead; canWrite: boolean }) {
  const feedback = useFeedback()
  const [adding, setAdding] = useState(false)
  const [outcome, setOutcome] = useState<CallOutcome | ''>('')
  const [note, setNote] = useState('')
  const add = useAddCall(referral.id, {
    onSuccess: (call) => {
      setAdding(false)
      setOutcome('')
      setNote('')
      feedback.ok(`Appel noté : ${label(CALL_OUTCOME_LABELS, call.outcome)}.`)
    },
    onError: feedback.fail,
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!outcome) return feedback.failText("Choisissez le résultat de l'appel.")
    feedback.clear()
    add.mutate({ outcome, note: note.trim() })
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
          <RequiredChoiceField
            id="call-outcome"
            label="Résultat de l'appel"
            value={outcome}
            choices={options(CALL_OUTCOME_LABELS)}
            onChange={setOutcome}
          />
          <div className="field">
            <label htmlFor="call-note">Note sur l&apos;appel (facultatif)</label>
            <textarea id="call-note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <InlineFormActions submitLabel="Enregistrer l'appel" pending={add.isPending} onCancel={() => setAdding(false)} />
        </form>
      )}
      {referral.calls.length ? (
        <ScrollRegion label="Tableau des appels au ménage">
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
        </ScrollRegion>
      ) : (
        <p className="muted">Aucun appel noté.</p>
      )}
    </section>
  )
}

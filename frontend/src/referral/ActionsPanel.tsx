import { useState, type FormEvent } from 'react'
import { useReferralTransition } from '../api/referrals'
import type { ReferralRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { ApiError } from '../lib/errors'
import { label, REFERRAL_ACTION_LABELS, REFERRAL_STATUS_LABELS } from '../lib/labels'
import { offeredAfterRefusal } from './referralModel'

/** The actions the API allows next on a referral (e.g. marking it as a duplicate). */
export function ActionsPanel({ referral }: { referral: ReferralRead }) {
  const feedback = useFeedback()
  const [action, setAction] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [reason, setReason] = useState('')
  const [duplicateOf, setDuplicateOf] = useState('')
  // A refused action (409: a guard said no, e.g. not enough unanswered calls) and the actions the API
  // said were possible instead. It holds until the referral changes (a new call, another action).
  const [refusal, setRefusal] = useState<{ action: string; allowed: string[]; key: string } | null>(null)
  const key = `${referral.version}/${referral.call_attempts}`
  const offered = refusal?.key === key ? offeredAfterRefusal(refusal.action, refusal.allowed) : referral.allowed_actions
  const run = useReferralTransition(referral.id, {
    onSuccess: (updated) => {
      setRefusal(null)
      setAction(null)
      setNote('')
      setReason('')
      setDuplicateOf('')
      feedback.ok(`La demande est maintenant « ${label(REFERRAL_STATUS_LABELS, updated.status)} ».`)
    },
    onError: (e, { action: refused }) => {
      if (e instanceof ApiError && e.status === 409) {
        // The API's list may still name the refused action (it lists what the state allows): drop it.
        const possible = offeredAfterRefusal(refused, e.allowed)
        setRefusal({ action: refused, allowed: e.allowed, key })
        setAction(null)
        const label = REFERRAL_ACTION_LABELS[refused] ?? refused
        const next = possible.length
          ? `Actions possibles : ${possible.map((a) => REFERRAL_ACTION_LABELS[a] ?? a).join(', ')}.`
          : 'Aucune autre action possible pour l’instant.'
        feedback.failText(`« ${label} » impossible : ${e.detail} ${next}`)
      } else feedback.fail(e)
    },
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    if (!action) return
    if (action === 'mark_out_of_scope' && !reason.trim()) return feedback.failText('Indiquez pourquoi la demande est hors champ.')
    if (action === 'mark_duplicate' && !duplicateOf) return feedback.failText("Indiquez le numéro de la demande d'origine.")
    feedback.clear()
    run.mutate({
      action,
      version: referral.version,
      note: note.trim(),
      reason: action === 'mark_out_of_scope' ? reason.trim() : null,
      duplicate_of_id: action === 'mark_duplicate' && duplicateOf ? Number(duplicateOf) : null,
    })
  }

  return (
    <section aria-labelledby="s-actions">
      <h2 id="s-actions">Suites à donner</h2>
      <Feedback message={feedback.message} />
      <div className="action-bar">
        {offered.map((a) => (
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

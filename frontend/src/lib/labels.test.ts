import { describe, expect, it } from 'vitest'
import {
  CALL_OUTCOME_LABELS,
  CHANNEL_LABELS,
  ORIENTATION_STATUS_LABELS,
  WORKS_STATUS_LABELS,
  label,
  REFERRAL_ACTION_LABELS,
  REFERRAL_REASON_LABELS,
  REFERRAL_STATUS_LABELS,
  UNAVAILABILITY_KIND_LABELS,
  VISIT_STATUS_LABELS,
} from './labels'

describe('labels', () => {
  it('names every referral status in French', () => {
    expect(REFERRAL_STATUS_LABELS).toEqual({
      received: 'Reçue',
      contacted: 'Contactée',
      visit_scheduled: 'Visite planifiée',
      visited: 'Visitée',
      report_sent: 'Compte-rendu envoyé',
      closed: 'Clôturée',
      declined: 'Refus du ménage',
      unreachable: 'Injoignable',
      out_of_scope: 'Hors champ',
      duplicate: 'Doublon',
    })
  })

  it('covers reasons, call outcomes, visit statuses and unavailability', () => {
    expect(Object.keys(REFERRAL_REASON_LABELS)).toHaveLength(6)
    expect(label(REFERRAL_REASON_LABELS, 'unpaid_cutoff_risk')).toBe('Impayés, risque de coupure')
    expect(label(CALL_OUTCOME_LABELS, 'no_answer')).toBe('Pas de réponse')
    expect(label(VISIT_STATUS_LABELS, 'no_show')).toBe('Ménage absent')
    expect(label(UNAVAILABILITY_KIND_LABELS, 'training')).toBe('Formation')
    for (const action of ['decline', 'mark_unreachable', 'mark_out_of_scope', 'mark_duplicate', 'close', 'reopen']) {
      expect(REFERRAL_ACTION_LABELS[action]).toBeTruthy()
    }
  })

  it('falls back to the raw value for an unknown code', () => {
    expect(label(REFERRAL_STATUS_LABELS, 'archived' as never)).toBe('archived')
    expect(label(REFERRAL_STATUS_LABELS, null)).toBe('')
  })
})

describe('follow-up labels', () => {
  it('names orientation and works statuses and the API channel in French', () => {
    expect(ORIENTATION_STATUS_LABELS).toEqual({
      proposed: 'Proposée',
      in_progress: 'En cours',
      obtained: 'Obtenue',
      refused: 'Refusée',
      abandoned: 'Abandonnée',
    })
    expect(WORKS_STATUS_LABELS).toEqual({ planned: 'Planifiés', started: 'Commencés', done: 'Réalisés', refused: 'Refusés' })
    expect(CHANNEL_LABELS.api).toBe("Mise à disposition sur l'espace bailleur (API)")
  })
})

import { describe, expect, it } from 'vitest'
import {
  CALL_OUTCOME_LABELS,
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

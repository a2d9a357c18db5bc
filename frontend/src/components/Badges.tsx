import type { ReferralStatus, VisitStatus } from '../api/types'
import { label, REFERRAL_STATUS_LABELS, REFERRAL_STATUS_TONE, VISIT_STATUS_LABELS } from '../lib/labels'

export function ReferralStatusBadge({ status }: { status: ReferralStatus }) {
  return (
    <span className={`badge badge--${REFERRAL_STATUS_TONE[status] ?? 'new'}`} data-status={status}>
      {label(REFERRAL_STATUS_LABELS, status)}
    </span>
  )
}

const VISIT_TONE: Record<VisitStatus, string> = {
  planned: 'progress',
  done: 'done',
  cancelled: 'stopped',
  no_show: 'stopped',
  rescheduled: 'stopped',
}

export function VisitStatusBadge({ status }: { status: VisitStatus }) {
  return <span className={`badge badge--${VISIT_TONE[status] ?? 'new'}`}>{label(VISIT_STATUS_LABELS, status)}</span>
}

/** "Risque de coupure" marker: text, not colour alone. */
export function CutoffFlag({ date }: { date?: string | null }) {
  return (
    <span className="flag flag--cutoff">
      <span aria-hidden="true">⚠ </span>Risque de coupure{date ? ` le ${date.split('-').reverse().join('/')}` : ''}
    </span>
  )
}

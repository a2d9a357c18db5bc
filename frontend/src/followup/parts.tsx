import type { OrientationStatus } from '../api/types'
import { label, ORIENTATION_STATUS_LABELS, ORIENTATION_STATUS_TONE } from '../lib/labels'

export function OrientationStatusBadge({ status }: { status: OrientationStatus }) {
  return (
    <span className={`badge badge--${ORIENTATION_STATUS_TONE[status] ?? 'new'}`} data-status={status}>
      {label(ORIENTATION_STATUS_LABELS, status)}
    </span>
  )
}

/** "En retard" marker: an icon and text, not colour alone. */
export function OverdueFlag() {
  return (
    <span className="flag flag--overdue">
      <span aria-hidden="true">⚠ </span>En retard
    </span>
  )
}

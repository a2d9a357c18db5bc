import type { ReferralRead } from '../api/types'
import { formatDateTime } from '../lib/datetime'
import { label, REFERRAL_ACTION_LABELS, REFERRAL_STATUS_LABELS } from '../lib/labels'

/** Timeline of a referral: reception, then each recorded change. */
export function HistoryPanel({ referral }: { referral: ReferralRead }) {
  return (
    <section aria-labelledby="s-history">
      <h2 id="s-history">Historique</h2>
      <ol className="history">
        <li>
          {formatDateTime(referral.received_at)} – demande reçue ({referral.referring_organisation.name})
        </li>
        {referral.history.map((t, i) => (
          <li key={i}>
            {formatDateTime(t.at)} – {t.action === 'contact' ? 'Ménage contacté' : (REFERRAL_ACTION_LABELS[t.action] ?? t.action)} : {label(REFERRAL_STATUS_LABELS, t.from_status)} →{' '}
            {label(REFERRAL_STATUS_LABELS, t.to_status)}
            {t.by ? ` (${t.by.full_name})` : ''}
            {t.note ? ` – ${t.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  )
}

import { useLinkHousehold } from '../api/referrals'
import type { ReferralRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { MATCHED_ON_LABELS } from '../lib/labels'

/** Households that may be the same as the referred one: link the referral to one of them. */
export function DuplicatesPanel({ referral }: { referral: ReferralRead }) {
  const feedback = useFeedback()
  const linkTo = useLinkHousehold(referral, {
    onSuccess: (_, m) => feedback.ok(`La demande est rattachée au ménage ${m.display_name}.`),
    onError: feedback.fail,
  })
  return (
    <section aria-labelledby="s-duplicates" className="candidates">
      <h2 id="s-duplicates">Ménages peut-être déjà connus</h2>
      <Feedback message={feedback.message} />
      <ul className="candidates__list">
        {referral.possible_duplicates.map((m) => (
          <li key={m.id} className="candidates__item">
            <span>
              <strong>{m.display_name}</strong> – {m.commune}
              {m.phone ? ` – ${m.phone}` : ''}{' '}
              <span className="muted">({m.matched_on.map((k) => MATCHED_ON_LABELS[k] ?? k).join(', ')})</span>
            </span>
            <button type="button" className="button button--secondary button--small" disabled={linkTo.isPending} onClick={() => linkTo.mutate(m)}>
              Rattacher à ce ménage<span className="visually-hidden"> {m.display_name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}

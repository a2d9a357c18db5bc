import { useEffect, useRef } from 'react'
import { Link, useParams } from 'react-router'
import { useMyReferral } from '../api/referrals'
import type { ReferralStep } from '../api/types'
import { ReferralStatusBadge } from '../components/Badges'
import { Item } from '../components/DetailItem'
import { Loading, QueryError } from '../components/Status'
import { formatDateKey } from '../lib/datetime'
import { formatDate } from '../lib/format'
import { label, REFERRAL_REASON_LABELS, REFERRAL_STATUS_LABELS } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'

/** What each step means for the person who made the referral. */
const STEP_LABELS: Partial<Record<ReferralStep['status'], string>> = {
  received: 'Demande reçue par l’équipe SLIME',
  contacted: 'Ménage contacté',
  visit_scheduled: 'Visite planifiée',
  visited: 'Visite réalisée',
  report_sent: 'Compte-rendu envoyé',
  closed: 'Dossier clôturé',
}

/** `/mes-demandes/:referralId`: one referral the alert giver made, its steps and their dates (read only). */
export function MyReferralPage() {
  const id = Number(useParams().referralId)
  const referral = useMyReferral(id)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const loadedId = referral.data?.id
  usePageTitle(referral.data ? `Ma demande n° ${referral.data.id}` : 'Ma demande')

  // Once the referral is shown, the heading takes the focus so a screen reader starts there.
  useEffect(() => {
    if (loadedId !== undefined) headingRef.current?.focus()
  }, [loadedId])

  if (referral.isPending && referral.fetchStatus !== 'idle') return <Loading />
  if (referral.isError || !referral.data)
    return (
      <>
        <h1>Ma demande</h1>
        {referral.isError ? (
          <QueryError error={referral.error} notFound="Cette demande est introuvable." />
        ) : (
          <p role="alert" className="alert alert--error">
            Cette demande est introuvable.
          </p>
        )}
        <p>
          <Link to="/">Retour à mes demandes</Link>
        </p>
      </>
    )

  const r = referral.data
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/">Mes demandes</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Demande n° {r.id}</span>
      </nav>
      <h1 ref={headingRef} tabIndex={-1}>
        Demande n° {r.id} – {r.household_name}
      </h1>
      <p>
        <ReferralStatusBadge status={r.status} /> {r.commune}, envoyée le {formatDate(r.received_at)}
      </p>

      <section aria-labelledby="steps-title">
        <h2 id="steps-title">Où en est la demande</h2>
        <ol className="steps" aria-labelledby="steps-title">
          {r.steps.map((step) => (
            <li key={step.status} data-status={step.status}>
              <strong>{STEP_LABELS[step.status] ?? label(REFERRAL_STATUS_LABELS, step.status)}</strong>
              {' le '}
              <time dateTime={step.on}>{formatDateKey(step.on)}</time>
              {step.status === 'visit_scheduled' && r.visit_date && r.status === 'visit_scheduled' && (
                <>
                  {' '}
                  – visite prévue le <time dateTime={r.visit_date}>{formatDateKey(r.visit_date)}</time>
                </>
              )}
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="sent-title">
        <h2 id="sent-title">Ce que vous avez transmis</h2>
        <dl className="dl">
          <Item term="Motifs">
            {r.reasons.length > 0 ? r.reasons.map((reason) => label(REFERRAL_REASON_LABELS, reason)).join(', ') : ''}
          </Item>
          <Item term="Description">{r.description}</Item>
        </dl>
      </section>
      <p>
        <Link to="/">Retour à mes demandes</Link>
      </p>
    </>
  )
}

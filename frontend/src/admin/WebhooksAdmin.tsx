import { useRef, useState, type FormEvent } from 'react'
import { useOrganisations } from '../api/directory'
import { useDeactivateSubscription, useSendTestEvent, useSubscribe, useSubscriptions } from '../api/integrations'
import type { components } from '../api/schema'
import { ConfirmStep } from '../components/ConfirmStep'
import { Feedback } from '../components/Feedback'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { Field, FormAlert } from '../followup/Field'
import { ApiError } from '../lib/errors'
import { formatDate } from '../lib/format'
import { resultCountText } from '../lib/pagination'
import { usePageTitle } from '../lib/usePageTitle'
import { SecretPanel } from './tokens/SecretPanel'
import { DeliveryLog } from './webhooks/DeliveryLog'
import { checkSubscriptionForm } from './webhooks/webhookForm'

type Subscription = components['schemas']['WebhookSubscriptionRead']
type Created = components['schemas']['WebhookSubscriptionCreated']

const LANDLORD_KINDS = ['social_landlord', 'private_landlord']

/** Abonnements des bailleurs et journal des envois: subscribe (secret shown once), test event, deactivate. */
export function WebhooksAdmin() {
  usePageTitle('Abonnements webhook – Administration')
  const [offset, setOffset] = useState(0)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<Created | null>(null)
  const [open, setOpen] = useState<number | null>(null)
  const [confirming, setConfirming] = useState<Subscription | null>(null)
  const [busy, setBusy] = useState(false)
  const feedback = useFeedback()
  const newButton = useRef<HTMLButtonElement>(null)
  const subscriptions = useSubscriptions(offset)
  const sendTestEvent = useSendTestEvent()
  const deactivateSubscription = useDeactivateSubscription()

  const act = async (run: () => Promise<string>) => {
    setBusy(true)
    feedback.clear()
    try {
      feedback.ok(await run())
    } catch (e) {
      feedback.fail(e)
    } finally {
      setBusy(false)
    }
  }
  const sendTest = (s: Subscription) =>
    act(async () => {
      // Its delivery log is read again by the hook.
      await sendTestEvent.mutateAsync(s.id)
      setOpen(s.id)
      return `Événement de test mis en file pour ${s.organisation.name} : il part dans les secondes qui viennent et apparaît dans le journal.`
    })
  const deactivate = (s: Subscription) =>
    act(async () => {
      await deactivateSubscription.mutateAsync(s.id)
      setConfirming(null)
      return `L’abonnement de ${s.organisation.name} est désactivé : plus aucun événement ne lui sera envoyé.`
    })

  return (
    <>
      <h1>Abonnements webhook</h1>
      <p>
        Un bailleur peut recevoir des événements signés (synthèse technique partagée…) sur une adresse HTTPS publique
        de son système. Le journal montre chaque envoi, ses tentatives et la réponse obtenue.
      </p>
      {created ? (
        <SecretPanel
          id="webhook-secret"
          title={`Secret de signature pour ${created.organisation.name}`}
          secretLabel="Secret de signature (HMAC-SHA256) à transmettre au bailleur"
          secret={created.secret}
          onClose={() => {
            setCreated(null)
            newButton.current?.focus()
          }}
        />
      ) : creating ? (
        <SubscribeForm
          onCreated={(c) => {
            setCreating(false)
            setCreated(c)
          }}
          onCancel={() => {
            setCreating(false)
            newButton.current?.focus()
          }}
        />
      ) : (
        <p>
          <button ref={newButton} type="button" className="button" onClick={() => setCreating(true)}>
            Ajouter un abonnement
          </button>
        </p>
      )}
      <Feedback message={feedback.message} />
      <section aria-labelledby="subscriptions-title">
        <h2 id="subscriptions-title">Abonnements</h2>
        {subscriptions.isPending && <Loading />}
        {subscriptions.isError && <QueryError error={subscriptions.error} />}
        {subscriptions.data && (
          <>
            <p role="status">
              {resultCountText(subscriptions.data.total, offset, { one: 'abonnement', many: 'abonnements', none: 'Aucun abonnement.' })}
            </p>
            <ul className="admin-list">
              {subscriptions.data.items.map((s) => (
                <li key={s.id} className="card">
                  <h3 className="h-small">
                    {s.organisation.name} <span className={`badge badge--${s.active ? 'done' : 'stopped'}`}>{s.active ? 'Actif' : 'Désactivé'}</span>
                  </h3>
                  <p className="break-anywhere">
                    <code>{s.url}</code>
                    <br />
                    <small>Créé le {formatDate(s.created_at)}</small>
                  </p>
                  <div className="form-actions">
                    <button type="button" className="button button--secondary" aria-expanded={open === s.id} onClick={() => setOpen(open === s.id ? null : s.id)}>
                      {open === s.id ? 'Masquer le journal' : 'Voir le journal des envois'}
                      <span className="visually-hidden"> de {s.organisation.name}</span>
                    </button>
                    {s.active && (
                      <>
                        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void sendTest(s)}>
                          Envoyer un événement de test<span className="visually-hidden"> à {s.organisation.name}</span>
                        </button>
                        <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirming(s)}>
                          Désactiver<span className="visually-hidden"> l’abonnement de {s.organisation.name}</span>
                        </button>
                      </>
                    )}
                  </div>
                  {confirming?.id === s.id && (
                    <ConfirmStep
                      id={`deactivate-${s.id}`}
                      question={`Désactiver l’abonnement de ${s.organisation.name} ? Plus aucun événement ne sera envoyé à cette adresse.`}
                      busy={busy}
                      onConfirm={() => void deactivate(s)}
                      onCancel={() => setConfirming(null)}
                    />
                  )}
                  {open === s.id && <DeliveryLog subscriptionId={s.id} title={`Journal des envois – ${s.organisation.name}`} />}
                </li>
              ))}
            </ul>
            <Pagination offset={offset} next={subscriptions.data.next} total={subscriptions.data.total} onGoTo={setOffset} />
          </>
        )}
      </section>
    </>
  )
}

function SubscribeForm({ onCreated, onCancel }: { onCreated: (c: Created) => void; onCancel: () => void }) {
  const organisations = useOrganisations()
  const landlords = (organisations.data ?? []).filter((o) => LANDLORD_KINDS.includes(o.kind))
  const [organisationId, setOrganisationId] = useState('')
  const [url, setUrl] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [alert, setAlert] = useState('')
  const [pending, setPending] = useState(false)
  const subscribe = useSubscribe()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAlert('')
    const checked = checkSubscriptionForm({ organisationId, url })
    setErrors(checked.errors)
    if (!checked.payload) {
      document.getElementById(`webhook-${Object.keys(checked.errors)[0]}`)?.focus()
      return
    }
    setPending(true)
    try {
      // The list of subscriptions is read again by the hook.
      onCreated(await subscribe.mutateAsync(checked.payload))
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])))
      setAlert(err instanceof ApiError ? err.detail : 'Une erreur est survenue.')
    } finally {
      setPending(false)
    }
  }
  return (
    <form onSubmit={submit} noValidate className="form card" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">Nouvel abonnement</h2>
      <div className="grid">
        <Field id="webhook-organisation_id" label="Bailleur" value={organisationId} onChange={setOrganisationId} error={errors.organisation_id} required>
          <option value="">— Choisir —</option>
          {landlords.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Field>
        <Field id="webhook-url" label="Adresse de réception" value={url} onChange={setUrl} error={errors.url} required maxLength={500} hint="Une adresse https:// publique du système du bailleur." />
      </div>
      <FormAlert text={alert} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          Ajouter l’abonnement
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  )
}

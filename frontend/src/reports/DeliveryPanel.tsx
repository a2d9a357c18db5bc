import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useReportPolling, useRetryDelivery, useSendReportCopy } from '../api/reports'
import type { DeliveryRead, ReportRead } from '../api/types'
import { ApiError } from '../lib/errors'
import { CHANNEL_LABELS, DELIVERY_STATUS_LABELS, RECIPIENT_LABELS, type Channel, type Recipient } from '../lib/labels'
import { channelsFor, consentState, formatLogTime } from '../lib/reports'
import { ScrollRegion } from '../components/ScrollRegion'

const RECIPIENTS: Recipient[] = ['household', 'prescriber', 'landlord']

/** How often the panel looks again while an e-mailed copy waits in the outbox. */
export const PENDING_REFRESH_MS = 5000

function successText(channel: Channel, name: string): string {
  if (channel === 'email')
    return `Copie « ${name} » mise en file d'envoi par e-mail : elle part dans quelques instants (« en attente » dans le journal).`
  if (channel === 'api') return `Copie « ${name} » mise à disposition sur l'espace bailleur.`
  return `Envoi par courrier enregistré (copie « ${name} »).`
}

/** Sending a validated report: one form per recipient, then the delivery log. E-mail is offered only
 * when the server sends e-mail (`email_available`); e-mailed copies leave through the outbox, so the log
 * shows them « en attente » until delivered, and is refreshed meanwhile. Every answer (the report with
 * its log) is stored as the page's report by the hooks of src/api/reports.ts. */
export function DeliveryPanel({ report }: { report: ReportRead }) {
  const waiting = report.deliveries.some((d) => d.status === 'pending')
  useReportPolling(report.id, waiting, PENDING_REFRESH_MS)
  return (
    <section aria-labelledby="s-send">
      <h2 id="s-send">Envoi du compte-rendu</h2>
      {!report.email_available && (
        <p className="hint" data-testid="no-email">
          L&apos;envoi par e-mail n&apos;est pas configuré sur ce serveur : les copies partent par courrier.
        </p>
      )}
      <div className="cards">
        {RECIPIENTS.map((r) => (
          <RecipientForm key={r} report={report} recipient={r} />
        ))}
      </div>
      <DeliveryLog report={report} />
    </section>
  )
}

function ConsentLine({ report, recipient }: { report: ReportRead; recipient: Recipient }) {
  const state = consentState(report, recipient)
  if (state === 'not_needed') return <p className="consent consent--ok">Aucun accord nécessaire : c&apos;est la copie du ménage.</p>
  const what = recipient === 'landlord' ? 'au bailleur' : 'au prescripteur'
  return state === 'given' ? (
    <p className="consent consent--ok">
      <span aria-hidden="true">✔ </span>Le ménage a donné son accord pour la transmission {what}.
    </p>
  ) : (
    <p className="consent consent--missing">
      <span aria-hidden="true">✖ </span>Pas d&apos;accord du ménage pour la transmission {what}.{' '}
      <Link to={`/menages/${report.household_id}#s-consents`}>Enregistrer le consentement sur la fiche du ménage</Link>
    </p>
  )
}

function RecipientForm({ report, recipient }: { report: ReportRead; recipient: Recipient }) {
  const sendCopy = useSendReportCopy(report.id)
  const channels = channelsFor(recipient).filter((c) => c !== 'email' || report.email_available)
  const [channel, setChannel] = useState<Channel>(report.email_available ? 'email' : 'post')
  const [address, setAddress] = useState('')
  const [pending, setPending] = useState(false)
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null)
  const p = `send-${recipient}`
  const name = RECIPIENT_LABELS[recipient]

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    setPending(true)
    setMessage(null)
    try {
      await sendCopy.mutateAsync({ recipient, channel, address: channel === 'api' ? null : address.trim() || null })
      setAddress('')
      setMessage({ kind: 'success', text: successText(channel, name) })
    } catch (err) {
      let text = err instanceof ApiError ? err.detail : 'Une erreur est survenue.'
      if (err instanceof ApiError && err.fields.length) text = err.fields.map((f) => f.message).join(' ')
      setMessage({ kind: 'error', text })
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="card" aria-labelledby={`${p}-title`}>
      <h3 id={`${p}-title`}>{name}</h3>
      <ConsentLine report={report} recipient={recipient} />
      <fieldset className="fieldset">
        <legend>Envoi à : {name.toLowerCase()}</legend>
        {channels.map((c) => (
          <div key={c} className="radio">
            <input
              type="radio"
              id={`${p}-${c}`}
              name={`${p}-channel`}
              value={c}
              checked={channel === c}
              onChange={() => setChannel(c)}
            />
            <label htmlFor={`${p}-${c}`}>{CHANNEL_LABELS[c]}</label>
          </div>
        ))}
      </fieldset>
      {channel !== 'api' && (
        <div className="field">
          <label htmlFor={`${p}-address`}>
            {channel === 'email' ? 'Adresse e-mail' : 'Adresse postale'} ({name.toLowerCase()})
          </label>
          <p className="hint" id={`${p}-address-hint`}>
            Laissez vide pour utiliser l&apos;adresse du dossier.
          </p>
          <input
            id={`${p}-address`}
            type={channel === 'email' ? 'email' : 'text'}
            maxLength={400}
            autoComplete="off"
            value={address}
            aria-describedby={`${p}-address-hint`}
            onChange={(e) => setAddress(e.target.value)}
          />
        </div>
      )}
      <div aria-live="polite">
        {message && (
          <p role={message.kind === 'error' ? 'alert' : 'status'} className={`alert alert--${message.kind}`}>
            {message.text}
          </p>
        )}
      </div>
      <button type="submit" className="button" disabled={pending}>
        Envoyer<span className="visually-hidden"> la copie « {name} »</span>
      </button>
    </form>
  )
}

function errorText(d: DeliveryRead): string {
  if (!d.error) return ''
  if (d.error === 'ConsentWithdrawn') return 'Accord du ménage retiré avant l\'envoi'
  const attempts = d.attempts > 1 ? ` (${d.attempts} tentatives)` : ''
  return `${d.error}${attempts}`
}

function DeliveryLog({ report }: { report: ReportRead }) {
  const retryDelivery = useRetryDelivery(report.id)
  const canRetry = report.allowed_actions.includes('send') && report.email_available
  const [retrying, setRetrying] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const retry = async (d: DeliveryRead) => {
    setRetrying(d.id)
    setProblem(null)
    try {
      await retryDelivery.mutateAsync(d.id)
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'Une erreur est survenue.')
    } finally {
      setRetrying(null)
    }
  }
  return (
    <>
      <h3>Journal des envois</h3>
      {problem && (
        <p role="alert" className="alert alert--error">
          {problem}
        </p>
      )}
      {report.deliveries.length === 0 ? (
        <p className="muted">Aucun envoi pour l&apos;instant.</p>
      ) : (
        <ScrollRegion label="Envois du compte-rendu, le plus ancien en premier">
          <table className="table" data-testid="delivery-log">
            <caption className="visually-hidden">Envois du compte-rendu, le plus ancien en premier</caption>
            <thead>
              <tr>
                <th scope="col">Destinataire</th>
                <th scope="col">Canal</th>
                <th scope="col">Adresse</th>
                <th scope="col">Date</th>
                <th scope="col">État</th>
                <th scope="col">Erreur</th>
              </tr>
            </thead>
            <tbody>
              {report.deliveries.map((d) => (
                <tr key={d.id}>
                  <td>{RECIPIENT_LABELS[d.recipient]}</td>
                  <td>{CHANNEL_LABELS[d.channel]}</td>
                  <td className="prewrap">{d.address}</td>
                  <td>
                    <time dateTime={d.at}>{formatLogTime(d.at)}</time>
                  </td>
                  <td>{DELIVERY_STATUS_LABELS[d.status]}</td>
                  <td>
                    {errorText(d)}
                    {canRetry && d.status === 'failed' && d.channel === 'email' && d.error !== 'ConsentWithdrawn' && (
                      <button
                        type="button"
                        className="button button--small"
                        disabled={retrying === d.id}
                        onClick={() => void retry(d)}
                      >
                        Réessayer<span className="visually-hidden"> l&apos;envoi « {RECIPIENT_LABELS[d.recipient]} »</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </>
  )
}

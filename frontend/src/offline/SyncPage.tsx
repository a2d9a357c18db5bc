import { useEffect, useState } from 'react'
import { Link } from 'react-router'
import { Loading } from '../components/Status'
import { formatDateTime, formatSlot } from '../lib/datetime'
import { ApiError } from '../lib/errors'
import { usePageTitle } from '../lib/usePageTitle'
import { ConfirmDialog } from './components'
import { db, META_PREPARED, type OutboxItem } from './db'
import { diffFields, fieldLabel, mergeChoices, summarise, type FieldDiff, type Side } from './merge'
import type { Prepared } from './prepare'
import { discardItem, queueItems } from './queue'
import { currentOwner, useLive, useOffline } from './store'
import { readServerRecord, resolveConflict, runSync } from './sync'
import { ScrollRegion } from '../components/ScrollRegion'

const STATUS_LABELS: Record<OutboxItem['status'], string> = {
  pending: 'En attente',
  conflict: 'Conflit : modifié sur le serveur',
  failed: 'Refusé par le serveur',
}

/** /synchronisation – what waits on this device, the refused changes and the conflicts to settle. */
export function SyncPage() {
  usePageTitle('Synchronisation')
  const offline = useOffline()
  const owner = currentOwner()
  const items = useLive(() => queueItems(), [owner])
  const prepared = useLive(async () => (await db.meta.get(META_PREPARED))?.value as Prepared | undefined)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [comparing, setComparing] = useState<number | null>(null)
  const [discarding, setDiscarding] = useState<OutboxItem | null>(null)

  const syncNow = async () => {
    setBusy(true)
    setMessage('')
    const sent = await runSync()
    setBusy(false)
    setMessage(sent ? `${sent} modification(s) envoyée(s).` : 'Rien n’a pu être envoyé pour le moment.')
  }
  const retry = async (item: OutboxItem) => {
    if (item.id === undefined) return
    await db.outbox.update(item.id, { status: 'pending', error: null })
    await syncNow()
  }

  return (
    <>
      <h1>Synchronisation</h1>
      <p>
        {offline
          ? 'Vous êtes hors ligne : les modifications sont gardées sur cet appareil et seront envoyées au retour du réseau.'
          : 'Le réseau est disponible : les modifications en attente sont envoyées dans l’ordre.'}
      </p>
      <div aria-live="polite">{message && <p role="status" className="alert alert--success">{message}</p>}</div>
      <section aria-labelledby="s-queue">
        <h2 id="s-queue">Modifications de cet appareil</h2>
        {items === undefined ? (
          <Loading />
        ) : items.length === 0 ? (
          <p>Aucune modification en attente : tout est enregistré sur le serveur.</p>
        ) : (
          <>
            <ul className="plain-list sync-list">
              {items.map((item) => (
                <li key={item.id} className={`sync-item sync-item--${item.status}`}>
                  <p>
                    <strong>{item.label}</strong> – {STATUS_LABELS[item.status]}
                    <span className="muted"> (le {formatDateTime(new Date(item.createdAt))})</span>
                  </p>
                  {item.error && <p className="field-error">{item.error}</p>}
                  <div className="action-bar">
                    {item.status === 'conflict' && (
                      <button type="button" className="button button--small" onClick={() => setComparing(item.id ?? null)} aria-expanded={comparing === item.id}>
                        Comparer et choisir
                      </button>
                    )}
                    {item.status === 'failed' && (
                      <button type="button" className="button button--small" disabled={busy || offline} onClick={() => void retry(item)}>
                        Réessayer
                      </button>
                    )}
                    <button type="button" className="button button--small button--secondary" onClick={() => setDiscarding(item)}>
                      Abandonner cette modification
                    </button>
                  </div>
                  {comparing === item.id && item.status === 'conflict' && (
                    <ConflictView item={item} onDone={(m) => { setComparing(null); setMessage(m) }} />
                  )}
                </li>
              ))}
            </ul>
            <button type="button" className="button" disabled={busy || offline} onClick={() => void syncNow()}>
              Envoyer maintenant
            </button>
          </>
        )}
      </section>
      <section aria-labelledby="s-prepared">
        <h2 id="s-prepared">Visites préparées sur cet appareil</h2>
        {prepared?.visits.length ? (
          <ul>
            {prepared.visits.map((v) => (
              <li key={v.id}>
                <Link to={`/visites/${v.id}`}>{v.label}</Link> – {formatSlot(v.startsAt)}
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucune visite préparée.</p>
        )}
      </section>
      {discarding && (
        <ConfirmDialog
          title="Abandonner cette modification ?"
          message={`« ${discarding.label} » : ce qui a été saisi sur cet appareil sera perdu, sans être envoyé.`}
          confirm="Abandonner la modification"
          cancel="Garder la modification"
          onCancel={() => setDiscarding(null)}
          onConfirm={() => {
            const id = discarding.id
            setDiscarding(null)
            if (id !== undefined) void discardItem(id).then(() => setMessage('La modification a été abandonnée.'))
          }}
        />
      )}
    </>
  )
}

/** The device's and the server's values, field by field, with a choice per differing field. */
function ConflictView({ item, onDone }: { item: OutboxItem; onDone: (message: string) => void }) {
  const [state, setState] = useState<{ server: Record<string, unknown>; diffs: FieldDiff[] } | null>(null)
  const [error, setError] = useState('')
  const [choices, setChoices] = useState<Record<string, Side>>({})

  useEffect(() => {
    let cancelled = false
    readServerRecord(item.recordUrl ?? item.path)
      .then((server) => {
        if (cancelled) return
        const record = server ?? {}
        setState({ server: record, diffs: diffFields(item.body, record) })
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof ApiError ? e.detail : 'Lecture impossible.')
      })
    return () => {
      cancelled = true
    }
    // Read once per item (the live list gives a new object on every change of the queue).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [item.id])
  if (error) return <p className="field-error">{error}</p>
  if (!state) return <Loading label="Lecture de la version du serveur…" />

  const save = async () => {
    try {
      await resolveConflict(item, mergeChoices(item.body, state.server, choices))
      onDone('Votre choix a été enregistré sur le serveur.')
    } catch (e) {
      setError(e instanceof ApiError ? e.detail : 'L’enregistrement a échoué.')
    }
  }
  return (
    <div className="conflict">
      {state.diffs.length === 0 ? (
        <p>Les deux versions sont identiques : enregistrer reprend simplement la version du serveur.</p>
      ) : (
        <ScrollRegion label="Choisissez, champ par champ, la valeur à garder">
          <table className="table conflict-table">
            <caption>Choisissez, champ par champ, la valeur à garder</caption>
            <thead>
              <tr>
                <th scope="col">Champ</th>
                <th scope="col">Sur cet appareil</th>
                <th scope="col">Sur le serveur</th>
              </tr>
            </thead>
            <tbody>
              {state.diffs.map((d) => {
                const side = choices[d.field] ?? 'local'
                const name = `choice-${item.id}-${d.field}`
                return (
                  <tr key={d.field}>
                    <th scope="row">{fieldLabel(d.field)}</th>
                    {(['local', 'server'] as Side[]).map((s) => (
                      <td key={s}>
                        <label className="radio">
                          <input
                            type="radio"
                            name={name}
                            checked={side === s}
                            onChange={() => setChoices((c) => ({ ...c, [d.field]: s }))}
                            aria-label={`${fieldLabel(d.field)} : garder la valeur ${s === 'local' ? 'de cet appareil' : 'du serveur'}`}
                          />
                          <span>{summarise(s === 'local' ? d.local : d.server)}</span>
                        </label>
                      </td>
                    ))}
                  </tr>
                )
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <button type="button" className="button" onClick={() => void save()}>
        Enregistrer ce choix
      </button>
    </div>
  )
}

import { useContext, useEffect, useRef, useState } from 'react'
import { Link, UNSAFE_DataRouterContext, useBlocker } from 'react-router'
import { useAuth } from '../auth/AuthContext'
import { formatDateTime } from '../lib/datetime'
import { db, META_PREPARED } from './db'
import type { DraftState } from './drafts'
import { mayPrepare, prepareVisits, type Prepared } from './prepare'
import { currentOwner, useLive, useOffline } from './store'

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`

/** « Enregistré », « Brouillon sur cet appareil » or « Hors ligne : N modifications en attente ». */
export function SaveStateBadge({ draft }: { draft: Pick<DraftState, 'dirty' | 'hasDraft' | 'pending'> }) {
  const offline = useOffline()
  let text = 'Enregistré'
  let tone = 'saved'
  if (draft.pending > 0) {
    text = `${offline ? 'Hors ligne' : 'En attente de synchronisation'} : ${plural(draft.pending, 'modification en attente', 'modifications en attente')}`
    tone = 'pending'
  } else if (draft.dirty || draft.hasDraft) {
    text = 'Brouillon sur cet appareil'
    tone = 'draft'
  }
  return (
    <p role="status" className={`save-state save-state--${tone}`} data-testid="save-state">
      {text}
      {draft.pending > 0 && (
        <>
          {' '}
          <Link to="/synchronisation">Voir la synchronisation</Link>
        </>
      )}
    </p>
  )
}

/** The notice above a form that opened on a draft of this device. */
export function DraftNotice({ restoredAt, onDiscard }: { restoredAt: number | null; onDiscard: () => void }) {
  if (restoredAt === null) return null
  return (
    <div className="alert alert--info draft-notice" role="status">
      <p>Brouillon restauré de cet appareil ({formatDateTime(new Date(restoredAt))}).</p>
      <button type="button" className="button button--secondary button--small" onClick={onDiscard}>
        Revenir à la version enregistrée
      </button>
    </div>
  )
}

/** A French confirmation dialog (modal, focus kept inside, Escape answers no). */
export function ConfirmDialog({
  title,
  message,
  confirm,
  cancel,
  onConfirm,
  onCancel,
}: {
  title: string
  message: string
  confirm: string
  cancel: string
  onConfirm: () => void
  onCancel: () => void
}) {
  const stay = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null
    stay.current?.focus()
    return () => previous?.focus?.()
  }, [])
  return (
    <div className="confirm-backdrop">
      <div
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-message"
        className="confirm-dialog"
        onKeyDown={(e) => {
          if (e.key === 'Escape') onCancel()
          if (e.key === 'Tab') {
            const buttons = [...e.currentTarget.querySelectorAll('button')]
            const i = buttons.indexOf(document.activeElement as HTMLButtonElement)
            e.preventDefault()
            buttons[(i + (e.shiftKey ? buttons.length - 1 : 1)) % buttons.length]?.focus()
          }
        }}
      >
        <h2 id="confirm-title">{title}</h2>
        <p id="confirm-message">{message}</p>
        <div className="form-actions">
          <button type="button" className="button" ref={stay} onClick={onCancel}>
            {cancel}
          </button>
          <button type="button" className="button button--secondary" onClick={onConfirm}>
            {confirm}
          </button>
        </div>
      </div>
    </div>
  )
}

const LEAVE_MESSAGE = 'Des modifications ne sont pas enregistrées sur le serveur. Elles restent en brouillon sur cet appareil.'

/** Asks before leaving a page with unsaved changes (links, back button, closing the tab). */
export function LeaveGuard({ when }: { when: boolean }) {
  useEffect(() => {
    if (!when) return
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = LEAVE_MESSAGE
    }
    window.addEventListener('beforeunload', onBeforeUnload)
    return () => window.removeEventListener('beforeunload', onBeforeUnload)
  }, [when])
  // Blocking in-app navigation needs a data router (main.tsx); the tests' MemoryRouter has none.
  const dataRouter = useContext(UNSAFE_DataRouterContext)
  return dataRouter ? <RouterLeaveGuard when={when} /> : null
}

function RouterLeaveGuard({ when }: { when: boolean }) {
  const blocker = useBlocker(({ currentLocation, nextLocation }) => when && currentLocation.pathname !== nextLocation.pathname)
  if (blocker.state !== 'blocked') return null
  return (
    <ConfirmDialog
      title="Quitter la page ?"
      message={LEAVE_MESSAGE}
      confirm="Quitter la page"
      cancel="Rester sur la page"
      onConfirm={() => blocker.proceed()}
      onCancel={() => blocker.reset()}
    />
  )
}

/** The queue's state in the header: a link to « Synchronisation » when something waits or the network is gone. */
export function SyncBadge() {
  const offline = useOffline()
  const owner = currentOwner()
  const counts = useLive(async () => {
    const items = owner === null ? [] : await db.outbox.where('owner').equals(owner).toArray()
    return { pending: items.filter((i) => i.status === 'pending').length, stuck: items.filter((i) => i.status !== 'pending').length }
  }, [owner])
  const pending = counts?.pending ?? 0
  const stuck = counts?.stuck ?? 0
  if (!offline && !pending && !stuck) return null
  const parts = [
    offline ? 'Hors ligne' : null,
    pending ? plural(pending, 'modification en attente', 'modifications en attente') : null,
    stuck ? plural(stuck, 'à vérifier', 'à vérifier') : null,
  ].filter(Boolean)
  return (
    <Link to="/synchronisation" className={`sync-badge${stuck ? ' sync-badge--alert' : ''}`} data-testid="sync-badge">
      {parts.join(' : ')}
    </Link>
  )
}

/** « Préparer mes visites » and what is ready on the device. */
export function PreparePanel() {
  const { me } = useAuth()
  const offline = useOffline()
  const prepared = useLive(async () => (await db.meta.get(META_PREPARED))?.value as Prepared | undefined)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  if (!mayPrepare(me)) return null
  const onPrepare = async () => {
    if (!me) return
    setBusy(true)
    setError('')
    try {
      await prepareVisits(me)
    } catch {
      setError('La préparation a échoué : vérifiez la connexion et réessayez.')
    } finally {
      setBusy(false)
    }
  }
  const n = prepared?.visits.length ?? 0
  return (
    <div className="prepare-panel">
      <p role="status" className="prepare-panel__status" data-testid="prepare-status">
        {busy
          ? 'Préparation des visites…'
          : prepared
            ? `${plural(n, 'visite prête', 'visites prêtes')} hors ligne (préparées le ${formatDateTime(new Date(prepared.at))})`
            : 'Aucune visite préparée hors ligne sur cet appareil.'}
      </p>
      {error && <p className="field-error">{error}</p>}
      <button type="button" className="button button--small button--secondary" disabled={busy || offline} onClick={() => void onPrepare()}>
        Préparer mes visites
      </button>
    </div>
  )
}

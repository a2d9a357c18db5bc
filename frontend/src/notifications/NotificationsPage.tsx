import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { Feedback } from '../components/Feedback'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { formatDateTime } from '../lib/datetime'
import { usePageTitle } from '../lib/usePageTitle'
import { NOTIFICATION_CHANNEL_LABELS, NOTIFICATION_KIND_LABELS } from './labels'
import { useMarkAllRead, useMarkRead, useNotifications, usePreferences, useSavePreferences } from '../api/notifications'
import type { NotificationChannel, NotificationKind, NotificationRead } from './types'

/** /notifications – one's notifications, newest first (unread in bold), and the choice of channel per kind. */
export function NotificationsPage() {
  usePageTitle('Notifications')
  return (
    <>
      <h1>Notifications</h1>
      <NotificationList />
      <PreferencesForm />
    </>
  )
}

export function NotificationList() {
  const [offset, setOffset] = useState(0)
  const [unreadOnly, setUnreadOnly] = useState(false)
  const list = useNotifications(offset, unreadOnly)
  const markRead = useMarkRead()
  const markAll = useMarkAllRead()
  const feedback = useFeedback()
  const hasUnread = list.data?.items.some((n) => n.read_at === null) ?? false

  const onMarkAll = () => {
    markAll.mutate(undefined, {
      onSuccess: (r) =>
        feedback.ok(r.marked === 0 ? 'Rien à marquer : tout était déjà lu.' : `${r.marked} notification(s) marquée(s) comme lue(s).`),
      onError: feedback.fail,
    })
  }

  return (
    <section aria-labelledby="notifications-list">
      <h2 id="notifications-list" className="visually-hidden">
        Liste des notifications
      </h2>
      <div className="notifications-toolbar">
        <div className="checkbox">
          <input
            id="unread-only"
            type="checkbox"
            checked={unreadOnly}
            onChange={(e) => {
              setUnreadOnly(e.target.checked)
              setOffset(0)
            }}
          />
          <label htmlFor="unread-only">Non lues seulement</label>
        </div>
        <button type="button" className="button button--secondary" onClick={onMarkAll} disabled={markAll.isPending}>
          Tout marquer comme lu
        </button>
      </div>
      <Feedback message={feedback.message} />
      {list.isPending && <Loading />}
      {list.isError && <QueryError error={list.error} />}
      {list.data &&
        (list.data.items.length === 0 ? (
          <p className="muted">{unreadOnly ? 'Aucune notification non lue.' : 'Aucune notification pour le moment.'}</p>
        ) : (
          <>
            <p className="muted" aria-live="off">
              {list.data.total} notification(s){hasUnread ? ' ; les non lues sont en gras.' : '.'}
            </p>
            <ul className="notifications">
              {list.data.items.map((n) => (
                <NotificationItem key={n.id} notification={n} onOpen={() => n.read_at === null && markRead.mutate(n.id)} />
              ))}
            </ul>
            <Pagination offset={offset} next={list.data.next} total={list.data.total} onGoTo={setOffset} />
          </>
        ))}
    </section>
  )
}

function NotificationItem({ notification: n, onOpen }: { notification: NotificationRead; onOpen: () => void }) {
  const unread = n.read_at === null
  return (
    <li className={unread ? 'notification notification--unread' : 'notification'}>
      <Link to={n.link} onClick={onOpen}>
        {unread && <span className="visually-hidden">Non lue :</span>} {n.title}
      </Link>
      <span className="notification__meta">
        {NOTIFICATION_KIND_LABELS[n.kind]} – {formatDateTime(n.created_at)}
      </span>
    </li>
  )
}

export function PreferencesForm() {
  const prefs = usePreferences()
  const save = useSavePreferences()
  const feedback = useFeedback()
  // The person's choices over what is stored (no copy of the server's state to keep in sync).
  const [edits, setEdits] = useState<Partial<Record<NotificationKind, NotificationChannel>>>({})
  const stored = Object.fromEntries((prefs.data?.preferences ?? []).map((p) => [p.kind, p.channel]))
  const values: Partial<Record<NotificationKind, NotificationChannel>> = { ...stored, ...edits }

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const preferences = Object.entries(values).map(([kind, channel]) => ({
      kind: kind as NotificationKind,
      channel: channel as NotificationChannel,
    }))
    save.mutate(preferences, { onSuccess: () => feedback.ok('Préférences enregistrées.'), onError: feedback.fail })
  }

  return (
    <section aria-labelledby="notification-preferences" className="notification-preferences">
      <h2 id="notification-preferences">Comment être prévenu</h2>
      <p className="hint" id="preferences-help">
        Chaque notification apparaît dans l&apos;application. Vous pouvez aussi la recevoir dans un résumé envoyé
        une fois par jour par e-mail (titres et liens seulement).
      </p>
      {prefs.isPending && <Loading />}
      {prefs.isError && <QueryError error={prefs.error} />}
      {prefs.data && (
        <form onSubmit={onSubmit} aria-describedby="preferences-help" noValidate>
          {!prefs.data.digest_available && (
            <p className="alert alert--info">
              L&apos;envoi d&apos;e-mails n&apos;est pas configuré sur ce serveur : le résumé quotidien ne part pas pour
              l&apos;instant.
            </p>
          )}
          {prefs.data.preferences.map(({ kind }) => (
            <fieldset key={kind} className="fieldset">
              <legend>{NOTIFICATION_KIND_LABELS[kind]}</legend>
              <div className="radio-row">
                {(Object.keys(NOTIFICATION_CHANNEL_LABELS) as NotificationChannel[]).map((channel) => (
                  <label key={channel} className="radio">
                    <input
                      type="radio"
                      name={`channel-${kind}`}
                      value={channel}
                      checked={values[kind] === channel}
                      onChange={() => setEdits((v) => ({ ...v, [kind]: channel }))}
                    />
                    {NOTIFICATION_CHANNEL_LABELS[channel]}
                  </label>
                ))}
              </div>
            </fieldset>
          ))}
          <Feedback message={feedback.message} />
          <button type="submit" className="button" disabled={save.isPending}>
            Enregistrer les préférences
          </button>
        </form>
      )}
    </section>
  )
}

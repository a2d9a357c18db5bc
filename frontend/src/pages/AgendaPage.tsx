import { useMemo, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import {
  useAddUnavailability,
  useAgenda,
  useCreateCalendarFeed,
  useDeleteUnavailability,
  useRevokeCalendarFeed,
  useUsualPartner,
} from '../api/agenda'
import { useUsers } from '../api/directory'
import type { AgendaEntry, UnavailabilityKind } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { DateField } from '../components/DateField'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { Loading, QueryError } from '../components/Status'
import {
  addDays,
  formatDateKey,
  formatDayName,
  formatTime,
  isDateKey,
  isoWeekday,
  mondayOf,
  parisDateKey,
  parisLocalToIso,
  todayKey,
  weekDays,
} from '../lib/datetime'
import { label, options, UNAVAILABILITY_KIND_LABELS, VISIT_STATUS_LABELS } from '../lib/labels'
import { isoToFrenchDate, readDateField } from '../lib/parse'
import { rememberedPartner } from '../lib/partner'
import { usePageTitle } from '../lib/usePageTitle'

/** This week; on a Saturday or Sunday, the week to come. */
function defaultMonday(): string {
  const today = todayKey()
  return isoWeekday(today) < 5 ? mondayOf(today) : addDays(mondayOf(today), 7)
}

export function AgendaPage() {
  usePageTitle('Agenda')
  const { me } = useAuth()
  const [params, setParams] = useSearchParams()
  const requested = params.get('semaine')
  const monday = isDateKey(requested) ? mondayOf(requested) : defaultMonday()
  const sunday = addDays(monday, 6)
  const days = weekDays(monday)
  const weekend = [addDays(monday, 5), sunday]

  const coordinators = useUsers('coordinator')
  const advisors = useUsers('advisor')
  const people = useMemo(() => {
    const all = [...(coordinators.data ?? []), ...(advisors.data ?? [])]
    const seen = new Set<number>()
    return all.filter((u) => !seen.has(u.id) && seen.add(u.id))
  }, [coordinators.data, advisors.data])

  // Default: me and my usual partner, until the person picks others.
  const [chosen, setChosen] = useState<number[] | null>(null)
  const usual = useUsualPartner(
    me?.id,
    people.map((u) => u.id),
    addDays(todayKey(), -31),
    addDays(todayKey(), 30),
  )
  let selected: number[] | null = chosen
  if (!selected && me && usual !== undefined && !coordinators.isPending && !advisors.isPending) {
    const partner = usual ?? rememberedPartner(me.id)
    selected = partner && partner !== me.id ? [me.id, partner] : [me.id]
  }
  const userIds = selected ?? []
  const agenda = useAgenda(userIds, monday, sunday)
  const names = new Map((agenda.data?.people ?? []).map((p) => [p.id, p.full_name]))
  const goWeek = (key: string) => setParams(key === defaultMonday() ? {} : { semaine: key })
  const toggle = (id: number, on: boolean) => {
    const cur = selected ?? []
    if (on) setChosen(cur.includes(id) ? cur : [...cur, id])
    else {
      const next = cur.filter((x) => x !== id)
      setChosen(next.length ? next : cur)
    }
  }

  const byDay = (day: string) => (agenda.data?.entries ?? []).filter((e) => parisDateKey(e.starts_at) === day)
  const weekendEntries = weekend.flatMap(byDay)

  return (
    <>
      <h1>Agenda</h1>
      <nav aria-label="Semaines" className="week-nav">
        <button type="button" className="button button--secondary" onClick={() => goWeek(addDays(monday, -7))}>
          <span aria-hidden="true">← </span>Semaine précédente
        </button>
        <p className="week-nav__label" aria-live="polite">
          Semaine du {formatDateKey(monday)} au {formatDateKey(addDays(monday, 4))}
        </p>
        <button type="button" className="button button--secondary" onClick={() => goWeek(addDays(monday, 7))}>
          Semaine suivante<span aria-hidden="true"> →</span>
        </button>
        {monday !== defaultMonday() && (
          <button type="button" className="button button--secondary" onClick={() => goWeek(defaultMonday())}>
            {isoWeekday(todayKey()) < 5 ? 'Cette semaine' : 'Semaine à venir'}
          </button>
        )}
      </nav>

      {people.length > 0 && (
        <fieldset className="fieldset people-picker">
          <legend>Agendas affichés</legend>
          <ul className="checkbox-list checkbox-list--inline">
            {people.map((u) => (
              <li key={u.id} className="checkbox">
                <input
                  type="checkbox"
                  id={`person-${u.id}`}
                  checked={userIds.includes(u.id)}
                  onChange={(e) => toggle(u.id, e.target.checked)}
                />
                <label htmlFor={`person-${u.id}`}>
                  {u.full_name}
                  {u.id === me?.id ? ' (moi)' : ''}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}

      {agenda.isError && <QueryError error={agenda.error} />}
      {(agenda.isPending || !selected) && <Loading />}
      {agenda.data && (
        <div className="week" aria-label={`Semaine du ${formatDateKey(monday)}`} role="group">
          {days.map((day) => (
            <section key={day} className={`week__day${day === todayKey() ? ' week__day--today' : ''}`} aria-labelledby={`day-${day}`}>
              <h2 id={`day-${day}`} className="week__title">
                {formatDayName(day)}
                {day === todayKey() && <span className="visually-hidden"> (aujourd&apos;hui)</span>}
              </h2>
              <Entries entries={byDay(day)} names={names} meId={me?.id} />
            </section>
          ))}
        </div>
      )}
      {agenda.data && weekendEntries.length > 0 && (
        <section aria-labelledby="day-weekend" className="week__weekend">
          <h2 id="day-weekend" className="week__title">
            Week-end
          </h2>
          <Entries entries={weekendEntries} names={names} meId={me?.id} withDay />
        </section>
      )}

      <div className="cards agenda-tools">
        <UnavailabilityForm />
        <CalendarFeed />
      </div>
    </>
  )
}

function Entries({
  entries,
  names,
  meId,
  withDay = false,
}: {
  entries: AgendaEntry[]
  names: Map<number, string>
  meId?: number
  withDay?: boolean
}) {
  const feedback = useFeedback()
  const remove = useDeleteUnavailability({ onSuccess: () => feedback.ok('Indisponibilité supprimée.'), onError: feedback.fail })
  if (entries.length === 0) return <p className="muted week__empty">Rien de prévu.</p>
  return (
    <>
      <Feedback message={feedback.message} />
      <ul className="entries">
        {entries.map((e) => {
          const who = e.user_ids.map((id) => names.get(id) ?? `n° ${id}`).join(', ')
          const time = `${withDay ? `${formatDayName(parisDateKey(e.starts_at))}, ` : ''}${formatTime(e.starts_at)} – ${formatTime(e.ends_at)}`
          const isVisit = e.kind === 'visit'
          return (
            <li key={`${e.kind}-${e.id}`} className={`entry entry--${e.kind}`}>
              <p className="entry__time">
                <time dateTime={e.starts_at}>{time}</time>
              </p>
              <p className="entry__title">
                {isVisit && e.household_id ? <Link to={`/visites/${e.id}`}>{e.title}</Link> : e.title}
              </p>
              <p className="entry__meta">
                {isVisit
                  ? e.status && e.status !== 'planned'
                    ? label(VISIT_STATUS_LABELS, e.status as keyof typeof VISIT_STATUS_LABELS)
                    : 'Visite'
                  : label(UNAVAILABILITY_KIND_LABELS, e.status as UnavailabilityKind)}
                {' – '}
                {who}
              </p>
              {!isVisit && meId !== undefined && e.user_ids.includes(meId) && (
                <button
                  type="button"
                  className="button button--secondary button--small"
                  disabled={remove.isPending}
                  onClick={() => remove.mutate(e.id)}
                >
                  Supprimer<span className="visually-hidden"> l&apos;indisponibilité « {e.title} » du {time}</span>
                </button>
              )}
            </li>
          )
        })}
      </ul>
    </>
  )
}

function UnavailabilityForm() {
  const feedback = useFeedback()
  const [kind, setKind] = useState<UnavailabilityKind>('leave')
  const [text, setText] = useState('')
  // Dates as typed (jj/mm/aaaa), read when the form is sent.
  const [startDate, setStartDate] = useState(() => isoToFrenchDate(todayKey()))
  const [startTime, setStartTime] = useState('08:30')
  const [endDate, setEndDate] = useState(() => isoToFrenchDate(todayKey()))
  const [dateErrors, setDateErrors] = useState<{ start?: string; end?: string }>({})
  const [endTime, setEndTime] = useState('18:00')
  const add = useAddUnavailability({
    onSuccess: (u) => {
      feedback.ok(
        `${label(UNAVAILABILITY_KIND_LABELS, u.kind)} ajoutée à votre agenda, du ${formatDateKey(parisDateKey(u.starts_at))} ${formatTime(u.starts_at)} au ${formatDateKey(parisDateKey(u.ends_at))} ${formatTime(u.ends_at)}.`,
      )
      setText('')
    },
    onError: feedback.fail,
  })
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const start = readDateField(startDate)
    const end = readDateField(endDate)
    const missing = 'Indiquez la date, au format jj/mm/aaaa.'
    const errors = {
      start: start.error ?? (start.iso ? undefined : missing),
      end: end.error ?? (end.iso ? undefined : missing),
    }
    setDateErrors(errors)
    if (errors.start || errors.end) {
      document.getElementById(errors.start ? 'un-start-date' : 'un-end-date')?.focus()
      return feedback.failText('Une date est à corriger.')
    }
    const starts = parisLocalToIso(start.iso!, startTime)
    const ends = parisLocalToIso(end.iso!, endTime)
    if (!starts || !ends) return feedback.failText('Indiquez des dates et heures valides.')
    if (new Date(ends) <= new Date(starts)) return feedback.failText('La fin doit être après le début.')
    feedback.clear()
    add.mutate({ starts_at: starts, ends_at: ends, kind, label: text.trim() })
  }
  return (
    <section className="card" aria-labelledby="s-unavailability">
      <h2 id="s-unavailability">Ajouter une indisponibilité</h2>
      <p className="hint">Congé, formation, réunion : ces créneaux ne seront pas proposés pour les visites.</p>
      <Feedback message={feedback.message} />
      <form onSubmit={onSubmit} noValidate aria-label="Ajouter une indisponibilité">
        <div className="field">
          <label htmlFor="un-kind">Type</label>
          <select id="un-kind" value={kind} onChange={(e) => setKind(e.target.value as UnavailabilityKind)}>
            {options(UNAVAILABILITY_KIND_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="un-label">Libellé (facultatif)</label>
          <input id="un-label" type="text" maxLength={200} value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <div className="grid grid--pair">
          <DateField id="un-start-date" label="Du" value={startDate} onChange={setStartDate} error={dateErrors.start} />
          <div className="field">
            <label htmlFor="un-start-time">à (heure de début)</label>
            <input id="un-start-time" type="time" value={startTime} onChange={(e) => setStartTime(e.target.value)} />
          </div>
          <DateField id="un-end-date" label="Au" value={endDate} onChange={setEndDate} error={dateErrors.end} />
          <div className="field">
            <label htmlFor="un-end-time">à (heure de fin)</label>
            <input id="un-end-time" type="time" value={endTime} onChange={(e) => setEndTime(e.target.value)} />
          </div>
        </div>
        <button type="submit" className="button" disabled={add.isPending}>
          Ajouter à mon agenda
        </button>
      </form>
    </section>
  )
}

function CalendarFeed() {
  const feedback = useFeedback()
  const [url, setUrl] = useState<string | null>(null)
  const create = useCreateCalendarFeed({
    onSuccess: (r) => {
      setUrl(r.url)
      feedback.ok('Votre adresse d’abonnement est prête. Elle ne sera plus affichée ensuite : copiez-la maintenant.')
    },
    onError: feedback.fail,
  })
  const revoke = useRevokeCalendarFeed({
    onSuccess: () => {
      setUrl(null)
      feedback.ok('L’abonnement est désactivé : l’ancienne adresse ne fonctionne plus.')
    },
    onError: feedback.fail,
  })
  const copy = async () => {
    if (!url) return
    try {
      await navigator.clipboard.writeText(url)
      feedback.ok('Adresse copiée dans le presse-papiers.')
    } catch {
      document.getElementById('feed-url')?.focus()
      ;(document.getElementById('feed-url') as HTMLInputElement | null)?.select()
      feedback.failText('La copie automatique a échoué : l’adresse est sélectionnée, copiez-la vous-même.')
    }
  }
  return (
    <section className="card" aria-labelledby="s-feed">
      <h2 id="s-feed">Voir mon agenda sur mon téléphone</h2>
      <p>
        Abonnez l&apos;agenda de votre téléphone à vos visites et indisponibilités Binôme : elles s&apos;y affichent et se
        mettent à jour toutes seules (en lecture seule).
      </p>
      <Feedback message={feedback.message} />
      {url && (
        <div className="field">
          <label htmlFor="feed-url">Adresse secrète d&apos;abonnement</label>
          <input id="feed-url" type="text" readOnly value={url} onFocus={(e) => e.target.select()} />
          <div className="form-actions">
            <button type="button" className="button" onClick={copy}>
              Copier l&apos;adresse
            </button>
          </div>
        </div>
      )}
      <details className="howto">
        <summary>Comment s&apos;abonner sur un téléphone</summary>
        <ul>
          <li>
            <strong>iPhone :</strong> Réglages › Calendrier › Comptes › Ajouter un compte › Autre › « Ajouter un
            calendrier avec abonnement », puis collez l&apos;adresse.
          </li>
          <li>
            <strong>Android (Google Agenda) :</strong> sur un ordinateur, ouvrez Google Agenda › « Autres agendas » ›
            « + » › « À partir de l&apos;URL », collez l&apos;adresse ; l&apos;agenda apparaît ensuite sur le téléphone
            (activez sa synchronisation dans les paramètres de l&apos;application).
          </li>
          <li>Gardez cette adresse pour vous : toute personne qui la connaît voit votre agenda.</li>
        </ul>
      </details>
      <div className="form-actions">
        <button type="button" className="button button--secondary" disabled={create.isPending} onClick={() => create.mutate()}>
          {url ? 'Créer une nouvelle adresse' : 'Créer mon adresse d’abonnement'}
        </button>
        <button type="button" className="button button--secondary" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
          Désactiver l&apos;abonnement
        </button>
      </div>
      <p className="hint">Créer une nouvelle adresse désactive la précédente.</p>
    </section>
  )
}

import { useRef, useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { useFreeSlotsByDay, useUsualPartner } from '../api/agenda'
import { useReferral } from '../api/referrals'
import { useBookVisit } from '../api/visits'
import type { VisitRead } from '../api/types'
import { useUsers } from '../api/directory'
import { useAuth } from '../auth/AuthContext'
import { ConfirmStep } from '../components/ConfirmStep'
import { DateField } from '../components/DateField'
import { Loading, QueryError } from '../components/Status'
import { addDays, formatDayName, formatSlot, formatTime, isoWeekday, parisLocalToIso, todayKey } from '../lib/datetime'
import { readDateField } from '../lib/parse'
import { bookingQuestion, bookingRefusal, spreadSlots, type BookingRefusal } from '../lib/visits'
import { rememberedPartner, rememberPartner } from '../lib/partner'
import { usePageTitle } from '../lib/usePageTitle'

/** Working days of the next two weeks, today included. */
function nextWorkingDays(from: string, span = 14): string[] {
  return Array.from({ length: span }, (_, i) => addDays(from, i)).filter((d) => isoWeekday(d) < 5)
}

export function VisitBookingPage() {
  usePageTitle('Planifier une visite')
  const [params] = useSearchParams()
  const referralId = Number(params.get('referral'))
  const referral = useReferral(referralId)
  const { me } = useAuth()
  const coordinators = useUsers('coordinator')
  const advisors = useUsers('advisor')
  const navigate = useNavigate()
  const [chosenCoordinator, setCoordinatorId] = useState('')
  const [chosenAdvisor, setAdvisorId] = useState('')
  /** As typed, jj/mm/aaaa. */
  const [manualDate, setManualDate] = useState('')
  const [manualDateError, setManualDateError] = useState<string | null>(null)
  const [manualTime, setManualTime] = useState('')
  const [afterwards, setAfterwards] = useState(false)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<BookingRefusal | null>(null)
  const alertRef = useRef<HTMLParagraphElement>(null)
  // The booking waiting for « Confirmer », and where focus goes back on « Annuler ».
  const [asked, setAsked] = useState<{ startsAt: string; endsAt?: string; late: boolean } | null>(null)
  const askedFrom = useRef<HTMLElement | null>(null)
  const [days] = useState(() => nextWorkingDays(todayKey()))

  // Defaults: me as the coordinator, my usual advisor (until the person picks someone else).
  let coordinatorId = chosenCoordinator
  if (!coordinatorId && me && coordinators.data) {
    const mine = coordinators.data.find((u) => u.id === me.id)
    coordinatorId = String(mine?.id ?? coordinators.data[0]?.id ?? '')
  }
  const usual = useUsualPartner(
    me?.id,
    (advisors.data ?? []).map((u) => u.id),
    addDays(todayKey(), -31),
    addDays(todayKey(), 30),
  )
  let advisorId = chosenAdvisor
  if (!advisorId && me && advisors.data && usual !== undefined) {
    const ids = new Set(advisors.data.map((u) => u.id))
    const guess = [usual, rememberedPartner(me.id)].find((id) => id != null && ids.has(id))
    advisorId = String(guess ?? advisors.data[0]?.id ?? '')
  }

  const pair = coordinatorId && advisorId ? [Number(coordinatorId), Number(advisorId)] : []
  const slotQueries = useFreeSlotsByDay(pair, days)
  const slotsPending = pair.length > 0 && slotQueries.some((q) => q.isPending)
  const slotsError = slotQueries.find((q) => q.isError)?.error

  const book = useBookVisit({
    onSuccess: (visit) => {
      if (me) rememberPartner(me.id, me.id === visit.coordinator.id ? visit.advisor.id : visit.coordinator.id)
    },
    onError: (e) => refuse(bookingRefusal(e)),
  })
  // Once the lists and agendas were read again, as before: the new visit's page.
  const opened = (visit: VisitRead) => {
    const flash = visit.entered_afterwards
        ? `Visite du ${formatSlot(visit.starts_at, visit.ends_at)} enregistrée comme réalisée (saisie a posteriori).`
        : `Visite planifiée le ${formatSlot(visit.starts_at, visit.ends_at)}.`
    navigate(`/visites/${visit.id}`, { state: { flash } })
  }

  const refuse = (refusal: BookingRefusal) => {
    setError(refusal)
    requestAnimationFrame(() => alertRef.current?.focus())
  }
  const choose = (startsAt: string, late = false, endsAt?: string) => {
    setError(null)
    askedFrom.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    setAsked({ startsAt, endsAt, late })
  }
  const confirm = () => {
    if (!asked) return
    const late = asked.late
    book.mutate(
      {
        household_id: referral.data!.household_id,
        referral_id: referral.data!.id,
        coordinator_id: Number(coordinatorId),
        advisor_id: Number(advisorId),
        starts_at: asked.startsAt,
        place: '',
        notes: '',
        entered_afterwards: late,
        afterwards_reason: late ? reason.trim() : null,
      },
      { onSuccess: opened },
    )
    setAsked(null)
  }
  const cancel = () => {
    setAsked(null)
    requestAnimationFrame(() => askedFrom.current?.focus())
  }
  const onManual = (e: FormEvent) => {
    e.preventDefault()
    const day = readDateField(manualDate)
    const dayError = day.error ?? (day.iso ? null : 'Indiquez la date de la visite, au format jj/mm/aaaa.')
    setManualDateError(dayError)
    if (dayError) {
      setError(null)
      document.getElementById('manual-date')?.focus()
      return
    }
    const iso = parisLocalToIso(day.iso!, manualTime)
    if (!iso) return refuse({ message: 'Indiquez une heure de début valide.', field: 'starts_at' })
    if (afterwards && !reason.trim())
      return refuse({ message: 'Indiquez pourquoi la visite est saisie après coup.', field: 'afterwards_reason' })
    choose(iso, afterwards)
  }
  const reasonError = error?.field === 'afterwards_reason' ? error.message : null

  if (!Number.isInteger(referralId) || referralId <= 0)
    return (
      <>
        <h1>Planifier une visite</h1>
        <p>
          Ouvrez d&apos;abord la demande concernée depuis la <Link to="/demandes">liste des demandes</Link>.
        </p>
      </>
    )
  if (referral.isPending) return <Loading />
  if (referral.isError)
    return (
      <>
        <h1>Planifier une visite</h1>
        <QueryError error={referral.error} notFound="Cette demande est introuvable." />
      </>
    )

  const r = referral.data
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/demandes">Demandes</Link> <span aria-hidden="true">›</span>{' '}
        <Link to={`/demandes/${r.id}`}>{r.household_name}</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Planifier la visite</span>
      </nav>
      <h1>Planifier la visite : {r.household_name}</h1>
      <p>
        Ménage de {r.commune}. La visite dure 2 heures ; le temps de trajet entre deux rendez-vous est pris en compte.
      </p>
      {r.triage_note?.proposed_visit_date && (
        <p className="alert alert--info">
          Le ménage souhaite une visite vers le {formatDayName(r.triage_note.proposed_visit_date, true)}.
        </p>
      )}
      <div aria-live="assertive">
        {error && (
          <div role="alert" className="alert alert--error" ref={alertRef} tabIndex={-1}>
            <p>{error.message}</p>
            {error.existingVisitId != null && (
              <p>
                <Link to={`/visites/${error.existingVisitId}`}>Ouvrir la visite déjà prévue pour la reporter</Link>
              </p>
            )}
          </div>
        )}
      </div>

      {asked && (
        <ConfirmStep
          id="confirm-booking"
          question={bookingQuestion(asked.startsAt, r.household_name, asked.endsAt, asked.late)}
          onConfirm={confirm}
          onCancel={cancel}
          busy={book.isPending}
        />
      )}

      <fieldset className="fieldset">
        <legend>Le binôme</legend>
        <div className="grid">
          <div className="field">
            <label htmlFor="pick-coordinator">Animatrice SLIME</label>
            <select id="pick-coordinator" value={coordinatorId} onChange={(e) => setCoordinatorId(e.target.value)}>
              {coordinators.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.full_name}
                  {u.id === me?.id ? ' (moi)' : ''}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="pick-advisor">Conseiller énergie</label>
            <select id="pick-advisor" value={advisorId} onChange={(e) => setAdvisorId(e.target.value)}>
              {advisors.data?.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.full_name} ({u.organisation.name})
                </option>
              ))}
            </select>
          </div>
        </div>
      </fieldset>

      <section aria-labelledby="s-slots">
        <h2 id="s-slots">Créneaux libres pour les deux, sur deux semaines</h2>
        <p className="hint">Choisir un créneau, puis confirmer : la visite est alors planifiée.</p>
        {slotsPending && <Loading label="Recherche des créneaux libres…" />}
        {slotsError != null && <QueryError error={slotsError} />}
        {!slotsPending && pair.length > 0 && (
          <ul className="slot-days">
            {days.map((day, i) => {
              const slots = spreadSlots(slotQueries[i]?.data ?? [])
              if (slots.length === 0) return null
              return (
                <li key={day} className="slot-day">
                  <h3 className="slot-day__title">{formatDayName(day)}</h3>
                  <ul className="slot-list">
                    {slots.map((s) => (
                      <li key={s.starts_at}>
                        <button
                          type="button"
                          className="button button--secondary slot"
                          disabled={book.isPending}
                          onClick={() => choose(s.starts_at, false, s.ends_at)}
                          aria-label={`Planifier le ${formatSlot(s.starts_at, s.ends_at)}`}
                        >
                          {formatTime(s.starts_at)} – {formatTime(s.ends_at)}
                        </button>
                      </li>
                    ))}
                  </ul>
                </li>
              )
            })}
          </ul>
        )}
        {!slotsPending && pair.length > 0 && slotQueries.every((q) => (q.data ?? []).length === 0) && !slotsError && (
          <p className="muted">Aucun créneau commun libre sur les deux prochaines semaines : choisissez une date ci-dessous.</p>
        )}
      </section>

      <section aria-labelledby="s-manual">
        <h2 id="s-manual">Autre date</h2>
        <form onSubmit={onManual} className="form inline-form" aria-label="Planifier à une autre date" noValidate>
          <div className="field field--checkbox">
            <input
              id="manual-afterwards"
              type="checkbox"
              checked={afterwards}
              aria-describedby="manual-afterwards-hint"
              onChange={(e) => setAfterwards(e.target.checked)}
            />
            <label htmlFor="manual-afterwards">Saisie a posteriori : la visite a déjà eu lieu</label>
            <p id="manual-afterwards-hint" className="hint">
              Pour une visite faite avant d&apos;être enregistrée (fiche papier) : elle est enregistrée comme réalisée.
            </p>
          </div>
          {afterwards && (
            <div className="field">
              <label htmlFor="manual-reason">Motif de la saisie a posteriori (obligatoire)</label>
              <textarea
                id="manual-reason"
                rows={2}
                maxLength={500}
                required
                aria-required="true"
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? 'manual-reason-error' : undefined}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
              {reasonError && (
                <p id="manual-reason-error" className="field-error">
                  {reasonError}
                </p>
              )}
            </div>
          )}
          <div className="grid">
            <DateField
              id="manual-date"
              label="Date"
              value={manualDate}
              onChange={setManualDate}
              error={manualDateError}
              hint={afterwards ? 'Aujourd’hui ou avant.' : 'Aujourd’hui ou après.'}
            />
            <div className="field">
              <label htmlFor="manual-time">Heure de début (heure de Paris)</label>
              <input id="manual-time" type="time" step={900} value={manualTime} onChange={(e) => setManualTime(e.target.value)} />
            </div>
          </div>
          <button type="submit" className="button" disabled={book.isPending}>
            {afterwards ? 'Enregistrer la visite réalisée' : 'Planifier à cette date'}
          </button>
        </form>
      </section>
    </>
  )
}

import { useState, type FormEvent } from 'react'
import { DateField } from '../components/DateField'
import { FilterSelect } from '../components/InlineFormParts'
import { isoToFrenchDate, readDateField } from '../lib/parse'
import { dateRangeError, type AuditFilters } from './auditFilters'

export interface AuditChoices {
  people: readonly (readonly [number, string])[]
  actions: readonly (readonly [string, string])[]
  entities: readonly (readonly [string, string])[]
}

/**
 * The journal's filters: person, name (person or household), action, record type and a date range.
 * Submitting hands the new filters to `onSearch` (the page puts them in its address, back to page 1).
 */
export function AuditFilterForm({
  filters,
  choices,
  onSearch,
}: {
  filters: AuditFilters
  choices: AuditChoices
  onSearch: (f: AuditFilters) => void
}) {
  const [actor, setActor] = useState(filters.actor_id ? String(filters.actor_id) : '')
  const [q, setQ] = useState(filters.q ?? '')
  const [action, setAction] = useState(filters.action ?? '')
  const [entity, setEntity] = useState(filters.entity ?? '')
  // As typed (jj/mm/aaaa); the address and the API get ISO dates.
  const [from, setFrom] = useState(isoToFrenchDate(filters.from))
  const [to, setTo] = useState(isoToFrenchDate(filters.to))
  const [fromError, setFromError] = useState<string | null>(null)
  const [toError, setToError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const start = readDateField(from)
    const end = readDateField(to)
    setFromError(start.error)
    setToError(end.error)
    const problem = start.error || end.error ? null : dateRangeError(start.iso ?? undefined, end.iso ?? undefined)
    setError(problem)
    if (start.error || end.error || problem) {
      document.getElementById(end.error && !start.error ? 'audit-to' : 'audit-from')?.focus()
      return
    }
    onSearch({
      actor_id: actor ? Number(actor) : undefined,
      household_id: filters.household_id,
      q: q.trim() || undefined,
      action: action || undefined,
      entity: entity || undefined,
      from: start.iso ?? undefined,
      to: end.iso ?? undefined,
    })
  }
  const clear = () => {
    setActor('')
    setQ('')
    setAction('')
    setEntity('')
    setFrom('')
    setTo('')
    setFromError(null)
    setToError(null)
    setError(null)
    onSearch({})
  }

  return (
    <form role="search" aria-label="Filtrer le journal" onSubmit={onSubmit} className="filters" noValidate>
      <FilterSelect id="audit-actor" label="Personne" anyLabel="Toutes" value={actor} onChange={setActor}
        choices={choices.people} />
      <div className="field">
        <label htmlFor="audit-q">Nom d&apos;une personne ou d&apos;un ménage</label>
        <input id="audit-q" type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
      </div>
      <FilterSelect id="audit-action" label="Action" anyLabel="Toutes" value={action} onChange={setAction}
        choices={choices.actions} />
      <FilterSelect id="audit-entity" label="Type d'enregistrement" value={entity} onChange={setEntity}
        choices={choices.entities} />
      <DateField id="audit-from" label="Du" value={from} onChange={setFrom} error={fromError}
        invalid={!!error} describedBy={error ? 'audit-dates-error' : undefined} />
      <DateField id="audit-to" label="Au (inclus)" value={to} onChange={setTo} error={toError}
        invalid={!!error} describedBy={error ? 'audit-dates-error' : undefined} />
      {error && (
        <p id="audit-dates-error" role="alert" className="field-error">
          {error}
        </p>
      )}
      <div className="filters__actions">
        <button type="submit" className="button">
          Filtrer
        </button>
        <button type="button" className="button button--secondary" onClick={clear}>
          Effacer les filtres
        </button>
      </div>
    </form>
  )
}

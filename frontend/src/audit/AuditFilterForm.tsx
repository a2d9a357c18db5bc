import { useState, type FormEvent } from 'react'
import { FilterSelect } from '../components/InlineFormParts'
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
  const [from, setFrom] = useState(filters.from ?? '')
  const [to, setTo] = useState(filters.to ?? '')
  const [error, setError] = useState<string | null>(null)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const problem = dateRangeError(from || undefined, to || undefined)
    setError(problem)
    if (problem) {
      document.getElementById('audit-from')?.focus()
      return
    }
    onSearch({
      actor_id: actor ? Number(actor) : undefined,
      household_id: filters.household_id,
      q: q.trim() || undefined,
      action: action || undefined,
      entity: entity || undefined,
      from: from || undefined,
      to: to || undefined,
    })
  }
  const clear = () => {
    setActor('')
    setQ('')
    setAction('')
    setEntity('')
    setFrom('')
    setTo('')
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
      <div className="field">
        <label htmlFor="audit-from">Du</label>
        <input id="audit-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? 'audit-dates-error' : undefined} />
      </div>
      <div className="field">
        <label htmlFor="audit-to">Au (inclus)</label>
        <input id="audit-to" type="date" value={to} onChange={(e) => setTo(e.target.value)}
          aria-invalid={error ? true : undefined} aria-describedby={error ? 'audit-dates-error' : undefined} />
      </div>
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

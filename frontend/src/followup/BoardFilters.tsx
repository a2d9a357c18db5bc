import { useState, type FormEvent } from 'react'
import type { FollowUpFilters } from '../api/queries'
import type { OrientationStatus, OrientationTypeRead, TerritorialUnitRead, UserRead } from '../api/types'
import { DUE_FILTER_LABELS, options, ORIENTATION_STATUS_LABELS } from '../lib/labels'

interface Choices {
  staff: readonly UserRead[]
  units: readonly TerritorialUnitRead[]
  types: readonly OrientationTypeRead[]
}

/** Filters of the follow-up board: status, person responsible, unit, type and due date. */
export function BoardFilters({
  filters,
  choices,
  onSearch,
}: {
  filters: FollowUpFilters
  choices: Choices
  onSearch: (f: FollowUpFilters) => void
}) {
  const [status, setStatus] = useState<string>(filters.status ?? '')
  const [responsible, setResponsible] = useState(filters.responsible_id ? String(filters.responsible_id) : '')
  const [unit, setUnit] = useState(filters.unit_id ? String(filters.unit_id) : '')
  const [kind, setKind] = useState(filters.kind ?? '')
  const [due, setDue] = useState<string>(filters.due ?? '')

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    onSearch({
      status: (status || undefined) as OrientationStatus | undefined,
      responsible_id: responsible ? Number(responsible) : undefined,
      unit_id: unit ? Number(unit) : undefined,
      kind: kind || undefined,
      due: (due || undefined) as 'overdue' | 'soon' | undefined,
    })
  }
  const clear = () => {
    setStatus('')
    setResponsible('')
    setUnit('')
    setKind('')
    setDue('')
    onSearch({})
  }

  return (
    <form role="search" aria-label="Filtrer les orientations" onSubmit={onSubmit} className="filters">
      <div className="field">
        <label htmlFor="fu-status">Statut</label>
        <select id="fu-status" value={status} onChange={(e) => setStatus(e.target.value)}>
          <option value="">Tous</option>
          {options(ORIENTATION_STATUS_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fu-responsible">Personne responsable</label>
        <select id="fu-responsible" value={responsible} onChange={(e) => setResponsible(e.target.value)}>
          <option value="">Toutes</option>
          {choices.staff.map((u) => (
            <option key={u.id} value={u.id}>
              {u.full_name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fu-unit">Unité territoriale</label>
        <select id="fu-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
          <option value="">Toutes</option>
          {choices.units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fu-kind">Type d&apos;orientation</label>
        <select id="fu-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="">Tous</option>
          {choices.types.map((t) => (
            <option key={t.code} value={t.code}>
              {t.active ? t.label : `${t.label} (type retiré)`}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="fu-due">Échéance</label>
        <select id="fu-due" value={due} onChange={(e) => setDue(e.target.value)}>
          <option value="">Toutes</option>
          {options(DUE_FILTER_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
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

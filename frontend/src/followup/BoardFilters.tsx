import { useState, type FormEvent } from 'react'
import { type FollowUpFilters } from '../api/followup'
import type { OrientationStatus, OrientationTypeRead, TerritorialUnitRead, UserRead } from '../api/types'
import { FilterSelect } from '../components/InlineFormParts'
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
      <FilterSelect id="fu-status" label="Statut" value={status} onChange={setStatus}
        choices={options(ORIENTATION_STATUS_LABELS)} />
      <FilterSelect id="fu-responsible" label="Personne responsable" anyLabel="Toutes" value={responsible}
        onChange={setResponsible} choices={choices.staff.map((u) => [u.id, u.full_name] as const)} />
      <FilterSelect id="fu-unit" label="Unité territoriale" anyLabel="Toutes" value={unit} onChange={setUnit}
        choices={choices.units.map((u) => [u.id, u.name] as const)} />
      <FilterSelect id="fu-kind" label="Type d'orientation" value={kind} onChange={setKind}
        choices={choices.types.map((t) => [t.code, t.active ? t.label : `${t.label} (type retiré)`] as const)} />
      <FilterSelect id="fu-due" label="Échéance" anyLabel="Toutes" value={due} onChange={setDue}
        choices={options(DUE_FILTER_LABELS)} />
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

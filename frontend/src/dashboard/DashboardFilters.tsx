import { useState, type FormEvent } from 'react'
import type { DashboardFilters as Filters } from '../lib/dashboard'

export interface UnitChoice {
  id: number
  name: string
}

/** Year (campaign years) and territorial unit of the report; applied with « Afficher ». */
export function DashboardFilters({
  year,
  unitId,
  years,
  unitsOf,
  onApply,
}: {
  year: number
  unitId?: number
  years: readonly number[]
  unitsOf: (year: number) => readonly UnitChoice[]
  onApply: (f: Filters) => void
}) {
  const [selectedYear, setSelectedYear] = useState(String(year))
  const [unit, setUnit] = useState(unitId ? String(unitId) : '')
  const units = unitsOf(Number(selectedYear))
  // A unit of another campaign is not offered: fall back to « Toutes ».
  const unitValue = units.some((u) => String(u.id) === unit) ? unit : ''

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    onApply({ year: Number(selectedYear), unit_id: unitValue ? Number(unitValue) : undefined })
  }

  return (
    <form aria-label="Choisir l’année et l’unité" onSubmit={onSubmit} className="filters">
      <div className="field">
        <label htmlFor="dash-year">Année de campagne</label>
        <select id="dash-year" value={selectedYear} onChange={(e) => setSelectedYear(e.target.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="dash-unit">Unité territoriale</label>
        <select id="dash-unit" value={unitValue} onChange={(e) => setUnit(e.target.value)}>
          <option value="">Toutes les unités</option>
          {units.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Afficher
        </button>
      </div>
    </form>
  )
}

import { useState, type FormEvent } from 'react'
import { useOrientationTypes } from '../api/catalogues'
import type { OrientationIn } from '../api/types'
import { orientationTypeChoices } from '../lib/followup'
import { orientationsFromRows, type OrientationRow } from '../lib/reports'

let counter = 0
const newKey = () => `o${++counter}`

function rowsFromOrientations(items: readonly OrientationIn[]): OrientationRow[] {
  return items.map((o) => ({ key: newKey(), kind: o.kind, description: o.description, partner: o.partner ?? '' }))
}

/** Introduction and proposed orientations of a report (creation and draft changes). */
export function ReportForm({
  initialIntroduction = '',
  initialOrientations = [],
  submitLabel,
  pending,
  onSubmit,
  onCancel,
}: {
  initialIntroduction?: string
  initialOrientations?: readonly OrientationIn[]
  submitLabel: string
  pending: boolean
  onSubmit: (introduction: string, orientations: OrientationIn[]) => void
  onCancel?: () => void
}) {
  const [introduction, setIntroduction] = useState(initialIntroduction)
  const [rows, setRows] = useState<OrientationRow[]>(() => rowsFromOrientations(initialOrientations))
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [status, setStatus] = useState('')
  const types = useOrientationTypes()

  const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus())
  const setRow = (index: number, patch: Partial<OrientationRow>) =>
    setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  const add = () => {
    setRows((rs) => [...rs, { key: newKey(), kind: '', description: '', partner: '' }])
    setStatus(`Orientation ${rows.length + 1} ajoutée.`)
    focusLater(`orientation-${rows.length}-kind`)
  }
  const remove = (index: number) => {
    setRows(rows.filter((_, i) => i !== index))
    setErrors({})
    setStatus(`Orientation ${index + 1} retirée.`)
    focusLater('orientation-add')
  }

  const submit = (e: FormEvent) => {
    e.preventDefault()
    const checked = orientationsFromRows(rows)
    setErrors(checked.errors)
    const first = Object.keys(checked.errors)[0]
    if (first) {
      focusLater(`orientation-${first.replace('.', '-')}`)
      return
    }
    onSubmit(introduction.trim(), checked.items)
  }

  const err = (i: number, f: string) => errors[`${i}.${f}`]
  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Compte-rendu">
      <div className="field">
        <label htmlFor="report-introduction">Introduction</label>
        <textarea
          id="report-introduction"
          rows={4}
          maxLength={4000}
          value={introduction}
          onChange={(e) => setIntroduction(e.target.value)}
        />
      </div>
      <fieldset className="fieldset">
        <legend>Orientations proposées</legend>
        {types.isError && (
          <p role="alert" className="alert alert--error">
            Le catalogue des types d&apos;orientation n&apos;a pas pu être chargé. Réessayez dans un instant.
          </p>
        )}
        {rows.length === 0 && <p className="muted">Aucune orientation.</p>}
        <ol className="plain-list">
          {rows.map((r, i) => (
            <li key={r.key} className="orientation-row">
              <div className="grid">
                <div className={`field${err(i, 'kind') ? ' field--invalid' : ''}`}>
                  <label htmlFor={`orientation-${i}-kind`}>Type (orientation {i + 1})</label>
                  <select
                    id={`orientation-${i}-kind`}
                    value={r.kind}
                    aria-invalid={!!err(i, 'kind')}
                    aria-describedby={err(i, 'kind') ? `orientation-${i}-kind-error` : undefined}
                    onChange={(e) => setRow(i, { kind: e.target.value })}
                  >
                    <option value="">– Choisir –</option>
                    {orientationTypeChoices(types.data ?? [], r.kind).map(([k, text]) => (
                      <option key={k} value={k}>
                        {text}
                      </option>
                    ))}
                  </select>
                  {err(i, 'kind') && (
                    <p className="field-error" id={`orientation-${i}-kind-error`}>
                      {err(i, 'kind')}
                    </p>
                  )}
                </div>
                <div className="field">
                  <label htmlFor={`orientation-${i}-partner`}>Partenaire (orientation {i + 1})</label>
                  <input
                    id={`orientation-${i}-partner`}
                    maxLength={200}
                    value={r.partner}
                    onChange={(e) => setRow(i, { partner: e.target.value })}
                  />
                </div>
                <div className={`field grid__wide${err(i, 'description') ? ' field--invalid' : ''}`}>
                  <label htmlFor={`orientation-${i}-description`}>Description (orientation {i + 1})</label>
                  <textarea
                    id={`orientation-${i}-description`}
                    rows={2}
                    maxLength={1000}
                    value={r.description}
                    aria-invalid={!!err(i, 'description')}
                    aria-describedby={err(i, 'description') ? `orientation-${i}-description-error` : undefined}
                    onChange={(e) => setRow(i, { description: e.target.value })}
                  />
                  {err(i, 'description') && (
                    <p className="field-error" id={`orientation-${i}-description-error`}>
                      {err(i, 'description')}
                    </p>
                  )}
                </div>
              </div>
              <button type="button" className="button button--secondary" onClick={() => remove(i)}>
                Retirer l&apos;orientation {i + 1}
              </button>
            </li>
          ))}
        </ol>
        <button type="button" id="orientation-add" className="button button--secondary" onClick={add}>
          Ajouter une orientation
        </button>
        <p role="status" className="visually-hidden">
          {status}
        </p>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="button button--secondary" onClick={onCancel}>
            Annuler
          </button>
        )}
      </div>
    </form>
  )
}

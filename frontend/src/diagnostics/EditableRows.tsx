import { CheckboxField, GroupErrors, SelectField, TextField } from '../household/fields'
import { fieldInputId } from '../lib/errors'
import { DATE_FORMAT_HINT, DATE_INPUT } from '../lib/parse'

export interface Column<R> {
  /** API field name inside a row ("monthly_eur"). */
  name: string
  label: string
  kind: 'text' | 'select' | 'decimal' | 'date' | 'checkbox'
  options?: [string, string][]
  get: (row: R) => string
  set: (row: R, value: string) => R
  required?: boolean
  /** A fixed hint, or one computed per row (e.g. "valeur par défaut : 2,5"). */
  hint?: string | ((row: R) => string | undefined)
}

interface EditableRowsProps<R extends { key: string }> {
  /** API list name ("incomes"): inputs are "incomes.0.monthly_eur". */
  path: string
  legend: string
  /** Word for one row in labels ("revenu" -> "Montant (revenu 2)"). */
  noun: string
  addLabel: string
  rows: R[]
  columns: Column<R>[]
  errors: Record<string, string[]>
  onChange: (rows: R[]) => void
  newRow: () => R
  disabled?: boolean
}

/** A list of rows of inputs (incomes, charges, envelope elements...): add, edit, remove. */
export function EditableRows<R extends { key: string }>(props: EditableRowsProps<R>) {
  const { path, legend, noun, addLabel, rows, columns, errors, onChange, newRow, disabled } = props
  const add = () => {
    onChange([...rows, newRow()])
    const first = `${path}.${rows.length}.${columns[0].name}`
    requestAnimationFrame(() => document.getElementById(fieldInputId(first))?.focus())
  }
  const remove = (index: number) => {
    onChange(rows.filter((_, i) => i !== index))
    requestAnimationFrame(() => document.getElementById(`${fieldInputId(path)}-add`)?.focus())
  }
  return (
    <fieldset className="fieldset" id={`${fieldInputId(path)}-group`}>
      <legend>{legend}</legend>
      <GroupErrors path={path} errors={errors[path]} />
      {rows.length === 0 && <p className="muted">Aucune ligne.</p>}
      <ol className="row-list">
        {rows.map((row, index) => (
          <li key={row.key} className="row-list__item">
            <div className="row-list__fields">
              {columns.map((c) => {
                const p = `${path}.${index}.${c.name}`
                const label = `${c.label} (${noun} ${index + 1})`
                const onValue = (v: string) => onChange(rows.map((r, i) => (i === index ? c.set(r, v) : r)))
                const hint = typeof c.hint === 'function' ? c.hint(row) : c.hint
                if (c.kind === 'checkbox')
                  return (
                    <CheckboxField
                      key={c.name}
                      path={p}
                      label={label}
                      checked={c.get(row) === 'true'}
                      hint={hint}
                      errors={errors[p]}
                      onChange={(checked) => onValue(checked ? 'true' : 'false')}
                    />
                  )
                return c.kind === 'select' ? (
                  <SelectField
                    key={c.name}
                    path={p}
                    label={label}
                    required={c.required}
                    value={c.get(row)}
                    options={c.options ?? []}
                    hint={hint}
                    errors={errors[p]}
                    onChange={onValue}
                  />
                ) : (
                  <TextField
                    key={c.name}
                    path={p}
                    label={label}
                    required={c.required}
                    value={c.get(row)}
                    inputMode={c.kind === 'decimal' ? 'decimal' : c.kind === 'date' ? DATE_INPUT.inputMode : undefined}
                    maxLength={c.kind === 'date' ? DATE_INPUT.maxLength : undefined}
                    hint={hint ?? (c.kind === 'date' ? DATE_FORMAT_HINT : undefined)}
                    errors={errors[p]}
                    onChange={onValue}
                  />
                )
              })}
            </div>
            {!disabled && (
              <button type="button" className="button button--secondary row-list__remove" onClick={() => remove(index)}>
                Retirer<span className="visually-hidden"> : {noun} {index + 1}</span>
              </button>
            )}
          </li>
        ))}
      </ol>
      {!disabled && (
        <button type="button" id={`${fieldInputId(path)}-add`} className="button button--secondary" onClick={add}>
          {addLabel}
        </button>
      )}
    </fieldset>
  )
}

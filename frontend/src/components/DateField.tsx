import type { ReactNode } from 'react'
import { DATE_FORMAT_HINT, DATE_INPUT } from '../lib/parse'

/**
 * A date typed the same way in every form: a text field jj/mm/aaaa (a numeric keypad on tablets, « 31122025 »
 * read too), never a native date field (its order follows the device's language and Tab stops in it three
 * times). The caller keeps the text as typed and converts it with `readDateField` / `parseFrenchDate` when it
 * sends it (and back with `isoToFrenchDate` when it reads one from the server or the address).
 *
 * The hint (`hint`, then the format) and the error are tied to the input by `aria-describedby`; `describedBy`
 * adds the id of a message shared with other fields (e.g. a date range error).
 */
export function DateField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  required = false,
  describedBy,
  invalid,
  className,
  name,
}: {
  id: string
  label: ReactNode
  value: string
  onChange: (value: string) => void
  /** The field's own message(s), shown under it with ⚠. */
  error?: string | readonly string[] | null
  /** Said before the format, e.g. « Une coupure annoncée rend la demande prioritaire. » */
  hint?: string
  required?: boolean
  /** Id(s) of another message about this field (shared by several fields). */
  describedBy?: string
  /** Marks the field invalid without a message of its own (the shared message says why). */
  invalid?: boolean
  className?: string
  /** The input's name (defaults to its id). */
  name?: string
}) {
  const message = Array.isArray(error) ? error.join(' ') : (error as string | null | undefined)
  const isInvalid = !!message || !!invalid
  const ids = [`${id}-hint`, message ? `${id}-error` : '', describedBy ?? ''].filter(Boolean).join(' ')
  return (
    <div className={`field${isInvalid ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> (obligatoire)</span>}
      </label>
      <input
        id={id}
        name={name ?? id}
        type="text"
        {...DATE_INPUT}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-required={required || undefined}
        aria-invalid={isInvalid || undefined}
        aria-describedby={ids}
      />
      <p className="hint" id={`${id}-hint`}>
        {hint ? `${hint} ` : ''}
        {DATE_FORMAT_HINT}
      </p>
      {message && (
        <p className="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          {message}
        </p>
      )}
    </div>
  )
}

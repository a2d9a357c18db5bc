import type { ReactNode } from 'react'

/**
 * A labelled text input or textarea of the follow-up's small forms, its error announced through
 * aria-describedby (and aria-invalid).
 */
export function Field({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  required = false,
  multiline = false,
  maxLength,
  inputMode,
  children,
}: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
  hint?: string
  required?: boolean
  multiline?: boolean
  maxLength?: number
  inputMode?: 'decimal' | 'numeric' | 'text'
  /** A <select> instead of a text input: its options. */
  children?: ReactNode
}) {
  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  const common = {
    id,
    value,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': required || undefined,
  }
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> (obligatoire)</span>}
      </label>
      {hint && (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {children !== undefined ? (
        <select {...common} onChange={(e) => onChange(e.target.value)}>
          {children}
        </select>
      ) : multiline ? (
        <textarea {...common} rows={3} maxLength={maxLength} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input {...common} type="text" inputMode={inputMode} maxLength={maxLength} autoComplete="off" onChange={(e) => onChange(e.target.value)} />
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

export const DATE_HINT = 'Au format jj/mm/aaaa ; laissez vide pour aujourd’hui.'

/** The API's refusal of a small form (409 detail, 422 messages), announced. */
export function FormAlert({ text }: { text: string }) {
  return (
    <div aria-live="assertive">
      {text && (
        <p role="alert" className="alert alert--error">
          {text}
        </p>
      )}
    </div>
  )
}

import type { ReactNode } from 'react'

/** A labelled field whose error is tied to the control (aria-describedby, aria-invalid). */
export function TextField({
  id,
  label,
  value,
  onChange,
  error,
  required = false,
  type = 'text',
  hint,
  autoComplete,
  inputMode,
}: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
  required?: boolean
  type?: string
  hint?: string
  autoComplete?: string
  inputMode?: 'numeric' | 'decimal' | 'tel' | 'email'
}) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {required && <span className="required"> (obligatoire)</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <input
        id={id}
        type={type}
        value={value}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={described}
        onChange={(e) => onChange(e.target.value)}
      />
      <FieldError id={id} error={error} />
    </div>
  )
}

export function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="field-error">
      {error}
    </p>
  ) : null
}

/** Checkboxes grouped under a legend (roles, units), with the group's error tied to the fieldset. */
export function CheckboxGroup<V extends string | number>({
  id,
  legend,
  choices,
  checked,
  onToggle,
  error,
}: {
  id: string
  legend: ReactNode
  choices: [V, string][]
  checked: readonly V[]
  onToggle: (value: V, on: boolean) => void
  error?: string
}) {
  return (
    <fieldset
      className={`fieldset${error ? ' field--invalid' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend>{legend}</legend>
      <ul className="checkbox-list checkbox-list--inline">
        {choices.map(([value, label]) => (
          <li key={String(value)} className="checkbox">
            <input
              type="checkbox"
              id={`${id}-${value}`}
              checked={checked.includes(value)}
              onChange={(e) => onToggle(value, e.target.checked)}
            />
            <label htmlFor={`${id}-${value}`}>{label}</label>
          </li>
        ))}
      </ul>
      <FieldError id={id} error={error} />
    </fieldset>
  )
}

import type { ReactNode } from 'react'
import { fieldErrorId, fieldInputId } from '../lib/errors'

interface BaseProps {
  path: string
  label: ReactNode
  errors?: string[]
  required?: boolean
  hint?: string
  className?: string
}

function describedBy(path: string, errors: string[] | undefined, hint: string | undefined) {
  const ids = []
  if (hint) ids.push(`${fieldInputId(path)}-hint`)
  if (errors?.length) ids.push(fieldErrorId(path))
  return ids.length ? ids.join(' ') : undefined
}

function Decorations({ path, errors, hint }: Pick<BaseProps, 'path' | 'errors' | 'hint'>) {
  return (
    <>
      {hint && (
        <p className="hint" id={`${fieldInputId(path)}-hint`}>
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <p className="field-error" id={fieldErrorId(path)}>
          <span aria-hidden="true">⚠ </span>
          {errors.join(' ')}
        </p>
      )}
    </>
  )
}

function FieldLabel({ path, label, required }: Pick<BaseProps, 'path' | 'label' | 'required'>) {
  return (
    <label htmlFor={fieldInputId(path)}>
      {label}
      {required && <span className="required"> (obligatoire)</span>}
    </label>
  )
}

interface TextAreaFieldProps extends BaseProps {
  value: string
  onChange: (value: string) => void
  rows?: number
  maxLength?: number
}

export function TextAreaField(props: TextAreaFieldProps) {
  const { path, label, errors, required, hint, value, onChange, rows = 4, maxLength } = props
  const invalid = !!errors?.length
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <FieldLabel path={path} label={label} required={required} />
      <textarea
        id={fieldInputId(path)}
        name={path}
        value={value}
        rows={rows}
        maxLength={maxLength}
        onChange={(e) => onChange(e.target.value)}
        aria-required={required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(path, errors, hint)}
      />
      <Decorations path={path} errors={errors} hint={hint} />
    </div>
  )
}

interface CheckboxFieldProps extends Omit<BaseProps, 'label'> {
  label: ReactNode
  checked: boolean
  onChange: (checked: boolean) => void
}

/** One checkbox with its label on the right (large tap target), hint and errors below. */
export function CheckboxField(props: CheckboxFieldProps) {
  const { path, label, errors, required, hint, checked, onChange } = props
  const invalid = !!errors?.length
  return (
    <div className={`field field--checkbox${invalid ? ' field--invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <div className="checkbox">
        <input
          id={fieldInputId(path)}
          name={path}
          type="checkbox"
          checked={checked}
          onChange={(e) => onChange(e.target.checked)}
          aria-required={required || undefined}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy(path, errors, hint)}
        />
        <label htmlFor={fieldInputId(path)}>
          {label}
          {required && <span className="required"> (obligatoire)</span>}
        </label>
      </div>
      <Decorations path={path} errors={errors} hint={hint} />
    </div>
  )
}

interface TextFieldProps extends BaseProps {
  value: string
  onChange: (value: string) => void
  // No 'date': dates are typed in a DateField (components/DateField.tsx).
  type?: 'text' | 'email' | 'tel' | 'time' | 'search'
  autoComplete?: string
  inputMode?: 'text' | 'numeric' | 'decimal' | 'tel' | 'email'
  maxLength?: number
}

export function TextField(props: TextFieldProps) {
  const { path, label, errors, required, hint, value, onChange, type = 'text', autoComplete, inputMode, maxLength } =
    props
  const invalid = !!errors?.length
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <FieldLabel path={path} label={label} required={required} />
      <input
        id={fieldInputId(path)}
        name={path}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete={autoComplete ?? 'off'}
        inputMode={inputMode}
        maxLength={maxLength}
        aria-required={required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(path, errors, hint)}
      />
      <Decorations path={path} errors={errors} hint={hint} />
    </div>
  )
}

interface SelectFieldProps extends BaseProps {
  value: string
  onChange: (value: string) => void
  options: [string, string][]
  /** Label of the empty option; omitted if null. */
  emptyLabel?: string | null
}

export function SelectField(props: SelectFieldProps) {
  const { path, label, errors, required, hint, value, onChange, options, emptyLabel = '— Choisir —' } = props
  const invalid = !!errors?.length
  return (
    <div className={`field${invalid ? ' field--invalid' : ''}${props.className ? ` ${props.className}` : ''}`}>
      <FieldLabel path={path} label={label} required={required} />
      <select
        id={fieldInputId(path)}
        name={path}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-required={required || undefined}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy(path, errors, hint)}
      >
        {emptyLabel !== null && <option value="">{emptyLabel}</option>}
        {options.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
      <Decorations path={path} errors={errors} hint={hint} />
    </div>
  )
}

/** Errors attached to a group (fieldset) rather than one input. */
export function GroupErrors({ path, errors }: { path: string; errors?: string[] }) {
  if (!errors?.length) return null
  return (
    <p className="field-error" id={fieldErrorId(path)}>
      <span aria-hidden="true">⚠ </span>
      {errors.join(' ')}
    </p>
  )
}

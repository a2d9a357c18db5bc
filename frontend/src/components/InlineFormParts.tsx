/** A required choice among labelled values, starting with "— Choisir —" (small inline forms). */
export function RequiredChoiceField<V extends string>({
  id,
  label,
  value,
  choices,
  onChange,
}: {
  id: string
  label: string
  value: V | ''
  /** [value, label] pairs, as given by `options(LABELS)`. */
  choices: [V, string][]
  onChange: (value: V | '') => void
}) {
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        <span className="required"> (obligatoire)</span>
      </label>
      <select id={id} value={value} aria-required="true" onChange={(e) => onChange(e.target.value as V | '')}>
        <option value="">— Choisir —</option>
        {choices.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  )
}

/** Submit and "Annuler" buttons of a small inline form. */
export function InlineFormActions({ submitLabel, pending, onCancel }: { submitLabel: string; pending: boolean; onCancel: () => void }) {
  return (
    <div className="form-actions">
      <button type="submit" className="button" disabled={pending}>
        {submitLabel}
      </button>
      <button type="button" className="button button--secondary" onClick={onCancel}>
        Annuler
      </button>
    </div>
  )
}

/** An optional filter: a labelled select whose first choice ("Tous", "Toutes") means no filter. */
export function FilterSelect({
  id,
  label,
  value,
  choices,
  onChange,
  anyLabel = 'Tous',
}: {
  id: string
  label: string
  value: string
  /** [value, label] pairs. */
  choices: readonly (readonly [string | number, string])[]
  onChange: (value: string) => void
  anyLabel?: string
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{anyLabel}</option>
        {choices.map(([v, l]) => (
          <option key={v} value={v}>
            {l}
          </option>
        ))}
      </select>
    </div>
  )
}

import { useState, type FormEvent } from 'react'
import { useOrientationTypes } from '../api/catalogues'
import { useFollowUpStaff } from '../api/directory'
import { InlineFormActions } from '../components/InlineFormParts'
import { checkNewOrientation, orientationTypeChoices } from '../lib/followup'
import { Field, FormAlert } from './Field'
import { useFollowUpAction } from './useFollowUpAction'

/** An orientation added during the follow-up (outside a report). */
export function AddOrientationForm({
  householdId,
  onDone,
  onCancel,
}: {
  householdId: number
  onDone: (message: string) => void
  onCancel: () => void
}) {
  const { run, pending, error } = useFollowUpAction(householdId)
  const types = useOrientationTypes()
  const staff = useFollowUpStaff()
  const [kind, setKind] = useState('')
  const [description, setDescription] = useState('')
  const [partner, setPartner] = useState('')
  const [responsibleId, setResponsibleId] = useState('')
  const [dueOn, setDueOn] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const checked = checkNewOrientation({ kind, description, partner, responsibleId, dueOn })
    setErrors(checked.errors)
    if (!checked.payload) {
      const first = Object.keys(checked.errors)[0]
      document.getElementById(`new-orientation-${first === 'due_on' ? 'due' : first}`)?.focus()
      return
    }
    const body = checked.payload
    const ok = await run({ kind: 'add', body })
    if (ok) onDone('L’orientation a été ajoutée au suivi.')
  }

  return (
    <form onSubmit={submit} noValidate className="form inline-form" aria-label="Ajouter une orientation">
      <div className="grid">
        <Field id="new-orientation-kind" label="Type d’orientation" value={kind} onChange={setKind} error={errors.kind} required>
          <option value="">— Choisir —</option>
          {orientationTypeChoices(types.data ?? []).map(([code, text]) => (
            <option key={code} value={code}>
              {text}
            </option>
          ))}
        </Field>
        <Field id="new-orientation-partner" label="Partenaire" value={partner} onChange={setPartner} maxLength={200} />
        <Field id="new-orientation-responsible" label="Personne responsable" value={responsibleId} onChange={setResponsibleId}>
          <option value="">Moi-même</option>
          {(staff.data ?? []).map((u) => (
            <option key={u.id} value={u.id}>
              {u.full_name}
            </option>
          ))}
        </Field>
        <Field id="new-orientation-due" label="Échéance" value={dueOn} onChange={setDueOn} error={errors.due_on} hint="Au format jj/mm/aaaa (facultatif)." maxLength={10} inputMode="numeric" />
      </div>
      <Field id="new-orientation-description" label="Description" value={description} onChange={setDescription} error={errors.description} required multiline maxLength={1000} />
      <FormAlert text={error} />
      <InlineFormActions submitLabel="Ajouter l’orientation" pending={pending} onCancel={onCancel} />
    </form>
  )
}

import { useState, type FormEvent } from 'react'
import { useFollowUpStaff } from '../api/directory'
import type { FollowUpOrientation, OrientationTransition } from '../api/types'
import { InlineFormActions } from '../components/InlineFormParts'
import { checkEdit, checkNote, checkTransition } from '../lib/followup'
import { ORIENTATION_ACTION_LABELS } from '../lib/labels'
import { isoToFrenchDate } from '../lib/parse'
import { DATE_HINT, Field, FormAlert } from './Field'
import { useFollowUpAction } from './useFollowUpAction'

interface FormProps {
  orientation: FollowUpOrientation
  onDone: (message: string) => void
  onCancel: () => void
}

/** Obtained (amount, outcome), refused or abandoned: the outcome and the date it happened. */
export function TransitionForm({ orientation: o, action, onDone, onCancel }: FormProps & { action: OrientationTransition['action'] }) {
  const { run, pending, error } = useFollowUpAction(o.household_id)
  const [outcome, setOutcome] = useState('')
  const [amount, setAmount] = useState('')
  const [on, setOn] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const p = `o${o.id}-${action}`
  const title = `${ORIENTATION_ACTION_LABELS[action]} – ${o.kind_label}`

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const checked = checkTransition(action, o.version, { outcome, amount, on })
    setErrors(checked.errors)
    if (!checked.payload) return
    const body = checked.payload
    const ok = await run({ kind: 'transition', orientationId: o.id, body })
    if (ok) onDone(`« ${o.kind_label} » : ${ORIENTATION_ACTION_LABELS[action].toLowerCase()}, c’est enregistré.`)
  }

  return (
    <form onSubmit={submit} noValidate className="form inline-form" aria-label={title}>
      {action === 'obtain' && (
        <Field id={`${p}-amount`} label="Montant obtenu (€)" value={amount} onChange={setAmount} error={errors.amount} inputMode="decimal" hint="Par exemple 350 ou 1 234,56 ; laissez vide s’il ne s’agit pas d’une aide financière." />
      )}
      <Field id={`${p}-outcome`} label={action === 'obtain' ? 'Résultat' : 'Motif ou résultat'} value={outcome} onChange={setOutcome} multiline maxLength={4000} />
      <Field id={`${p}-on`} label="Date" value={on} onChange={setOn} error={errors.on} hint={DATE_HINT} maxLength={10} inputMode="numeric" />
      <FormAlert text={error} />
      <InlineFormActions submitLabel="Enregistrer" pending={pending} onCancel={onCancel} />
    </form>
  )
}

/** A line of the follow-up log: date, who was contacted, what was said. */
export function NoteForm({ orientation: o, onDone, onCancel }: FormProps) {
  const { run, pending, error } = useFollowUpAction(o.household_id)
  const [on, setOn] = useState('')
  const [contact, setContact] = useState('')
  const [note, setNote] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const p = `o${o.id}-note`

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const checked = checkNote({ on, contact, note })
    setErrors(checked.errors)
    if (!checked.payload) return
    const body = checked.payload
    const ok = await run({ kind: 'note', orientationId: o.id, body })
    if (ok) onDone(`Note ajoutée au suivi de « ${o.kind_label} ».`)
  }

  return (
    <form onSubmit={submit} noValidate className="form inline-form" aria-label={`Ajouter une note – ${o.kind_label}`}>
      <Field id={`${p}-on`} label="Date du contact" value={on} onChange={setOn} error={errors.on} hint={DATE_HINT} maxLength={10} inputMode="numeric" />
      <Field id={`${p}-contact`} label="Personne ou organisme contacté" value={contact} onChange={setContact} maxLength={200} />
      <Field id={`${p}-text`} label="Note" value={note} onChange={setNote} error={errors.note} required multiline maxLength={4000} />
      <FormAlert text={error} />
      <InlineFormActions submitLabel="Ajouter la note" pending={pending} onCancel={onCancel} />
    </form>
  )
}

/** Hand the orientation over to the household's social referent. */
export function HandoverForm({ orientation: o, onDone, onCancel }: FormProps) {
  const { run, pending, error } = useFollowUpAction(o.household_id)
  const [note, setNote] = useState('')

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const body = { version: o.version, note: note.trim() }
    const ok = await run({ kind: 'handover', orientationId: o.id, body })
    if (ok) onDone(`« ${o.kind_label} » est confiée au référent social.`)
  }

  return (
    <form onSubmit={submit} noValidate className="form inline-form" aria-label={`Confier au référent social – ${o.kind_label}`}>
      <Field id={`o${o.id}-handover-note`} label="Message pour le référent social (facultatif)" value={note} onChange={setNote} multiline maxLength={4000} />
      <FormAlert text={error} />
      <InlineFormActions submitLabel="Confier au référent social" pending={pending} onCancel={onCancel} />
    </form>
  )
}

/** Person responsible, due date and partner. */
export function EditForm({ orientation: o, onDone, onCancel }: FormProps) {
  const { run, pending, error } = useFollowUpAction(o.household_id)
  const staff = useFollowUpStaff()
  const [responsibleId, setResponsibleId] = useState(o.responsible ? String(o.responsible.id) : '')
  const [dueOn, setDueOn] = useState(isoToFrenchDate(o.due_on))
  const [partner, setPartner] = useState(o.partner)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const p = `o${o.id}-edit`
  const people = staff.data ?? []
  const missing = o.responsible && !people.some((u) => u.id === o.responsible?.id) ? o.responsible : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const checked = checkEdit(o.version, { responsibleId, dueOn, partner })
    setErrors(checked.errors)
    if (!checked.payload) return
    const body = checked.payload
    const ok = await run({ kind: 'update', orientationId: o.id, body })
    if (ok) onDone(`« ${o.kind_label} » est mise à jour.`)
  }

  return (
    <form onSubmit={submit} noValidate className="form inline-form" aria-label={`Modifier le suivi – ${o.kind_label}`}>
      <Field id={`${p}-responsible`} label="Personne responsable" value={responsibleId} onChange={setResponsibleId}>
        <option value="">— Inchangée —</option>
        {missing && <option value={missing.id}>{missing.full_name}</option>}
        {people.map((u) => (
          <option key={u.id} value={u.id}>
            {u.full_name}
          </option>
        ))}
      </Field>
      <Field id={`${p}-due`} label="Échéance" value={dueOn} onChange={setDueOn} error={errors.due_on} hint="Au format jj/mm/aaaa ; laissez vide pour aucune échéance." maxLength={10} inputMode="numeric" />
      <Field id={`${p}-partner`} label="Partenaire" value={partner} onChange={setPartner} maxLength={200} />
      <FormAlert text={error} />
      <InlineFormActions submitLabel="Enregistrer les changements" pending={pending} onCancel={onCancel} />
    </form>
  )
}

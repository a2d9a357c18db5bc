import { useState, type FormEvent } from 'react'
import { useMyProgramme, useUpdateMyProgramme, type ProgrammeIdentity, type ProgrammeRead } from '../api/programmes'
import { Feedback } from '../components/Feedback'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { ApiError, normalizeFieldPath } from '../lib/errors'
import { usePageTitle } from '../lib/usePageTitle'
import { TextField } from './people/Field'
import type { FieldErrors } from './people/forms'

/** « Programme »: its identity on documents and e-mails, its visiting hours (the logo is not edited here). */
export function ProgrammeAdmin() {
  usePageTitle('Programme – Administration')
  const programme = useMyProgramme()
  return (
    <>
      <h1>Programme</h1>
      <p>Son nom et son identité sur les documents et les e-mails, ses jours et heures de visite.</p>
      {programme.isPending && <Loading />}
      {programme.isError && <QueryError error={programme.error} />}
      {programme.data && <IdentityForm key={programme.data.id} programme={programme.data} />}
    </>
  )
}

type Draft = Record<
  'name' | 'territory' | 'issuer_name' | 'issuer_address' | 'signature' | 'sender_email' | 'visiting_days' |
    'visiting_start' | 'visiting_end',
  string
>

function draftOf(p: ProgrammeRead): Draft {
  return {
    name: p.name,
    territory: p.territory,
    issuer_name: p.issuer_name,
    issuer_address: p.issuer_address,
    signature: p.signature,
    sender_email: p.sender_email ?? '',
    visiting_days: p.visiting_days ?? '',
    visiting_start: p.visiting_start?.slice(0, 5) ?? '',
    visiting_end: p.visiting_end?.slice(0, 5) ?? '',
  }
}

function IdentityForm({ programme }: { programme: ProgrammeRead }) {
  const [draft, setDraft] = useState(() => draftOf(programme))
  const [named, setNamed] = useState(programme.named_in_national)
  const [errors, setErrors] = useState<FieldErrors>({})
  const feedback = useFeedback()
  const update = useUpdateMyProgramme()
  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }))
  const field = (key: keyof Draft, label: string, extra: { required?: boolean; hint?: string; type?: string } = {}) => (
    <TextField
      id={`prog-${key}`}
      label={label}
      value={draft[key]}
      error={errors[key]}
      onChange={set(key)}
      {...extra}
    />
  )

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    feedback.clear()
    const found: FieldErrors = {}
    for (const key of ['name', 'territory', 'issuer_name'] as const)
      if (!draft[key].trim()) found[key] = 'Ce champ est obligatoire.'
    setErrors(found)
    if (Object.keys(found).length > 0) {
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    const orNull = (v: string) => v.trim() || null
    const body: ProgrammeIdentity = {
      name: draft.name.trim(),
      territory: draft.territory.trim(),
      issuer_name: draft.issuer_name.trim(),
      issuer_address: draft.issuer_address.trim(),
      signature: draft.signature.trim(),
      sender_email: orNull(draft.sender_email),
      // The logo is kept as it is (not edited on this screen).
      logo_svg: programme.logo_svg,
      visiting_days: orNull(draft.visiting_days),
      visiting_start: orNull(draft.visiting_start),
      visiting_end: orNull(draft.visiting_end),
      named_in_national: named,
    }
    try {
      const saved = await update.mutateAsync(body)
      setDraft(draftOf(saved))
      feedback.ok('L’identité du programme a été enregistrée.')
    } catch (err) {
      const fromApi: FieldErrors = {}
      if (err instanceof ApiError) {
        for (const f of err.fields) fromApi[normalizeFieldPath(f.field)] = f.message
        if (err.status === 409) fromApi.name = err.detail
      }
      setErrors(fromApi)
      feedback.fail(err)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form" aria-label="Identité du programme">
      <p className="hint">Identifiant de connexion : {programme.slug} (il ne change pas).</p>
      {field('name', 'Nom du programme', { required: true })}
      {field('territory', 'Territoire', { required: true })}
      <fieldset className="fieldset">
        <legend>Documents et e-mails</legend>
        {field('issuer_name', 'Émetteur des documents', { required: true, hint: 'En-tête des courriers et auteur des PDF.' })}
        {field('issuer_address', 'Adresse de l’émetteur')}
        {field('signature', 'Signature', { hint: 'Termine les courriers et les e-mails.' })}
        {field('sender_email', 'Adresse d’envoi des e-mails', {
          type: 'email',
          hint: 'Vide : l’adresse de la plateforme.',
        })}
      </fieldset>
      <fieldset className="fieldset">
        <legend>Visites</legend>
        {field('visiting_days', 'Jours de visite', {
          hint: 'Numéros des jours séparés par une espace, 1 pour lundi à 7 pour dimanche, par exemple « 1 2 3 4 5 ». Vide : ceux de la plateforme.',
        })}
        {field('visiting_start', 'Début des visites', { type: 'time', hint: 'Vide : l’heure de la plateforme.' })}
        {field('visiting_end', 'Fin des visites', { type: 'time', hint: 'Vide : l’heure de la plateforme.' })}
      </fieldset>
      <div className="checkbox">
        <input id="prog-named" type="checkbox" checked={named} onChange={(e) => setNamed(e.target.checked)} />
        <label htmlFor="prog-named">
          Nommer le programme dans les chiffres nationaux (sinon « Programme non nommé »)
        </label>
      </div>
      <Feedback message={feedback.message} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={update.isPending}>
          Enregistrer
        </button>
      </div>
    </form>
  )
}

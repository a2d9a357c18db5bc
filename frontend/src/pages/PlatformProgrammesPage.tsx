import { useState, type FormEvent } from 'react'
import { useCreateProgramme, usePlatformProgrammes, type ProgrammeCreate } from '../api/programmes'
import { FieldError, TextField } from '../admin/people/Field'
import type { FieldErrors } from '../admin/people/forms'
import { CreateToggle } from '../components/CreateToggle'
import { Feedback } from '../components/Feedback'
import { ScrollRegion } from '../components/ScrollRegion'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { ApiError, normalizeFieldPath } from '../lib/errors'
import { formatDate } from '../lib/format'
import { usePageTitle } from '../lib/usePageTitle'

/** « Programmes » of the platform: the list, and a new programme with its first administrator. */
export function PlatformProgrammesPage() {
  usePageTitle('Programmes de la plateforme')
  const programmes = usePlatformProgrammes()
  const feedback = useFeedback()
  return (
    <>
      <h1>Programmes de la plateforme</h1>
      <p>Chaque programme SLIME a ses ménages, ses équipes et ses catalogues ; aucun ne voit ceux d’un autre.</p>
      <Feedback message={feedback.message} />
      <CreateToggle
        label="Créer un programme"
        feedback={feedback}
        form={(onDone) => <ProgrammeForm onDone={onDone} />}
      />
      {programmes.isPending && <Loading />}
      {programmes.isError && <QueryError error={programmes.error} />}
      {programmes.data && (
        <>
          <p role="status">{programmes.data.total} programme(s)</p>
          <ScrollRegion label="Tableau des programmes">
            <table className="table" data-testid="platform-programmes">
              <caption className="visually-hidden">Programmes de la plateforme</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Identifiant</th>
                  <th scope="col">Territoire</th>
                  <th scope="col">Émetteur des documents</th>
                  <th scope="col">État</th>
                  <th scope="col">Créé le</th>
                </tr>
              </thead>
              <tbody>
                {programmes.data.items.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">{p.name}</th>
                    <td>{p.slug}</td>
                    <td>{p.territory}</td>
                    <td>{p.issuer_name}</td>
                    <td>{p.is_active ? 'Ouvert' : 'Fermé'}</td>
                    <td>{formatDate(p.created_at)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}
    </>
  )
}

const EMPTY = {
  name: '',
  slug: '',
  territory: '',
  issuer_name: '',
  'first_admin.email': '',
  'first_admin.full_name': '',
  'first_admin.organisation_name': '',
}
type Draft = typeof EMPTY
type Key = keyof Draft

const LABELS: Record<Key, string> = {
  name: 'Nom du programme',
  slug: 'Identifiant (choisi à la connexion)',
  territory: 'Territoire',
  issuer_name: 'Émetteur des documents',
  'first_admin.email': 'E-mail du premier administrateur',
  'first_admin.full_name': 'Nom complet du premier administrateur',
  'first_admin.organisation_name': 'Organisation qui porte le programme',
}
const HINTS: Partial<Record<Key, string>> = {
  slug: 'Lettres minuscules sans accent, chiffres et tirets, par exemple « haute-vallee ». Ne change plus ensuite.',
  'first_admin.email': 'Il reçoit une invitation par e-mail pour choisir son mot de passe.',
}
const KEYS = Object.keys(EMPTY) as Key[]

/** What the form misses before anything is sent. */
function missingFields(draft: Draft): FieldErrors {
  const found: FieldErrors = {}
  for (const key of KEYS) if (!draft[key].trim()) found[key] = 'Ce champ est obligatoire.'
  if (draft.slug.trim() && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(draft.slug.trim()))
    found.slug = 'Lettres minuscules sans accent, chiffres et tirets seulement.'
  const email = draft['first_admin.email'].trim()
  if (email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) found['first_admin.email'] = 'Adresse e-mail invalide.'
  return found
}

function ProgrammeForm({ onDone }: { onDone: (text: string | null) => void }) {
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [errors, setErrors] = useState<FieldErrors>({})
  const feedback = useFeedback()
  const create = useCreateProgramme()
  const set = (key: Key) => (value: string) => setDraft((d) => ({ ...d, [key]: value }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    feedback.clear()
    const found = missingFields(draft)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    const body: ProgrammeCreate = {
      name: draft.name.trim(),
      slug: draft.slug.trim(),
      territory: draft.territory.trim(),
      issuer_name: draft.issuer_name.trim(),
      issuer_address: '',
      signature: '',
      logo_svg: '',
      named_in_national: true,
      first_admin: {
        email: draft['first_admin.email'].trim(),
        full_name: draft['first_admin.full_name'].trim(),
        organisation_name: draft['first_admin.organisation_name'].trim(),
      },
    }
    try {
      const saved = await create.mutateAsync(body)
      onDone(`Programme « ${saved.name} » créé ; son premier administrateur est invité par e-mail.`)
    } catch (err) {
      // The API's messages (already in French) go next to their field; a name taken answers 409.
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
    <section aria-labelledby="new-programme-title">
      <h2 id="new-programme-title">Créer un programme</h2>
      <form onSubmit={submit} noValidate className="form">
        <p className="hint">Tous les champs sont obligatoires.</p>
        {KEYS.slice(0, 4).map((key) => (
          <Field key={key} name={key} draft={draft} errors={errors} onChange={set(key)} />
        ))}
        <fieldset className="fieldset">
          <legend>Premier administrateur</legend>
          {KEYS.slice(4).map((key) => (
            <Field key={key} name={key} draft={draft} errors={errors} onChange={set(key)} />
          ))}
          <FieldError id="np-first_admin" error={errors.first_admin} />
        </fieldset>
        <Feedback message={feedback.message} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={create.isPending}>
            Créer le programme
          </button>
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  )
}

function Field({
  name,
  draft,
  errors,
  onChange,
}: {
  name: Key
  draft: Draft
  errors: FieldErrors
  onChange: (value: string) => void
}) {
  return (
    <TextField
      id={`np-${name.replace('.', '-')}`}
      label={LABELS[name]}
      required
      type={name === 'first_admin.email' ? 'email' : 'text'}
      hint={HINTS[name]}
      value={draft[name]}
      error={errors[name]}
      onChange={onChange}
    />
  )
}

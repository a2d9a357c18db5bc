import { useState, type FormEvent } from 'react'
import { useAdminOrganisations, useSaveOrganisation } from '../api/directory'
import { PAGE_SIZE } from '../api/pages'
import type { OrganisationKind, OrganisationRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { FilterSelect } from '../components/InlineFormParts'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { ApiError } from '../lib/errors'
import { ORGANISATION_KIND_LABELS, options } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'
import { FieldError, TextField } from './people/Field'
import type { FieldErrors } from './people/forms'
import { ScrollRegion } from '../components/ScrollRegion'

const KIND_CHOICES = options(ORGANISATION_KIND_LABELS)

/** Organisations: the département, the energy association, landlords and alert-giver partners. */
export function OrganisationsAdmin() {
  usePageTitle('Organisations – Administration')
  const [kind, setKind] = useState('')
  const [q, setQ] = useState('')
  const [offset, setOffset] = useState(0)
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  const feedback = useFeedback()
  const query = { kind: (kind || undefined) as OrganisationKind | undefined, q: q.trim() || undefined, limit: PAGE_SIZE, offset }
  const orgs = useAdminOrganisations(query)
  const filter = (set: (v: string) => void) => (value: string) => {
    set(value)
    setOffset(0)
  }
  const current = orgs.data?.items.find((o) => o.id === editing)
  const done = (text: string | null) => {
    setEditing(null)
    if (text) feedback.ok(text)
  }
  return (
    <>
      <h1>Organisations</h1>
      <p>Prescripteurs, bailleurs et partenaires.</p>
      <Feedback message={feedback.message} />
      {editing === 'new' ? (
        <OrganisationForm onDone={done} />
      ) : (
        <p>
          <button type="button" className="button" onClick={() => { feedback.clear(); setEditing('new') }}>
            Ajouter une organisation
          </button>
        </p>
      )}
      <div className="filters">
        <FilterSelect id="org-kind" label="Type" anyLabel="Tous" value={kind} choices={KIND_CHOICES} onChange={filter(setKind)} />
        <div className="field">
          <label htmlFor="org-q">Nom</label>
          <input id="org-q" type="search" value={q} maxLength={100} onChange={(e) => filter(setQ)(e.target.value)} />
        </div>
      </div>
      {orgs.isPending && <Loading />}
      {orgs.isError && <QueryError error={orgs.error} />}
      {orgs.data && (
        <>
          <p role="status">{orgs.data.total} organisation(s)</p>
          <ScrollRegion label="Tableau des organisations">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Type</th>
                  <th scope="col">E-mail</th>
                  <th scope="col">Téléphone</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {orgs.data.items.map((o) => (
                  <tr key={o.id}>
                    <th scope="row">{o.name}</th>
                    <td>{ORGANISATION_KIND_LABELS[o.kind]}</td>
                    <td>{o.email ?? '—'}</td>
                    <td>{o.phone ?? '—'}</td>
                    <td>
                      <button type="button" className="button button--secondary" onClick={() => { feedback.clear(); setEditing(o.id) }}>
                        Modifier<span className="visually-hidden"> {o.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination offset={offset} next={orgs.data.next} total={orgs.data.total} onGoTo={setOffset} />
        </>
      )}
      {current && <OrganisationForm key={current.id} organisation={current} onDone={done} />}
    </>
  )
}

function OrganisationForm({ organisation, onDone }: { organisation?: OrganisationRead; onDone: (text: string | null) => void }) {
  const [name, setName] = useState(organisation?.name ?? '')
  const [kind, setKind] = useState<OrganisationKind | ''>(organisation?.kind ?? '')
  const [email, setEmail] = useState(organisation?.email ?? '')
  const [phone, setPhone] = useState(organisation?.phone ?? '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [pending, setPending] = useState(false)
  const feedback = useFeedback()
  const saveOrganisation = useSaveOrganisation()
  const prefix = organisation ? `of-${organisation.id}` : 'of-new'
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    feedback.clear()
    const found: FieldErrors = {}
    if (!name.trim()) found.name = 'Indiquez le nom.'
    if (!organisation && !kind) found.kind = 'Choisissez le type.'
    if (email.trim() && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) found.email = 'Adresse e-mail invalide.'
    if (phone.trim() && !/^\+?[0-9 .()-]{6,20}$/.test(phone.trim())) found.phone = 'Numéro de téléphone invalide.'
    setErrors(found)
    if (Object.keys(found).length > 0) {
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    setPending(true)
    const contact = { name: name.trim(), email: email.trim() || null, phone: phone.trim() || null }
    try {
      const saved = await saveOrganisation.mutateAsync(
        organisation ? { id: organisation.id, body: contact } : { id: null, body: { ...contact, kind: kind as OrganisationKind } },
      )
      onDone(`Organisation « ${saved.name} » enregistrée.`)
    } catch (err) {
      const fromApi: FieldErrors = {}
      if (err instanceof ApiError) for (const f of err.fields) fromApi[f.field] = f.message
      setErrors(fromApi)
      feedback.fail(err)
    } finally {
      setPending(false)
    }
  }
  return (
    <section aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{organisation ? `Modifier « ${organisation.name} »` : 'Ajouter une organisation'}</h2>
      <form onSubmit={submit} noValidate className="form">
        <TextField id={`${prefix}-name`} label="Nom" required value={name} error={errors.name} onChange={setName} />
        {organisation ? (
          <p>Type : {ORGANISATION_KIND_LABELS[organisation.kind]}</p>
        ) : (
          <div className={`field${errors.kind ? ' field--invalid' : ''}`}>
            <label htmlFor={`${prefix}-kind`}>
              Type<span className="required"> (obligatoire)</span>
            </label>
            <select
              id={`${prefix}-kind`}
              value={kind}
              aria-required="true"
              aria-invalid={errors.kind ? true : undefined}
              aria-describedby={errors.kind ? `${prefix}-kind-error` : undefined}
              onChange={(e) => setKind(e.target.value as OrganisationKind | '')}
            >
              <option value="">— Choisir —</option>
              {KIND_CHOICES.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
            <FieldError id={`${prefix}-kind`} error={errors.kind} />
          </div>
        )}
        <TextField id={`${prefix}-email`} label="E-mail de contact" type="email" value={email} error={errors.email} onChange={setEmail} />
        <TextField id={`${prefix}-phone`} label="Téléphone" type="tel" value={phone} error={errors.phone} onChange={setPhone} />
        <Feedback message={feedback.message} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={pending}>
            Enregistrer
          </button>
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  )
}

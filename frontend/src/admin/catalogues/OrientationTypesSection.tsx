import { useState, type FormEvent } from 'react'
import { useOrientationTypesPage, useSaveOrientationType } from '../../api/catalogues'
import type { OrientationTypeRead } from '../../api/types'
import { Feedback } from '../../components/Feedback'
import { Pagination } from '../../components/Pagination'
import { Loading, QueryError } from '../../components/Status'
import { useFeedback } from '../../components/useFeedback'
import { Field, FormAlert } from '../../followup/Field'
import { ApiError } from '../../lib/errors'
import { resultCountText } from '../../lib/pagination'
import { checkOrientationType } from './catalogueForms'
import { ScrollRegion } from '../../components/ScrollRegion'

/** A checkbox with its label (« Proposé pour les nouvelles orientations », « Au catalogue »). */
export function ActiveCheckbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div className="field field--checkbox">
      <div className="checkbox">
        <input type="checkbox" id={id} checked={checked} onChange={(e) => onChange(e.target.checked)} />
        <label htmlFor={id}>{label}</label>
      </div>
    </div>
  )
}

/** The orientation types: list by position, add one, rename, reorder or retire one. */
export function OrientationTypesSection() {
  const [offset, setOffset] = useState(0)
  const [editing, setEditing] = useState<OrientationTypeRead | 'new' | null>(null)
  const feedback = useFeedback()
  const types = useOrientationTypesPage(offset)
  return (
    <section aria-labelledby="orientation-types-title">
      <h2 id="orientation-types-title">Types d’orientation</h2>
      <p>Les suites proposées après une visite. Un type retiré reste sur les orientations passées mais n’est plus proposé.</p>
      {editing === null && (
        <p>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            Ajouter un type d’orientation
          </button>
        </p>
      )}
      {editing !== null && (
        <OrientationTypeForm
          key={editing === 'new' ? 'new' : editing.code}
          type={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null)
            feedback.ok(message)
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <Feedback message={feedback.message} />
      {types.isPending && <Loading />}
      {types.isError && <QueryError error={types.error} />}
      {types.data && (
        <>
          <p role="status">{resultCountText(types.data.total, offset, { one: 'type', many: 'types', none: 'Aucun type d’orientation.' })}</p>
          <ScrollRegion label="Tableau des types d’orientation">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Libellé</th>
                  <th scope="col">Code</th>
                  <th scope="col">Ordre</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {types.data.items.map((t) => (
                  <tr key={t.code}>
                    <th scope="row">{t.label}</th>
                    <td>
                      <code>{t.code}</code>
                    </td>
                    <td>{t.position}</td>
                    <td>{t.active ? <span className="badge badge--done">Proposé</span> : <span className="badge badge--stopped">Retiré</span>}</td>
                    <td>
                      <button type="button" className="button button--secondary" onClick={() => setEditing(t)}>
                        Modifier<span className="visually-hidden"> {t.label}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination offset={offset} next={types.data.next} total={types.data.total} onGoTo={setOffset} />
        </>
      )}
    </section>
  )
}

function OrientationTypeForm({ type, onDone, onCancel }: { type: OrientationTypeRead | null; onDone: (m: string) => void; onCancel: () => void }) {
  const saveType = useSaveOrientationType()
  const [values, setValues] = useState({
    code: type?.code ?? '',
    label: type?.label ?? '',
    position: String(type?.position ?? ''),
    active: type?.active ?? true,
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [alert, setAlert] = useState('')
  const [pending, setPending] = useState(false)
  const set = (name: 'code' | 'label' | 'position') => (v: string) => setValues((s) => ({ ...s, [name]: v }))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAlert('')
    const checked = checkOrientationType(values, type === null)
    setErrors(checked.errors)
    if (!checked.payload) {
      document.getElementById(`ot-${Object.keys(checked.errors)[0]}`)?.focus()
      return
    }
    const { code, ...rest } = checked.payload
    setPending(true)
    try {
      const saved = await saveType.mutateAsync(
        type === null ? { code: null, body: { code: code ?? '', ...rest } } : { code: type.code, body: rest },
      )
      onDone(type === null ? `Type « ${saved.label} » ajouté au catalogue.` : `Type « ${saved.label} » enregistré.`)
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])))
      setAlert(err instanceof ApiError ? err.detail : 'Une erreur est survenue.')
    } finally {
      setPending(false)
    }
  }
  const title = type === null ? 'Nouveau type d’orientation' : `Modifier « ${type.label} »`
  return (
    <form onSubmit={submit} noValidate className="form card" aria-label={title}>
      <h3 className="h-small">{title}</h3>
      <div className="grid">
        {type === null && (
          <Field id="ot-code" label="Code" value={values.code} onChange={set('code')} error={errors.code} required maxLength={32} hint="Définitif : par exemple microcredit." />
        )}
        <Field id="ot-label" label="Libellé" value={values.label} onChange={set('label')} error={errors.label} required maxLength={120} />
        <Field id="ot-position" label="Ordre d’affichage" value={values.position} onChange={set('position')} error={errors.position} inputMode="numeric" maxLength={4} hint="0 à 1 000 ; les plus petits d’abord." />
      </div>
      <ActiveCheckbox id="ot-active" label="Proposé pour les nouvelles orientations" checked={values.active} onChange={(active) => setValues((s) => ({ ...s, active }))} />
      <FormAlert text={alert} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          Enregistrer
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  )
}

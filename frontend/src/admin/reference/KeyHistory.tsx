import { useEffect, useRef, useState, type FormEvent } from 'react'
import { useAddReferenceValue, useKeyHistory } from '../../api/reference'
import { Loading, QueryError } from '../../components/Status'
import { Field, FormAlert } from '../../followup/Field'
import { ApiError } from '../../lib/errors'
import { formatDate, formatDecimal } from '../../lib/format'
import { todayKey } from '../../lib/datetime'
import { isoToFrenchDate } from '../../lib/parse'
import { checkReferenceForm } from './referenceForm'
import { ScrollRegion } from '../../components/ScrollRegion'

/** « à renseigner » for a value not yet sourced (null), else the French number. */
export function ReferenceValueText({ value }: { value: string | null | undefined }) {
  if (value === null || value === undefined) return <span className="value-to-fill">à renseigner</span>
  return <>{formatDecimal(value)}</>
}

/** One key of a table: its dated values (oldest first) and the form adding a new one (never an overwrite). */
export function KeyHistory({ table, entryKey, unit, onClose }: { table: string; entryKey: string; unit: string; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null)
  const history = useKeyHistory(table, entryKey)
  const addValue = useAddReferenceValue()
  const [values, setValues] = useState({ value: '', unit, validFrom: isoToFrenchDate(todayKey()), source: '' })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [alert, setAlert] = useState('')
  const [done, setDone] = useState('')
  const [pending, setPending] = useState(false)
  useEffect(() => heading.current?.focus(), [entryKey])
  const set = (name: keyof typeof values) => (v: string) => setValues((s) => ({ ...s, [name]: v }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAlert('')
    setDone('')
    const checked = checkReferenceForm(values, { table, key: entryKey })
    setErrors(checked.errors)
    if (!checked.payload) {
      document.getElementById(`ref-${Object.keys(checked.errors)[0]}`)?.focus()
      return
    }
    setPending(true)
    try {
      // The table's values and the tables' counts are read again by the hook.
      const row = await addValue.mutateAsync(checked.payload)
      setValues((s) => ({ ...s, value: '', source: '' }))
      setDone(`Nouvelle valeur enregistrée pour « ${entryKey} » à partir du ${formatDate(row.valid_from)}.`)
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])))
      setAlert(err instanceof ApiError ? err.detail : 'Une erreur est survenue.')
    } finally {
      setPending(false)
    }
  }

  return (
    <section className="card" aria-labelledby="ref-history-title">
      <h3 id="ref-history-title" ref={heading} tabIndex={-1}>
        Historique de « {entryKey} »
      </h3>
      {history.isPending && <Loading />}
      {history.isError && <QueryError error={history.error} />}
      {history.data && (
        <ScrollRegion label={`Historique de « ${entryKey} »`}>
          <table className="table">
            <caption className="visually-hidden">Valeurs datées de « {entryKey} », de la plus ancienne à la plus récente</caption>
            <thead>
              <tr>
                <th scope="col">À partir du</th>
                <th scope="col">Valeur</th>
                <th scope="col">Unité</th>
                <th scope="col">Source</th>
                <th scope="col">En vigueur</th>
              </tr>
            </thead>
            <tbody>
              {history.data.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{formatDate(r.valid_from)}</th>
                  <td>
                    <ReferenceValueText value={r.value} />
                  </td>
                  <td>{r.unit}</td>
                  <td className="break-anywhere">{r.source}</td>
                  <td>{r.in_force ? <span className="badge badge--done">En vigueur</span> : r.valid_from > todayKey() ? 'À venir' : 'Remplacée'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <form onSubmit={submit} noValidate className="form" aria-labelledby="ref-form-title">
        <h4 id="ref-form-title" className="h-small">
          Ajouter une valeur datée
        </h4>
        <p className="hint">Une valeur enregistrée n’est jamais remplacée : la nouvelle s’applique à partir de sa date, l’historique reste.</p>
        <div className="grid">
          <Field id="ref-value" label="Valeur" value={values.value} onChange={set('value')} error={errors.value} inputMode="decimal" maxLength={20} hint="Laissez vide si la valeur est encore « à renseigner »." />
          <Field id="ref-unit" label="Unité" value={values.unit} onChange={set('unit')} error={errors.unit} required maxLength={80} />
          <Field id="ref-valid_from" label="À partir du" value={values.validFrom} onChange={set('validFrom')} error={errors.valid_from} required maxLength={10} hint="Au format jj/mm/aaaa." />
        </div>
        <Field id="ref-source" label="Source" value={values.source} onChange={set('source')} error={errors.source} required multiline maxLength={500} />
        <FormAlert text={alert} />
        <div aria-live="polite">
          {done && (
            <p role="status" className="alert alert--success">
              {done}
            </p>
          )}
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={pending}>
            Enregistrer la valeur
          </button>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Fermer l’historique
          </button>
        </div>
      </form>
    </section>
  )
}

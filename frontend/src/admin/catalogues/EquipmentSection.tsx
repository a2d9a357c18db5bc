import { useState, type FormEvent } from 'react'
import { useEquipmentPage, useSaveEquipment } from '../../api/catalogues'
import type { EquipmentItemRead } from '../../api/types'
import { Feedback } from '../../components/Feedback'
import { Pagination } from '../../components/Pagination'
import { Loading, QueryError } from '../../components/Status'
import { useFeedback } from '../../components/useFeedback'
import { Field, FormAlert } from '../../followup/Field'
import { ApiError } from '../../lib/errors'
import { formatAmount, formatDecimal, formatInteger } from '../../lib/format'
import { resultCountText } from '../../lib/pagination'
import { decimalToInput } from '../../lib/parse'
import { checkEquipment } from './catalogueForms'
import { ActiveCheckbox } from './OrientationTypesSection'
import { ScrollRegion } from '../../components/ScrollRegion'

/** The small-equipment catalogue: list, add an item, change its cost, savings or source. */
export function EquipmentSection() {
  const [offset, setOffset] = useState(0)
  const [editing, setEditing] = useState<EquipmentItemRead | 'new' | null>(null)
  const feedback = useFeedback()
  const items = useEquipmentPage(offset)
  return (
    <section aria-labelledby="equipment-title">
      <h2 id="equipment-title">Petit équipement</h2>
      <p>Le matériel posé pendant la visite, avec son coût unitaire et l’économie estimée par an (et sa source).</p>
      {editing === null && (
        <p>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            Ajouter un équipement
          </button>
        </p>
      )}
      {editing !== null && (
        <EquipmentForm
          key={editing === 'new' ? 'new' : editing.id}
          item={editing === 'new' ? null : editing}
          onDone={(message) => {
            setEditing(null)
            feedback.ok(message)
          }}
          onCancel={() => setEditing(null)}
        />
      )}
      <Feedback message={feedback.message} />
      {items.isPending && <Loading />}
      {items.isError && <QueryError error={items.error} />}
      {items.data && (
        <>
          <p role="status">{resultCountText(items.data.total, offset, { one: 'équipement', many: 'équipements', none: 'Catalogue vide.' })}</p>
          <ScrollRegion label="Tableau du petit équipement">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Équipement</th>
                  <th scope="col">Coût unitaire</th>
                  <th scope="col">Économie par an</th>
                  <th scope="col">Source</th>
                  <th scope="col">Statut</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {items.data.items.map((e) => (
                  <tr key={e.id}>
                    <th scope="row">
                      {e.name}
                      <br />
                      <small>
                        <code>{e.code}</code>
                      </small>
                    </th>
                    <td>{formatAmount(e.unit_cost_eur)}</td>
                    <td>
                      {formatInteger(e.yearly_saving_kwh)} kWh
                      {Number(e.yearly_saving_water_m3) > 0 && <>, {formatDecimal(e.yearly_saving_water_m3)} m³ d’eau</>}
                    </td>
                    <td className="break-anywhere">{e.source || 'Non renseignée'}</td>
                    <td>{e.active ? <span className="badge badge--done">Au catalogue</span> : <span className="badge badge--stopped">Retiré</span>}</td>
                    <td>
                      <button type="button" className="button button--secondary" onClick={() => setEditing(e)}>
                        Modifier<span className="visually-hidden"> {e.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination offset={offset} next={items.data.next} total={items.data.total} onGoTo={setOffset} />
        </>
      )}
    </section>
  )
}

function EquipmentForm({ item, onDone, onCancel }: { item: EquipmentItemRead | null; onDone: (m: string) => void; onCancel: () => void }) {
  const saveEquipment = useSaveEquipment()
  const [values, setValues] = useState({
    code: item?.code ?? '',
    name: item?.name ?? '',
    unitCost: decimalToInput(item?.unit_cost_eur),
    savingKwh: decimalToInput(item?.yearly_saving_kwh),
    savingWater: decimalToInput(item?.yearly_saving_water_m3),
    source: item?.source ?? '',
    active: item?.active ?? true,
  })
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [alert, setAlert] = useState('')
  const [pending, setPending] = useState(false)
  const set = (name: 'code' | 'name' | 'unitCost' | 'savingKwh' | 'savingWater' | 'source') => (v: string) => setValues((s) => ({ ...s, [name]: v }))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAlert('')
    const checked = checkEquipment(values)
    setErrors(checked.errors)
    if (!checked.payload) {
      document.getElementById(`eq-${Object.keys(checked.errors)[0]}`)?.focus()
      return
    }
    const body = checked.payload
    setPending(true)
    try {
      const saved = await saveEquipment.mutateAsync({ itemId: item?.id ?? null, body })
      onDone(item === null ? `« ${saved.name} » ajouté au catalogue.` : `« ${saved.name} » enregistré.`)
    } catch (err) {
      if (err instanceof ApiError) setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])))
      setAlert(err instanceof ApiError ? err.detail : 'Une erreur est survenue.')
    } finally {
      setPending(false)
    }
  }
  const title = item === null ? 'Nouvel équipement' : `Modifier « ${item.name} »`
  return (
    <form onSubmit={submit} noValidate className="form card" aria-label={title}>
      <h3 className="h-small">{title}</h3>
      <div className="grid">
        <Field id="eq-code" label="Code" value={values.code} onChange={set('code')} error={errors.code} required maxLength={40} hint="Par exemple led_bulb." />
        <Field id="eq-name" label="Nom" value={values.name} onChange={set('name')} error={errors.name} required maxLength={120} />
        <Field id="eq-unit_cost_eur" label="Coût unitaire (€)" value={values.unitCost} onChange={set('unitCost')} error={errors.unit_cost_eur} required inputMode="decimal" maxLength={14} />
        <Field id="eq-yearly_saving_kwh" label="Économie d’énergie (kWh par an)" value={values.savingKwh} onChange={set('savingKwh')} error={errors.yearly_saving_kwh} inputMode="numeric" maxLength={9} />
        <Field id="eq-yearly_saving_water_m3" label="Économie d’eau (m³ par an)" value={values.savingWater} onChange={set('savingWater')} error={errors.yearly_saving_water_m3} inputMode="decimal" maxLength={9} />
      </div>
      <Field id="eq-source" label="Source des valeurs" value={values.source} onChange={set('source')} error={errors.source} multiline maxLength={300} />
      <ActiveCheckbox id="eq-active" label="Au catalogue (proposé pendant les visites)" checked={values.active} onChange={(active) => setValues((s) => ({ ...s, active }))} />
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

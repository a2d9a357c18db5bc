import { useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import { useTerritorialUnits, useUpdateTerritorialUnit } from '../api/directory'
import type { TerritorialUnitRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { ApiError } from '../lib/errors'
import { formatInteger } from '../lib/format'
import { usePageTitle } from '../lib/usePageTitle'
import { TextField } from './people/Field'
import type { FieldErrors } from './people/forms'
import { ScrollRegion } from '../components/ScrollRegion'

/** Territorial units: households (with source and year), number of communes, edit the households figure. */
export function UnitsAdmin() {
  usePageTitle('Unités territoriales – Administration')
  const [editing, setEditing] = useState<number | null>(null)
  const feedback = useFeedback()
  const units = useTerritorialUnits()
  const unit = units.data?.find((u) => u.id === editing)
  return (
    <>
      <h1>Unités territoriales</h1>
      <p>Le nombre de ménages de chaque unité fixe l&apos;objectif de visites des campagnes qui la couvrent.</p>
      <Feedback message={feedback.message} />
      {units.isPending && <Loading />}
      {units.isError && <QueryError error={units.error} />}
      {units.data && (
        <ScrollRegion label="Tableau des unités territoriales">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Unité</th>
                <th scope="col">Ménages</th>
                <th scope="col">Source du chiffre</th>
                <th scope="col">Année</th>
                <th scope="col">Communes</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {units.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">{u.name}</th>
                  <td>{formatInteger(u.households_count)}</td>
                  <td>{u.households_source || '—'}</td>
                  <td>{u.households_year ?? '—'}</td>
                  <td>
                    <Link to={`/administration/communes?unit=${u.id}`}>
                      {formatInteger(u.communes_count)} commune(s)<span className="visually-hidden"> de {u.name}</span>
                    </Link>
                  </td>
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => { feedback.clear(); setEditing(u.id) }}>
                      Modifier<span className="visually-hidden"> {u.name}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {unit && (
        <UnitForm
          key={unit.id}
          unit={unit}
          onDone={(text) => {
            setEditing(null)
            if (text) feedback.ok(text)
          }}
        />
      )}
    </>
  )
}

function UnitForm({ unit, onDone }: { unit: TerritorialUnitRead; onDone: (text: string | null) => void }) {
  const [count, setCount] = useState(String(unit.households_count))
  const [source, setSource] = useState(unit.households_source)
  const [year, setYear] = useState(unit.households_year ? String(unit.households_year) : '')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [pending, setPending] = useState(false)
  const feedback = useFeedback()
  const updateUnit = useUpdateTerritorialUnit()
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    feedback.clear()
    const found: FieldErrors = {}
    const households = count.replace(/[\s\u202f]/g, '')
    if (!/^\d{1,8}$/.test(households)) found.households_count = 'Nombre entier de ménages (par exemple 31250).'
    if (year && !/^(19|20|21)\d{2}$/.test(year.trim())) found.households_year = 'Année sur 4 chiffres (par exemple 2021).'
    setErrors(found)
    if (Object.keys(found).length > 0) {
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    setPending(true)
    try {
      const saved = await updateUnit.mutateAsync({
        unitId: unit.id,
        body: { households_count: Number(households), households_source: source.trim(), households_year: year ? Number(year) : null },
      })
      onDone(`${saved.name} : ${formatInteger(saved.households_count)} ménages enregistrés.`)
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
    <section aria-labelledby="unit-form-title">
      <h2 id="unit-form-title">Modifier l&apos;unité {unit.name}</h2>
      <form onSubmit={submit} noValidate className="form">
        <TextField id="uf-count" label="Nombre de ménages" required inputMode="numeric" value={count} error={errors.households_count} onChange={setCount} />
        <TextField id="uf-source" label="Source du chiffre" value={source} error={errors.households_source} onChange={setSource} hint="Par exemple : INSEE, recensement de la population." />
        <TextField id="uf-year" label="Année du chiffre" inputMode="numeric" value={year} error={errors.households_year} onChange={setYear} />
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

import { useState } from 'react'
import { useReferenceTables, useValuesInForce } from '../api/reference'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { formatDate } from '../lib/format'
import { resultCountText } from '../lib/pagination'
import { usePageTitle } from '../lib/usePageTitle'
import { KeyHistory, ReferenceValueText } from './reference/KeyHistory'
import { ScrollRegion } from '../components/ScrollRegion'

/** Valeurs datées avec leur source: by table, the value in force of each key; per key, its history and a new dated value. */
export function ReferenceValuesAdmin() {
  usePageTitle('Valeurs de référence – Administration')
  const [table, setTable] = useState('')
  const [offset, setOffset] = useState(0)
  const [selected, setSelected] = useState<{ key: string; unit: string } | null>(null)
  const tables = useReferenceTables()
  const values = useValuesInForce(table, offset)
  const choose = (name: string) => {
    setTable(name)
    setOffset(0)
    setSelected(null)
  }

  return (
    <>
      <h1>Valeurs de référence</h1>
      <p>
        Facteurs de conversion, prix, seuils, barèmes, coûts : chaque valeur est datée et sourcée. Une nouvelle valeur
        s’applique à partir de sa date ; les anciennes restent dans l’historique, et les calculs passés ne changent pas.
      </p>
      {tables.isError && <QueryError error={tables.error} />}
      <div className="field">
        <label htmlFor="ref-table">Table</label>
        <select id="ref-table" value={table} onChange={(e) => choose(e.target.value)}>
          <option value="">— Choisir une table —</option>
          {(tables.data ?? []).map((t) => (
            <option key={t.name} value={t.name}>
              {t.name} ({t.keys} clé{t.keys > 1 ? 's' : ''}
              {t.to_fill > 0 ? `, ${t.to_fill} à renseigner` : ''})
            </option>
          ))}
        </select>
      </div>
      {table && (
        <section aria-labelledby="ref-in-force-title">
          <h2 id="ref-in-force-title">Valeurs en vigueur – {table}</h2>
          {values.isPending && <Loading />}
          {values.isError && <QueryError error={values.error} />}
          {values.data && (
            <>
              <p role="status">{resultCountText(values.data.total, offset, { one: 'clé', many: 'clés', none: 'Aucune valeur en vigueur.' })}</p>
              <ScrollRegion label="Tableau des valeurs en vigueur">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Clé</th>
                      <th scope="col">Valeur</th>
                      <th scope="col">Unité</th>
                      <th scope="col">Depuis le</th>
                      <th scope="col">Source</th>
                      <th scope="col">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {values.data.items.map((r) => (
                      <tr key={r.id}>
                        <th scope="row">
                          <code>{r.key}</code>
                        </th>
                        <td>
                          <ReferenceValueText value={r.value} />
                        </td>
                        <td>{r.unit}</td>
                        <td>{formatDate(r.valid_from)}</td>
                        <td className="break-anywhere">{r.source}</td>
                        <td>
                          <button type="button" className="button button--secondary" onClick={() => setSelected({ key: r.key, unit: r.unit })}>
                            Historique et nouvelle valeur<span className="visually-hidden"> de {r.key}</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </ScrollRegion>
              <Pagination offset={offset} next={values.data.next} total={values.data.total} onGoTo={setOffset} />
            </>
          )}
          {selected && <KeyHistory key={selected.key} table={table} entryKey={selected.key} unit={selected.unit} onClose={() => setSelected(null)} />}
        </section>
      )}
    </>
  )
}

import { useState } from 'react'
import { useSearchParams } from 'react-router'
import { useAdminCommunes, useTerritorialUnitsForAdmin, useUpdateCommune } from '../api/directory'
import { PAGE_SIZE } from '../api/pages'
import type { CommuneRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { Pagination } from '../components/Pagination'
import { useFeedback } from '../components/useFeedback'
import { ScrollRegion } from '../components/ScrollRegion'

const OUTSIDE = 'outside'

/**
 * The territorial unit serving each commune. Seeded as an approximation (by arrondissement, the
 * communes of the CC Champagnole Nozeroy Jura going to Champagnole) that the département corrects
 * here; households created or moved afterwards take the new unit.
 */
export function CommunesAdmin() {
  const [postcode, setPostcode] = useState('')
  const [q, setQ] = useState('')
  // /administration/communes?unit=<id> opens on one unit's communes (linked from the units screen).
  const [searchParams] = useSearchParams()
  const [unit, setUnit] = useState(() => searchParams.get('unit') ?? '')
  const [offset, setOffset] = useState(0)
  const units = useTerritorialUnitsForAdmin()
  const feedback = useFeedback()
  const updateCommune = useUpdateCommune()
  const query = {
    postcode: /^[0-9]{2,5}$/.test(postcode.trim()) ? postcode.trim() : undefined,
    q: q.trim() || undefined,
    unit_id: unit && unit !== OUTSIDE ? Number(unit) : undefined,
    outside_units: unit === OUTSIDE ? true : undefined,
    limit: PAGE_SIZE,
    offset,
  }
  const communes = useAdminCommunes(query)

  const change = async (c: CommuneRead, value: string) => {
    feedback.clear()
    try {
      const updated = await updateCommune.mutateAsync({ inseeCode: c.insee_code, unitId: value ? Number(value) : null })
      feedback.ok(`${updated.name} : ${updated.unit ? `unité ${updated.unit.name}` : 'hors unités territoriales'}.`)
    } catch (e) {
      feedback.fail(e)
    }
  }
  const filter = (set: (v: string) => void) => (value: string) => {
    set(value)
    setOffset(0)
  }

  return (
    <section aria-labelledby="communes-admin-title">
      <h2 id="communes-admin-title">Communes et unités territoriales</h2>
      <p>
        L&apos;unité de chaque commune a été pré-remplie par approximation (arrondissement ; communes de la
        communauté de communes Champagnole Nozeroy Jura rattachées à Champagnole) : à vérifier avec le
        département et à corriger ici. Les ménages créés ou déménagés ensuite prennent la nouvelle unité.
      </p>
      <div className="filters">
        <div className="field">
          <label htmlFor="ca-postcode">Code postal</label>
          <input id="ca-postcode" inputMode="numeric" maxLength={5} value={postcode} onChange={(e) => filter(setPostcode)(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ca-q">Nom de la commune</label>
          <input id="ca-q" value={q} maxLength={120} onChange={(e) => filter(setQ)(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="ca-unit">Unité territoriale</label>
          <select id="ca-unit" value={unit} onChange={(e) => filter(setUnit)(e.target.value)}>
            <option value="">Toutes</option>
            {units.data?.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
            <option value={OUTSIDE}>Hors unités territoriales</option>
          </select>
        </div>
      </div>
      <Feedback message={feedback.message} />
      {communes.data && (
        <>
          <p role="status">{communes.data.total} commune(s)</p>
          <ScrollRegion label="Tableau des communes">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Commune</th>
                  <th scope="col">Code INSEE</th>
                  <th scope="col">Codes postaux</th>
                  <th scope="col">Unité territoriale</th>
                </tr>
              </thead>
              <tbody>
                {communes.data.items.map((c) => (
                  <tr key={c.insee_code}>
                    <th scope="row">{c.name}</th>
                    <td>{c.insee_code}</td>
                    <td>{c.postcodes.join(', ')}</td>
                    <td>
                      <label className="visually-hidden" htmlFor={`ca-unit-${c.insee_code}`}>
                        Unité territoriale de {c.name}
                      </label>
                      <select id={`ca-unit-${c.insee_code}`} value={c.unit ? String(c.unit.id) : ''} onChange={(e) => void change(c, e.target.value)}>
                        <option value="">Hors unités territoriales</option>
                        {units.data?.map((u) => (
                          <option key={u.id} value={u.id}>
                            {u.name}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination offset={offset} next={communes.data.next} total={communes.data.total} onGoTo={setOffset} />
        </>
      )}
    </section>
  )
}

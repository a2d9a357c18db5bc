import { useState, type FormEvent } from 'react'
import { useSearchParams } from 'react-router'
import { useNationalFigures, type NationalProgrammeRow } from '../api/programmes'
import { ScrollRegion } from '../components/ScrollRegion'
import { Loading, QueryError } from '../components/Status'
import { CountCell, CountTable, MaskedCell, SuppressedHint } from '../dashboard/CountTables'
import { formatPct, SUPPRESSED_NOTE } from '../lib/dashboard'
import { formatDecimal, formatInteger } from '../lib/format'
import { nationalYears, yearFromParams } from '../lib/national'
import { usePageTitle } from '../lib/usePageTitle'
import '../dashboard/dashboard.css'

/** « Chiffres nationaux »: the year across programmes, for the national network (never a household). */
export function NationalPage() {
  usePageTitle('Chiffres nationaux')
  const [params, setParams] = useSearchParams()
  const years = nationalYears()
  const year = yearFromParams(params, years)
  const figures = useNationalFigures(year)
  const data = figures.data

  return (
    <>
      <h1>Chiffres nationaux</h1>
      <p>
        L&apos;année de tous les programmes SLIME de la plateforme : visites au regard de l&apos;objectif de chacun,
        profils des ménages visités, orientations et leurs suites. Aucun ménage n&apos;y figure.
      </p>
      <YearForm key={year} year={year} years={years} onApply={(y) => setParams({ annee: String(y) })} />
      <p role="status" aria-live="polite" className="result-count">
        {figures.isFetching ? 'Chargement des chiffres…' : data ? `Chiffres ${data.year} affichés.` : ''}
      </p>
      {figures.isPending && <Loading />}
      {figures.isError && <QueryError error={figures.error} />}
      {data && !figures.isError && (
        <div className={figures.isPlaceholderData ? 'dashboard dashboard--stale' : 'dashboard'}>
          <p className="note small">{SUPPRESSED_NOTE}</p>
          <section aria-labelledby="n-programmes">
            <h2 id="n-programmes">Objectif et visites par programme</h2>
            <ProgrammesTable year={data.year} rows={data.programmes} total={data.total} />
            {data.programmes_without_campaign > 0 && (
              <p className="hint">
                {data.programmes_without_campaign === 1
                  ? `Un programme n’a pas de campagne en ${data.year} : il ne figure pas dans le tableau.`
                  : `${formatInteger(data.programmes_without_campaign)} programmes n’ont pas de campagne en ${data.year} : ils ne figurent pas dans le tableau.`}
              </p>
            )}
          </section>
          <section aria-labelledby="n-profiles">
            <h2 id="n-profiles">Profil des ménages visités</h2>
            <div className="chart-grid">
              <CountTable caption="Statut d’occupation" rows={data.tenure} labelHeader="Statut" testId="n-tenure" />
              <CountTable
                caption="Énergie de chauffage principale"
                rows={data.heating_energy}
                labelHeader="Énergie"
                testId="n-heating-energy"
              />
              <CountTable
                caption="Tranche de revenus (déciles)"
                rows={data.income_band}
                labelHeader="Tranche"
                testId="n-income-band"
              />
              <CountTable
                caption="Taux d’effort énergétique (TEE)"
                rows={data.tee_band}
                labelHeader="Taux d’effort énergétique"
                testId="n-tee-band"
              />
            </div>
          </section>
          <section aria-labelledby="n-orientations">
            <h2 id="n-orientations">Orientations</h2>
            <div className="chart-grid">
              <CountTable
                caption="Orientations proposées, par type"
                rows={data.orientations}
                labelHeader="Type d’orientation"
                countHeader="Orientations"
                testId="n-orientations"
              />
              <CountTable
                caption="Suites des orientations"
                rows={data.orientation_outcomes}
                labelHeader="Où elles en sont"
                countHeader="Orientations"
                testId="n-orientation-outcomes"
              />
            </div>
          </section>
          <section aria-labelledby="n-impact">
            <h2 id="n-impact">Impact mesuré</h2>
            <p>{data.measured_impact.note}</p>
            <CountTable
              caption={`Ménages visités en ${data.measured_impact.cohort_year} et mesurés sur leurs factures, par action`}
              rows={data.measured_impact.rows.map((r) => ({ key: r.group, label: r.label, count: r.households }))}
              labelHeader="Action réalisée"
              countHeader="Ménages mesurés"
              testId="n-impact"
            />
          </section>
        </div>
      )}
    </>
  )
}

function YearForm({ year, years, onApply }: { year: number; years: readonly number[]; onApply: (y: number) => void }) {
  const [selected, setSelected] = useState(String(year))
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    onApply(Number(selected))
  }
  return (
    <form aria-label="Choisir l’année" onSubmit={onSubmit} className="filters">
      <div className="field">
        <label htmlFor="national-year">Année de campagne</label>
        <select id="national-year" value={selected} onChange={(e) => setSelected(e.target.value)}>
          {years.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </select>
      </div>
      <div className="filters__actions">
        <button type="submit" className="button">
          Afficher
        </button>
      </div>
    </form>
  )
}

function ProgrammesTable({
  year,
  rows,
  total,
}: {
  year: number
  rows: readonly NationalProgrammeRow[]
  total: NationalProgrammeRow
}) {
  if (rows.length === 0) return <p className="muted">Aucun programme n’a de campagne en {year}.</p>
  const caption = `Objectif et visites réalisées en ${year}, par programme`
  return (
    <ScrollRegion label={caption}>
      <table className="table" data-testid="national-programmes">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Programme</th>
            <th scope="col" className="num">
              Ménages du territoire
            </th>
            <th scope="col" className="num">
              Objectif (‰ des ménages)
            </th>
            <th scope="col" className="num">
              Objectif de visites
            </th>
            <th scope="col" className="num">
              Visites réalisées
            </th>
            <th scope="col" className="num">
              Part de l&apos;objectif
            </th>
          </tr>
        </thead>
        <tbody>
          {/* Unnamed programmes share a label: the index keeps the rows apart. */}
          {rows.map((r, i) => (
            <ProgrammeRow key={`${i}-${r.programme}`} row={r} />
          ))}
        </tbody>
        <tfoot>
          <ProgrammeRow row={total} />
        </tfoot>
      </table>
      {[...rows, total].some((r) => r.visits_done === null) && <SuppressedHint masked />}
    </ScrollRegion>
  )
}

function ProgrammeRow({ row }: { row: NationalProgrammeRow }) {
  return (
    <tr>
      <th scope="row">{row.programme}</th>
      <td className="num">{formatInteger(row.households_count)}</td>
      <td className="num">{formatDecimal(row.objective_per_thousand)}</td>
      <td className="num">{formatDecimal(row.objective_visits)}</td>
      <CountCell count={row.visits_done} />
      <MaskedCell hidden={row.visits_done === null}>{formatPct(row.share_of_objective_pct)}</MaskedCell>
    </tr>
  )
}

import { useMemo } from 'react'
import type { UnitProgress } from '../api/types'
import { cumulative, formatPct, MONTH_LONG, MONTH_SHORT, monthsElapsed } from '../lib/dashboard'
import { CountCell, MaskedCell, SuppressedHint } from './CountTables'
import { formatDecimal, formatInteger } from '../lib/format'
import { progressChartConfig } from './charts'
import { ChartCanvas } from './ChartCanvas'
import { ScrollRegion } from '../components/ScrollRegion'

/** Progress against the objective: cumulative visits by month per unit, chart and tables. */
export function ProgressSection({
  year,
  units,
  total,
}: {
  year: number
  units: readonly UnitProgress[]
  total: UnitProgress
}) {
  const done = monthsElapsed(year)
  const config = useMemo(() => progressChartConfig(units, done), [units, done])
  const showTotal = units.length > 1
  const rows = showTotal ? [...units, total] : units
  const hiddenDone = rows.some((u) => u.visits_done === null)
  const hiddenMonths = rows.some((u) => u.visits_by_month.some((n) => n === null))

  return (
    <section aria-labelledby="s-progress">
      <h2 id="s-progress">Avancement de l&apos;objectif par unité territoriale</h2>
      {units.length > 0 ? (
        <figure className="chart-figure">
          <figcaption className="chart-figure__title">
            Visites réalisées en {year}, en cumul mois par mois, et objectif annuel de chaque unité (en pointillés)
          </figcaption>
          <ChartCanvas
            config={config}
            height={340}
            label={`Courbes des visites cumulées par mois en ${year} pour ${units.map((u) => u.unit).join(', ')}, avec l'objectif de chaque unité.${
              hiddenMonths ? ' Certains cumuls sont masqués (secret statistique) : la courbe s’interrompt à ces mois.' : ''
            } Les valeurs figurent dans les tableaux « Objectif et visites réalisées » et « Visites cumulées par mois ».`}
          />
        </figure>
      ) : (
        <p className="muted">Aucune unité territoriale dans cette campagne.</p>
      )}

      <ScrollRegion label={`Objectif et visites réalisées en ${year}`}>
        <table className="table" data-testid="objective-table">
          <caption>Objectif et visites réalisées en {year}</caption>
          <thead>
            <tr>
              <th scope="col">Unité territoriale</th>
              <th scope="col" className="num">
                Ménages du territoire
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
            {units.map((u) => (
              <ObjectiveRow key={u.unit_id ?? u.unit} row={u} />
            ))}
          </tbody>
          {showTotal && (
            <tfoot>
              <ObjectiveRow row={total} />
            </tfoot>
          )}
        </table>
        {hiddenDone && <SuppressedHint masked />}
      </ScrollRegion>

      <ScrollRegion label={`Visites cumulées par mois en ${year}`}>
        <table className="table table--compact" data-testid="monthly-table">
          <caption>Visites cumulées par mois en {year}</caption>
          <thead>
            <tr>
              <th scope="col">Unité territoriale</th>
              {MONTH_SHORT.map((m, i) => (
                <th key={m} scope="col" className="num">
                  <span aria-hidden="true">{m}</span>
                  <span className="visually-hidden">{MONTH_LONG[i]}</span>
                </th>
              ))}
              <th scope="col" className="num">
                Objectif
              </th>
            </tr>
          </thead>
          <tbody>
            {units.map((u) => (
              <MonthlyRow key={u.unit_id ?? u.unit} row={u} done={done} />
            ))}
          </tbody>
          {showTotal && (
            <tfoot>
              <MonthlyRow row={total} done={done} />
            </tfoot>
          )}
        </table>
        {done < 12 && (
          <p className="hint small">« – » : mois pas encore commencé.</p>
        )}
        {hiddenMonths && (
          <p className="hint small">
            « masqué » : cumul non publié, car un mois compte de 1 à 4 visites ou est masqué avec lui (secret statistique).
          </p>
        )}
      </ScrollRegion>
    </section>
  )
}

function ObjectiveRow({ row }: { row: UnitProgress }) {
  return (
    <tr>
      <th scope="row">{row.unit}</th>
      <td className="num">{formatInteger(row.households_count)}</td>
      <td className="num">{formatDecimal(row.objective_visits)}</td>
      <CountCell count={row.visits_done} />
      <MaskedCell hidden={row.visits_done === null}>{formatPct(row.share_of_objective_pct)}</MaskedCell>
    </tr>
  )
}

function MonthlyRow({ row, done }: { row: UnitProgress; done: number }) {
  return (
    <tr>
      <th scope="row">{row.unit}</th>
      {cumulative(row.visits_by_month, done, row.visits_done).map((v, i) =>
        i >= done ? (
          <td key={i} className="num">
            –
          </td>
        ) : (
          <MaskedCell key={i} hidden={v === null}>
            {formatInteger(v)}
          </MaskedCell>
        ),
      )}
      <td className="num">{formatDecimal(row.objective_visits)}</td>
    </tr>
  )
}

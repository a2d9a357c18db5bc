import { useMemo, type ReactNode } from 'react'
import type { CountRow, CrossTab } from '../api/types'
import { crossTabHasSuppressed, formatCount, MASKED, rowsHaveSuppressed, SUPPRESSED } from '../lib/dashboard'
import { barChartHeight, countChartConfig } from './charts'
import { ChartCanvas } from './ChartCanvas'
import { ScrollRegion } from '../components/ScrollRegion'

/** A count cell: « < 5 » when suppressed, with the reason for screen readers. */
export function CountCell({ count }: { count: number | null }) {
  if (count !== null) return <td className="num">{formatCount(count)}</td>
  return (
    <td className="num suppressed">
      {SUPPRESSED}
      <span className="visually-hidden"> (masqué, secret statistique)</span>
    </td>
  )
}

/**
 * A figure that depends on a hidden count (a total, a running total, an amount that goes with it):
 * « masqué », with the reason for screen readers; `children` when it is published.
 */
export function MaskedCell({ hidden, children }: { hidden: boolean; children?: ReactNode }) {
  if (!hidden) return <td className="num">{children}</td>
  return (
    <td className="num suppressed">
      {MASKED}
      <span className="visually-hidden"> (secret statistique)</span>
    </td>
  )
}

export function SuppressedHint({ masked = false }: { masked?: boolean }) {
  return (
    <p className="hint small">
      Secret statistique : effectifs de 1 à 4 masqués (« {SUPPRESSED} »).
      {masked && ` « ${MASKED} » : figure qui dépend d’un effectif masqué, non publiée.`}
    </p>
  )
}

/** A two-column table (label, count) of the report. */
export function CountTable({
  caption,
  rows,
  labelHeader,
  countHeader = 'Ménages',
  testId,
}: {
  caption: string
  rows: readonly CountRow[]
  labelHeader: string
  countHeader?: string
  testId?: string
}) {
  if (rows.length === 0) return <p className="muted">{caption} : aucune donnée pour cette période.</p>
  return (
    <ScrollRegion label={caption}>
      <table className="table table--compact" data-testid={testId}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col" className="num">
              {countHeader}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <CountCell count={r.count} />
            </tr>
          ))}
        </tbody>
      </table>
      {rowsHaveSuppressed(rows) && <SuppressedHint />}
    </ScrollRegion>
  )
}

/** A bar chart of counts with the same figures in a table beside it. */
export function CountFigure({
  title,
  rows,
  labelHeader,
  countHeader = 'Ménages',
  colorIndex = 0,
  testId,
}: {
  title: string
  rows: readonly CountRow[]
  labelHeader: string
  countHeader?: string
  colorIndex?: number
  testId?: string
}) {
  const config = useMemo(() => countChartConfig(rows, countHeader, colorIndex), [rows, countHeader, colorIndex])
  return (
    <figure className="chart-figure">
      <figcaption className="chart-figure__title">{title}</figcaption>
      <div className="chart-figure__body">
        {rows.some((r) => (r.count ?? 0) > 0) ? (
          <ChartCanvas
            config={config}
            height={barChartHeight(rows.length)}
            label={`Graphique en barres : ${title.toLowerCase()}.${
              rowsHaveSuppressed(rows) ? ' Les effectifs de moins de 5 sont masqués (secret statistique) : pas de barre.' : ''
            } Les valeurs figurent dans le tableau « ${title} ».`}
          />
        ) : (
          <p className="muted small">Pas de graphique : aucun effectif publiable (nul ou inférieur à 5).</p>
        )}
        <CountTable caption={title} rows={rows} labelHeader={labelHeader} countHeader={countHeader} testId={testId} />
      </div>
    </figure>
  )
}

/** The tenure × heating cross-tab, rows and columns as the API sends them. */
export function CrossTable({ caption, tab, corner }: { caption: string; tab: CrossTab; corner: string }) {
  if (tab.rows.length === 0 || tab.columns.length === 0) return null
  return (
    <ScrollRegion label={caption}>
      <table className="table table--compact table--cross" data-testid="tenure-by-heating">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{corner}</th>
            {tab.columns.map((c) => (
              <th key={c} scope="col" className="num">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tab.rows.map((r, i) => (
            <tr key={r}>
              <th scope="row">{r}</th>
              {tab.columns.map((c, j) => (
                <CountCell key={c} count={tab.cells[i]?.[j] ?? null} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {crossTabHasSuppressed(tab) && <SuppressedHint />}
    </ScrollRegion>
  )
}

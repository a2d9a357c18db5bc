import { useReportFigures } from '../api/reports'
import type { FrozenFiguresRead } from '../api/types'
import { SourcesDisclosure } from '../components/SourcesDisclosure'
import { Loading, QueryError } from '../components/Status'
import { useEnergyVocabulary } from '../api/vocabulary'
import { energyLabel, type Energy } from '../lib/energy'
import { figureText, isCalculable, withIndicative, type FigureLike } from '../lib/figures'
import { formatAmount, formatDate, formatInteger } from '../lib/format'

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** A figure of a frozen analysis, read leniently (its shape is the analysis of that day). */
function figureOf(analysis: Record<string, unknown>, key: string): FigureLike | null {
  const f = analysis[key]
  return isObject(f) ? (f as FigureLike) : null
}

interface FrozenEnergy {
  energy: string
  kwh_per_year?: string | null
  kwh_unit?: string
  kwh_pcs_per_year?: string | null
  eur_per_year?: string
}

function energiesOf(analysis: Record<string, unknown>): FrozenEnergy[] {
  const list = analysis.energies
  return Array.isArray(list) ? (list.filter((e) => isObject(e) && typeof e.energy === 'string') as unknown as FrozenEnergy[]) : []
}

/**
 * Key figures of a frozen analysis: the TEE (before aids, and after the chèque apart), the
 * indicative class, the energies. Readers without income access get the bands the API gives.
 */
export function FrozenFiguresView({ figures: f }: { figures: FrozenFiguresRead }) {
  const { data: vocabulary } = useEnergyVocabulary()
  if (!f.frozen) {
    return (
      <p className="note" data-testid="figures-not-frozen">
        Chiffres non figés{f.note ? ` : ${f.note}` : '.'}
        {!f.validated_at ? ' Jusqu’à la validation, l’analyse en direct du ménage fait foi.' : ''}
      </p>
    )
  }
  const a = isObject(f.analysis) ? f.analysis : null
  const tee = a && figureOf(a, 'tee')
  const teeAfter = a && figureOf(a, 'tee_after_cheque')
  const cls = a && figureOf(a, 'estimated_class')
  const spending = a && figureOf(a, 'energy_spending')
  const energies = a ? energiesOf(a) : []
  return (
    <>
      <p data-testid="figures-frozen-on">
        Chiffres figés le {formatDate(f.validated_at)}, valeurs de référence en vigueur le {formatDate(f.reference_date)}.
        Une correction ultérieure des valeurs de référence ne les change pas.
      </p>
      {f.note && <p className="note">{f.note}</p>}
      {a ? (
        <dl className="figure-list" data-testid="frozen-key-figures">
          {tee && (
            <div>
              <dt>Taux d&apos;effort énergétique, avant aides</dt>
              <dd data-testid="frozen-tee">{figureText(tee)}</dd>
            </div>
          )}
          {teeAfter && isCalculable(teeAfter) && (
            <div>
              <dt>Après chèque énergie</dt>
              <dd data-testid="frozen-tee-after-cheque">{figureText(teeAfter)}</dd>
            </div>
          )}
          {spending && (
            <div>
              <dt>Dépenses d&apos;énergie</dt>
              <dd>
                {figureText(spending)}
                {isCalculable(spending) ? ' par an' : ''}
              </dd>
            </div>
          )}
          {cls && (
            <div>
              <dt>Classe estimée</dt>
              <dd data-testid="frozen-class">{withIndicative(figureText(cls))}</dd>
            </div>
          )}
          {energies.length > 0 && (
            <div>
              <dt>Énergies sur un an</dt>
              <dd>
                <ul data-testid="frozen-energies">
                  {energies.map((e) => (
                    <li key={e.energy}>
                      {energyLabel(vocabulary, e.energy as Energy)} :{' '}
                      {e.kwh_per_year !== null && e.kwh_per_year !== undefined
                        ? `${formatInteger(e.kwh_per_year)} ${e.kwh_unit || 'kWh PCI'}`
                        : ''}
                      {e.kwh_pcs_per_year ? ` (${formatInteger(e.kwh_pcs_per_year)} kWh PCS)` : ''}
                      {e.eur_per_year ? `, ${formatAmount(e.eur_per_year)} par an` : ''}
                    </li>
                  ))}
                </ul>
              </dd>
            </div>
          )}
        </dl>
      ) : (
        <p className="muted">L’analyse n’a pas été conservée pour ce lecteur.</p>
      )}
      <SourcesDisclosure
        sources={f.reference_rows}
        label="valeurs de référence du compte-rendu"
        title="Valeurs de référence utilisées"
        testId="frozen-reference-rows"
      />
    </>
  )
}

/** GET /reports/{id}/analysis, on the report page. */
export function FrozenFigures({ reportId }: { reportId: number }) {
  const figures = useReportFigures(reportId)
  return (
    <section aria-labelledby="s-figures" className="card">
      <h2 id="s-figures">Chiffres du compte-rendu</h2>
      {figures.isPending && <Loading label="Chargement des chiffres…" />}
      {figures.isError && <QueryError error={figures.error} />}
      {figures.data && <FrozenFiguresView figures={figures.data} />}
    </section>
  )
}

import type { ReactNode } from 'react'
import { useEligibility } from '../api/analysis'
import type { EligibilityRead, VerdictRead } from '../api/types'
import { SourcesDisclosure } from '../components/SourcesDisclosure'
import { Loading, QueryError } from '../components/Status'
import { formatAmount, formatDate, formatDecimal } from '../lib/format'
import { missingText } from '../lib/figures'

const yesNo = (v: boolean | null | undefined, yes = 'Oui', no = 'Non', unknown = 'Non renseigné') =>
  v === true ? yes : v === false ? no : unknown

/** The FSL's answer codes in words (the explanation says the rest). */
const FSL_WORDS: Record<string, string> = {
  within_ceiling: 'Sous le plafond : demande possible',
  above_ceiling: 'Au-dessus du plafond',
}

function Verdict({
  name,
  testId,
  v,
  answer,
  children,
}: {
  name: string
  testId: string
  v: VerdictRead
  /** The answer in words, when there is one. */
  answer: string | null
  children?: ReactNode
}) {
  const computable = v.value !== null && v.value !== undefined
  const missing = missingText(v.missing)
  return (
    <div className="indicator">
      <dt>{name}</dt>
      <dd>
        <span className={computable ? 'indicator__value' : 'indicator__value muted'} data-testid={testId}>
          {computable && answer ? answer : 'Non calculable'}
        </span>
        {!computable && missing && (
          <span className="indicator__verdict" data-testid={`${testId}-missing`}>
            À renseigner : {missing}.
          </span>
        )}
        {children}
        {/* A non-calculable verdict's explanation only repeats what is missing. */}
        {v.explanation && (computable || !missing) && <span className="indicator__explanation">{v.explanation}</span>}
        <SourcesDisclosure sources={v.sources} label={name} testId={`${testId}-sources`} />
      </dd>
    </div>
  )
}

export function EligibilityView({ eligibility: e }: { eligibility: EligibilityRead }) {
  const c = e.cheque_energie
  return (
    <>
      <p className="small" data-testid="eligibility-reference">
        Barèmes en vigueur le {formatDate(e.reference_date)}.
        {e.persons ? ` ${e.persons} personne${e.persons > 1 ? 's' : ''} comptée${e.persons > 1 ? 's' : ''}.` : ''}
        {e.tax_income_year ? ` Revenus ${e.tax_income_year}.` : ''}
        {e.zone === 'idf' ? ' Plafonds Île-de-France.' : ' Plafonds hors Île-de-France.'}
      </p>
      {e.income_hidden && (
        <p className="note" data-testid="eligibility-hidden-note">
          Revenus et montants réservés à l’équipe sociale : vous voyez la catégorie et les réponses oui ou non.
        </p>
      )}
      <dl className="indicators">
        <Verdict
          name="Catégorie de revenus Anah (MaPrimeRénov’)"
          testId="anah-category"
          v={e.anah_category}
          answer={e.anah_category.label ? `Ménage aux revenus ${e.anah_category.label}` : null}
        />
        <Verdict
          name="Chèque énergie"
          testId="cheque-energie"
          v={c}
          answer={c.eligible === true ? 'Éligible' : c.eligible === false ? 'Non éligible' : null}
        >
          {c.amount_eur !== null && c.amount_eur !== undefined && (
            <span className="indicator__verdict" data-testid="cheque-amount">
              Montant attendu : {formatAmount(c.amount_eur)} par an
            </span>
          )}
          {c.units ? (
            <span className="indicator__explanation">
              {formatDecimal(c.units)} unité{Number(c.units) >= 2 ? 's' : ''} de consommation du chèque énergie (1 pour la
              première personne, 0,5 pour la deuxième, 0,3 pour chaque autre, quel que soit l’âge).
            </span>
          ) : null}
          <span className="indicator__explanation" data-testid="cheque-received">
            Déclaré reçu dans le diagnostic social :{' '}
            {yesNo(c.declared_received, 'oui', 'non', 'diagnostic social non saisi')}.
          </span>
        </Verdict>
        <Verdict name="FSL énergie du Jura" testId="fsl" v={e.fsl} answer={e.fsl.value ? (FSL_WORDS[e.fsl.value] ?? e.fsl.value) : null} />
      </dl>
      {e.notes.length > 0 && (
        <ul className="notes small" data-testid="eligibility-notes">
          {e.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <p className="hint">Indicatif : la décision revient à l’Anah, au fournisseur du chèque énergie ou à la commission du FSL.</p>
    </>
  )
}

/** GET /households/{id}/eligibility: readers without income access get the category and yes/no only. */
export function EligibilityPanel({ householdId }: { householdId: number }) {
  const eligibility = useEligibility(householdId)
  return (
    <section className="card eligibility-panel" aria-labelledby="s-eligibility" aria-busy={eligibility.isFetching || undefined}>
      <h2 id="s-eligibility">Éligibilité aux aides</h2>
      {eligibility.isPending && <Loading label="Calcul de l'éligibilité…" />}
      {eligibility.isError && <QueryError error={eligibility.error} />}
      {eligibility.data && <EligibilityView eligibility={eligibility.data} />}
    </section>
  )
}

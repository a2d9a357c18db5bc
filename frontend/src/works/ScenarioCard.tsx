import type { ScenarioMoneyRead, WorksScenarioRead } from '../api/types'
import { formatAmount, formatInteger, formatPercent } from '../lib/format'
import { costHt, costTtc, moneyView, savingText, vatText, yearsText } from './display'
import { SourcesDisclosure } from './SourcesDisclosure'
import { ScrollRegion } from '../components/ScrollRegion'

/** A combined scenario: its steps in sequence, each with its own saving, the totals, the heating after works. */
export function ScenarioCard({ scenario: s, sharesOnly }: { scenario: WorksScenarioRead; sharesOnly: boolean }) {
  const headingId = `scenario-${s.code}`
  const labels = new Map(s.steps.map((step) => [step.work, step.label]))
  return (
    <article className="card scenario" aria-labelledby={headingId} data-testid={`scenario-${s.code}`}>
      <h3 id={headingId}>Scénario : {s.label}</h3>
      {s.notes.map((n) => (
        <p key={n} className="hint">
          {n}
        </p>
      ))}
      <ScrollRegion label={`Étapes du scénario « ${s.label} » (tableau)`}>
        <table className="table">
          <caption className="visually-hidden">Étapes du scénario « {s.label} », dans l&apos;ordre</caption>
          <thead>
            <tr>
              <th scope="col">Étape</th>
              <th scope="col" className="num">
                {sharesOnly ? 'Part du chauffage économisée' : 'Économie de l’étape'}
              </th>
              <th scope="col" className="num">Coût estimé</th>
            </tr>
          </thead>
          <tbody>
            {s.steps.map((step, i) => (
              <tr key={step.work}>
                <th scope="row">
                  {i + 1}. {step.label}
                </th>
                <td className="num">{savingText(step.saving, sharesOnly)}</td>
                <td className="num">
                  {costTtc(step.cost)}
                  {costHt(step.cost) && (
                    <span className="small muted block">
                      {costHt(step.cost)}, {vatText(step.cost)}
                    </span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total du scénario</th>
              <td className="num">
                <strong>{savingText(s.saving, sharesOnly)}</strong>
                {!sharesOnly && s.saving.share && <span className="small muted block">{formatPercent(s.saving.share)} du chauffage</span>}
              </td>
              <td className="num">
                <strong>{costTtc(s.cost)}</strong>
                {costHt(s.cost) && <span className="small muted block">{costHt(s.cost)}</span>}
              </td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <dl className="dl dl--columns scenario__totals">
        {!sharesOnly && s.heating_kwh_after && (
          <div className="dl__item">
            <dt>Chauffage après travaux</dt>
            <dd>
              {formatInteger(s.heating_kwh_after)} kWh/an
              {s.heating_eur_after ? `, ${formatAmount(s.heating_eur_after)}/an` : ''}
            </dd>
          </div>
        )}
        <div className="dl__item">
          <dt>Temps de retour avant aides</dt>
          <dd>{yearsText(s.payback_years_low, s.payback_years_high) || 'non calculable'}</dd>
        </div>
      </dl>
      {s.money && <ScenarioMoney money={s.money} labels={labels} scenario={s.label} />}
    </article>
  )
}

/** Aids of the household's Anah category, the amount left to pay, the payback after aids; TEE and reste à
 * vivre before → after for the social team only (the API leaves them out for others). */
export function ScenarioMoney({ money, labels, scenario }: { money: ScenarioMoneyRead; labels: Map<string, string>; scenario: string }) {
  const m = moneyView(money)
  const sources = [...new Set(m.aids.map((a) => a.source).filter(Boolean))]
  return (
    <section className="scenario-money" aria-label={`Aides et reste à charge : ${scenario}`} data-testid="scenario-money">
      <h4>Aides et reste à charge</h4>
      <dl className="dl scenario-money__list">
        <div className="dl__item">
          <dt>Catégorie de revenus Anah</dt>
          <dd>
            {m.category}
            {m.categoryExplanation && <span className="small muted block">{m.categoryExplanation}</span>}
          </dd>
        </div>
        <div className="dl__item">
          <dt>Aides par étape</dt>
          <dd>
            <ul className="plain-list">
              {m.aids.map((a) => (
                <li key={`${a.work}-${a.scheme}`}>
                  {labels.get(a.work) ?? a.work} – {a.scheme} : <strong>{a.amount}</strong>
                  {a.explanation && <span className="small muted block">{a.explanation}</span>}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div className="dl__item">
          <dt>Total des aides</dt>
          <dd data-testid="aids-total">{m.aidsTotal}</dd>
        </div>
        <div className="dl__item">
          <dt>{m.leftToPayLabel}</dt>
          <dd data-testid="left-to-pay">{m.leftToPay}</dd>
        </div>
        <div className="dl__item">
          <dt>Temps de retour après aides</dt>
          <dd>{m.paybackAfterAids}</dd>
        </div>
        {m.social?.tee && (
          <div className="dl__item">
            <dt>Taux d&apos;effort énergétique, avant → après travaux</dt>
            <dd data-testid="tee-before-after">{m.social.tee}</dd>
          </div>
        )}
        {m.social?.resteAVivre && (
          <div className="dl__item">
            <dt>Reste à vivre après énergie, avant → après travaux</dt>
            <dd data-testid="rav-before-after">{m.social.resteAVivre}</dd>
          </div>
        )}
      </dl>
      {m.notes.length > 0 && (
        <ul className="notes small">
          {m.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      <SourcesDisclosure sources={sources} of={`aides du scénario « ${scenario} »`} />
    </section>
  )
}

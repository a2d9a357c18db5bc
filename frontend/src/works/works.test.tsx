import { screen, within } from '@testing-library/react'
import { renderWithVocabulary } from '../test/vocabulary'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { ScenarioMoneyRead, WorksEstimateRead, WorksScenarioRead } from '../api/types'
import { costHt, costTtc, lifetimeCostText, moneyView, savingText, vatText, yearsText } from './display'
import { EstimateOverview } from './EstimateOverview'
import { ScenarioCard } from './ScenarioCard'
import { VUILLET_ESTIMATE } from './testEstimate'
import { NonCumulativeNote, WorkLines } from './WorkLines'

const plain = (s: string | null | undefined) => (s ?? '').replace(/[\u202f\u00a0]/g, ' ')

/** The same estimate without a usable heating bill: savings as shares only. */
function sharesOnly(e: WorksEstimateRead): WorksEstimateRead {
  const noAbsolute = <T extends { saving: { kwh: string | null; eur: string | null; share: string | null } }>(x: T): T => ({
    ...x,
    saving: { ...x.saving, kwh: null, eur: null },
  })
  return {
    ...e,
    calibrated: false,
    shares_only: true,
    underheating: false,
    notes: [],
    items: e.items.map((i) => ({ ...noAbsolute(i), saving_kwh: null, saving_eur: null, payback_years_low: null, payback_years_high: null })),
    scenarios: e.scenarios.map((s) => ({ ...noAbsolute(s), steps: s.steps.map(noAbsolute), heating_kwh_after: null, heating_eur_after: null })),
  }
}

const scenario = VUILLET_ESTIMATE.scenarios[0]

function withMoney(money: Partial<ScenarioMoneyRead>): WorksScenarioRead {
  return { ...scenario, money: { ...scenario.money!, ...money } }
}

describe('works texts', () => {
  it('gives costs HT and TTC with the VAT, payback in years and the lifetime cost of a saved kWh in centimes', () => {
    const roof = VUILLET_ESTIMATE.items[0]
    expect(plain(costTtc(roof.cost))).toBe('1 500,00 € à 3 718,88 € TTC')
    expect(plain(costHt(roof.cost))).toBe('1 421,80 € à 3 525,00 € HT')
    expect(plain(vatText(roof.cost))).toBe('TVA 5,5 %')
    expect(plain(vatText({ ...roof.cost, vat_rate: '0.1000' }))).toBe('TVA 10 %')
    expect(yearsText('2.8', '6.9')).toBe('2,8 à 6,9 ans')
    expect(yearsText(null, '6.9')).toBe('')
    expect(lifetimeCostText('0.0132', '0.0328', '30.000')).toBe('1,3 à 3,3 centimes le kWh économisé sur 30 ans')
    expect(lifetimeCostText('0.0132', '0.0328', '30.000')).not.toMatch(/€ par kWh/)
    expect(costTtc({ ...roof.cost, low_ttc: null, high_ttc: null })).toBe('à renseigner')
  })

  it('says shares only when the model is not calibrated, kWh and € otherwise', () => {
    const saving = { kwh: '3783', eur: '541.14', share: '0.3152' }
    expect(plain(savingText(saving, false))).toBe('3 783 kWh/an, 541,14 €/an')
    expect(plain(savingText(saving, true))).toBe('31,5 % du chauffage')
    expect(plain(savingText({ kwh: null, eur: null, share: null }, true))).toBe('non estimée')
  })

  it('money without income: aids, a maximum left to pay when aids are incomplete, no TEE nor reste à vivre', () => {
    const view = moneyView({
      ...scenario.money!,
      tee_before: null,
      tee_after: null,
      tee_before_display: '',
      tee_after_display: '',
      reste_a_vivre_uc_before_eur: null,
      reste_a_vivre_uc_after_eur: null,
      income_hidden: true,
    })
    expect(view.social).toBeNull()
    expect(view.leftToPayLabel).toBe('Reste à charge (maximum)')
    expect(plain(view.leftToPay)).toBe('13 251,62 € à 21 318,72 €')
    expect(plain(view.aidsTotal)).toBe('0,00 € (aides connues seulement)')
    expect(view.aids.map((a) => a.amount)).toEqual(['à renseigner', 'à renseigner', 'à renseigner', 'à renseigner'])
  })

  it('money for the social team: TEE and reste à vivre per UC before → after', () => {
    const view = moneyView(scenario.money!)
    expect(plain(view.social?.tee)).toBe('19,1 % → 9,9 %')
    expect(plain(view.social?.resteAVivre)).toBe('5 282,71 € → 6 421,80 € par an et par UC')
  })
})

describe('works components', () => {
  it('shows the non-cumulative note, and each line alone with its new energy and its costs', () => {
    renderWithVocabulary(
      <>
        <NonCumulativeNote note={VUILLET_ESTIMATE.non_cumulative_note} />
        <WorkLines items={VUILLET_ESTIMATE.items} sharesOnly={false} />
      </>,
    )
    expect(screen.getByTestId('non-cumulative-note')).toHaveTextContent("Ces économies ne s'additionnent pas.")
    const table = screen.getByRole('table', { name: /Chaque travail estimé seul/ })
    const roof = within(table).getByRole('row', { name: /Isolation des combles/ })
    expect(plain(roof.textContent)).toContain('3 783 kWh/an, 541,14 €/an')
    expect(plain(roof.textContent)).toContain('1 421,80 € à 3 525,00 € HT, TVA 5,5 %')
    expect(plain(roof.textContent)).toContain('1,3 à 3,3 centimes le kWh économisé sur 30 ans')
    expect(roof.textContent).not.toContain('€ par kWh')
    expect(within(table).getByRole('row', { name: /Pompe à chaleur/ })).toHaveTextContent('Nouvelle énergie : électricité')
  })

  it('renders shares only, without kWh nor euros of saving, when the estimate is not calibrated', () => {
    const e = sharesOnly(VUILLET_ESTIMATE)
    renderWithVocabulary(
      <>
        <EstimateOverview estimate={e} />
        <WorkLines items={e.items} sharesOnly />
        <ScenarioCard scenario={e.scenarios[0]} sharesOnly />
      </>,
    )
    expect(screen.getByTestId('shares-only')).toHaveTextContent('parts du chauffage seulement')
    const table = screen.getByRole('table', { name: /Chaque travail estimé seul/ })
    expect(within(table).getByRole('columnheader', { name: 'Part du chauffage économisée' })).toBeInTheDocument()
    expect(table.textContent).not.toMatch(/kWh\/an|€\/an/)
    expect(plain(within(table).getByRole('row', { name: /Isolation des combles/ }).textContent)).toContain('31,5 % du chauffage')
    const card = screen.getByRole('article', { name: /Scénario : Isolation et régulation/ })
    expect(card.textContent).not.toMatch(/kWh\/an|Chauffage après travaux/)
    expect(plain(card.textContent)).toContain('86,3 % du chauffage')
  })

  it('says « sous-chauffe probable » and shows what was calibrated: heat sources and other uses', () => {
    renderWithVocabulary(<EstimateOverview estimate={VUILLET_ESTIMATE} />)
    expect(screen.getByTestId('underheating')).toHaveTextContent(/Sous-chauffe probable.*18 %/)
    expect(within(screen.getByTestId('heat-sources')).getByRole('row', { name: /Propane – principal/ })).toBeInTheDocument()
    expect(plain(screen.getByTestId('other-uses').textContent)).toContain('Eau chaude (2 pers.) : 1 867 kWh/an (propane)')
  })

  it('shows a scenario in sequence with its money: TEE and reste à vivre only when the API sent them', () => {
    const { unmount } = renderWithVocabulary(<ScenarioCard scenario={scenario} sharesOnly={false} />)
    const card = screen.getByRole('article', { name: /Isolation et régulation/ })
    expect(within(card).getAllByRole('row').map((r) => r.querySelector('th')?.textContent)).toEqual([
      'Étape',
      '1. Isolation des combles ou de la toiture',
      "2. Isolation des murs par l'intérieur",
      '3. Remplacement des fenêtres',
      '4. Régulation et programmation du chauffage',
      'Total du scénario',
    ])
    expect(plain(card.textContent)).toContain('Chauffage après travaux1 650 kWh/an, 235,97 €/an')
    expect(plain(screen.getByTestId('tee-before-after').textContent)).toBe('19,1 % → 9,9 %')
    expect(plain(screen.getByTestId('rav-before-after').textContent)).toContain('5 282,71 € → 6 421,80 €')
    expect(screen.getByText('Reste à charge (maximum)')).toBeInTheDocument()
    unmount()

    renderWithVocabulary(
      <ScenarioCard
        scenario={withMoney({
          category: 'modest',
          category_label: 'Modestes',
          aids: [{ work: 'roof', scheme: "MaPrimeRénov'", amount_eur: '1125.00', capped: false, explanation: '15 € par m²', source: 'Anah 2026' }],
          aids_low_eur: '1125.00',
          aids_high_eur: '1125.00',
          aids_complete: true,
          tee_before: null,
          tee_after: null,
          tee_before_display: '',
          tee_after_display: '',
          reste_a_vivre_uc_before_eur: null,
          reste_a_vivre_uc_after_eur: null,
          income_hidden: true,
        })}
        sharesOnly={false}
      />,
    )
    expect(screen.queryByTestId('tee-before-after')).toBeNull()
    expect(screen.queryByTestId('rav-before-after')).toBeNull()
    expect(screen.getByText('Reste à charge')).toBeInTheDocument()
    expect(plain(screen.getByTestId('aids-total').textContent)).toBe('1 125,00 €')
    expect(plain(screen.getByText(/Isolation des combles ou de la toiture – MaPrimeRénov'/).textContent)).toContain('1 125,00 €')
  })

  it('keeps the sources one click away, in a disclosure', async () => {
    const user = userEvent.setup()
    renderWithVocabulary(<EstimateOverview estimate={VUILLET_ESTIMATE} />)
    const sources = screen.getByTestId('estimate-sources')
    expect(sources.tagName).toBe('DETAILS')
    expect(sources).not.toHaveAttribute('open')
    await user.click(within(sources).getByText('Sources'))
    expect(sources).toHaveAttribute('open')
    expect(within(sources).getAllByRole('listitem')[0]).toHaveTextContent(/^assumption\/controls_saving_share : ADEME/)
  })
})


/**
 * French texts of the works estimate (issue 15, point 4): ranges, costs HT/TTC with their VAT, savings
 * as kWh and € or as shares only, payback in years, the lifetime cost of a saved kWh (never « € par kWh
 * économisé »), and a scenario's money (aids, amount left to pay, TEE and reste à vivre for the social
 * team). Pure functions, so the pages and their tests read the same words.
 */
import type { CostRangeRead, SavingRead, ScenarioMoneyRead } from '../api/types'
import { energyLabel, type Energy, type EnergyVocabulary } from '../lib/energy'
import { formatAmount, formatDecimal, formatInteger, formatPercent, NBSP } from '../lib/format'

type Num = string | null | undefined

const present = (v: Num): v is string => v !== null && v !== undefined && v !== ''

/** "a à b", or "a" when both ends are the same; '' when an end is missing. */
export function range(low: Num, high: Num, format: (v: string) => string): string {
  if (!present(low) || !present(high)) return ''
  const a = format(low)
  const b = format(high)
  return a === b ? a : `${a} à ${b}`
}

/** "1 500,00 € à 3 718,88 € TTC", or « à renseigner » when a cost is unknown. */
export function costTtc(cost: CostRangeRead): string {
  const text = range(cost.low_ttc, cost.high_ttc, formatAmount)
  return text ? `${text} TTC` : 'à renseigner'
}

export function costHt(cost: CostRangeRead): string {
  const text = range(cost.low_ht, cost.high_ht, formatAmount)
  return text ? `${text} HT` : ''
}

/** "TVA 5,5 %" (a rate of 0.0550), "TVA 10 %". */
export function vatText(cost: CostRangeRead): string {
  if (!present(cost.vat_rate)) return ''
  return `TVA ${formatDecimal((Number(cost.vat_rate) * 100).toFixed(2))}${NBSP}%`
}

/** The saving as shown: shares only when the model is not calibrated on a heating bill. */
export function savingText(saving: SavingRead, sharesOnly: boolean): string {
  const share = present(saving.share) ? `${formatPercent(saving.share)} du chauffage` : ''
  if (sharesOnly || (!present(saving.kwh) && !present(saving.eur))) return share || 'non estimée'
  const parts = [
    present(saving.kwh) ? `${formatInteger(saving.kwh)} kWh/an` : '',
    present(saving.eur) ? `${formatAmount(saving.eur)}/an` : '',
  ].filter(Boolean)
  return parts.join(', ')
}

/** "2,8 à 6,9 ans"; '' when not computable (unknown cost or no € saving). */
export function yearsText(low: Num, high: Num): string {
  const text = range(low, high, formatDecimal)
  return text ? `${text} ans` : ''
}

/** The lifetime cost of a saved kWh, in centimes: "1,3 à 3,3 centimes le kWh économisé sur 30 ans". */
export function lifetimeCostText(low: Num, high: Num, lifetime: Num): string {
  const cents = (v: string) => formatDecimal((Number(v) * 100).toFixed(1))
  const text = range(low, high, cents)
  if (!text) return ''
  const years = present(lifetime) ? ` sur ${formatDecimal(lifetime)} ans` : ' sur sa durée de vie'
  return `${text} centimes le kWh économisé${years}`
}

export function energyAfterText(v: EnergyVocabulary | undefined, energy: Energy | null | undefined, efficiency: Num): string {
  if (!energy) return ''
  const eff = present(efficiency) ? ` (rendement ${formatDecimal(efficiency)})` : ''
  return `Nouvelle énergie : ${energyLabel(v, energy).toLowerCase()}${eff}`
}

export interface MoneyView {
  category: string
  categoryExplanation: string
  aids: { work: string; scheme: string; amount: string; explanation: string; source: string }[]
  aidsTotal: string
  aidsComplete: boolean
  leftToPayLabel: string
  leftToPay: string
  paybackAfterAids: string
  /** Social team only, when the API sent them: TEE and reste à vivre per UC, before → after. */
  social: { tee: string; resteAVivre: string } | null
  notes: string[]
}

/** What the money block of a scenario shows. */
export function moneyView(money: ScenarioMoneyRead): MoneyView {
  const aidsTotal = range(money.aids_low_eur, money.aids_high_eur, formatAmount) || formatAmount(0)
  const teeShown = !money.income_hidden && !!money.tee_before_display && !!money.tee_after_display
  const ravShown = !money.income_hidden && present(money.reste_a_vivre_uc_before_eur) && present(money.reste_a_vivre_uc_after_eur)
  return {
    category: money.category_label ?? 'non calculable',
    categoryExplanation: money.category_explanation,
    aids: money.aids.map((a) => ({
      work: a.work,
      scheme: a.scheme,
      amount: present(a.amount_eur) ? formatAmount(a.amount_eur) + (a.capped ? ' (plafonnée)' : '') : 'à renseigner',
      explanation: a.explanation,
      source: a.source,
    })),
    aidsTotal: money.aids_complete ? aidsTotal : `${aidsTotal} (aides connues seulement)`,
    aidsComplete: money.aids_complete,
    leftToPayLabel: money.aids_complete ? 'Reste à charge' : 'Reste à charge (maximum)',
    leftToPay: range(money.left_to_pay_low_eur, money.left_to_pay_high_eur, formatAmount) || 'à renseigner',
    paybackAfterAids: yearsText(money.payback_after_aids_years_low, money.payback_after_aids_years_high) || 'non calculable',
    social:
      teeShown || ravShown
        ? {
            tee: teeShown ? `${money.tee_before_display} → ${money.tee_after_display}` : '',
            resteAVivre: ravShown
              ? `${formatAmount(money.reste_a_vivre_uc_before_eur)} → ${formatAmount(money.reste_a_vivre_uc_after_eur)} par an et par UC`
              : '',
          }
        : null,
    notes: money.notes,
  }
}

/** The estimate's `sources` map (« table/clé » → source) as lines. */
export function sourceLines(sources: Record<string, string>): string[] {
  return Object.entries(sources).map(([key, text]) => (text ? `${key} : ${text}` : `${key} : à renseigner`))
}

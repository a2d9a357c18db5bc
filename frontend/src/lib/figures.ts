/**
 * Wording of the analysis's figures (issue 15): what is missing, verdicts in words, reference rows,
 * date spans. The figures themselves come formatted once by the API (`display`): never re-rounded here.
 */
import { formatAmount, formatDate, formatDecimal, formatInteger } from './format'

/** A reference row a figure used (SourceRead, FrozenReferenceRow): read leniently (frozen analyses are old JSON). */
export interface ReferenceRowLike {
  table: string
  key: string
  value?: string | number | null
  unit?: string
  valid_from?: string
  source?: string
}

/** The minimum of a figure the SPA reads (FigureRead, or a frozen figure of an older shape). */
export interface FigureLike {
  value?: string | number | null
  unit?: string
  display?: string
  explanation?: string
  inputs?: Record<string, string>
  calculable?: boolean
  missing?: string[]
  verdict?: boolean | null
  uncertain?: boolean
  warnings?: string[]
  sources?: ReferenceRowLike[]
}

const TO_FILL = /\s*à renseigner\s*$/

/** « médiane … par UC, surface » from the API's `missing` (each item may already end with « à renseigner »). */
export function missingText(missing: readonly string[] | undefined): string {
  return (missing ?? []).map((m) => m.replace(TO_FILL, '').trim()).filter(Boolean).join(', ')
}

/** Whether the figure could be computed (an older frozen figure without `calculable` counts as computed). */
export function isCalculable(f: FigureLike): boolean {
  return f.calculable !== false
}

/**
 * The text of a figure as the API formatted it. A non-calculable figure reads « Non calculable »
 * (its missing inputs are said apart); an old figure without `display` falls back on its value and unit.
 */
export function figureText(f: FigureLike): string {
  if (!isCalculable(f)) return 'Non calculable'
  if (f.display) return f.display
  if (f.value === null || f.value === undefined || f.value === '') return 'Non calculable'
  return f.unit ? `${formatDecimal(f.value)} ${f.unit}` : formatDecimal(f.value)
}

/** « 12 970 € par UC et par an » or « à renseigner » for a reference value that was left empty. */
export function referenceValue(r: ReferenceRowLike): string {
  if (r.value === null || r.value === undefined || r.value === '') return 'à renseigner'
  const v = formatDecimal(r.value)
  return r.unit ? `${v} ${r.unit}` : v
}

/** « D1 : 12 970 € (revenus 2022) »: the deciles' bounds with the year of each, from the figure's sources. */
export function decileBounds(sources: readonly ReferenceRowLike[] | undefined): string[] {
  return (sources ?? [])
    .filter((r) => r.table === 'income_decile')
    .map((r) => {
      const year = r.valid_from ? r.valid_from.slice(0, 4) : ''
      const amount = r.value === null || r.value === undefined || r.value === '' ? 'à renseigner' : `${formatInteger(r.value)}\u00a0€`
      return `${r.key} : ${amount}${year ? ` (revenus ${year})` : ''}`
    })
}

/** « du 01/01/2025 au 31/01/2025 (31 jours) » */
export function spanText(s: { start: string; end: string; days: number }): string {
  return `du ${formatDate(s.start)} au ${formatDate(s.end)} (${formatInteger(s.days)} jour${s.days > 1 ? 's' : ''})`
}

export type VerdictKind = 'brde_rav' | 'brde_variant' | 'decency'

/**
 * A yes/no indicator said in words (never colour alone). Null when there is no answer (non calculable,
 * or a reader who only gets the band: the band says it).
 */
export function verdictWords(kind: VerdictKind, verdict: boolean | null | undefined): string | null {
  if (verdict === null || verdict === undefined) return null
  switch (kind) {
    case 'brde_rav':
      return verdict
        ? 'Reste à vivre sous le seuil de pauvreté : condition de revenu du BRDE remplie.'
        : 'Reste à vivre au-dessus du seuil de pauvreté : condition de revenu du BRDE non remplie.'
    case 'brde_variant':
      return verdict
        ? 'Oui : précarité énergétique au sens du BRDE (dépenses au-dessus de la médiane et reste à vivre sous le seuil).'
        : 'Non : pas de précarité énergétique au sens du BRDE sur ce critère.'
    case 'decency':
      return verdict
        ? 'Logement probablement non décent sur le plan énergétique (estimation indicative, à confirmer par un DPE).'
        : 'Aucun critère de non-décence énergétique atteint (estimation indicative).'
  }
}

/** The energy and GHG classes behind the estimated class, from its inputs: « classe énergie D (185 kWhEP/m²/an) … ». */
export function classDetails(inputs: Record<string, string> | undefined): string | null {
  if (!inputs) return null
  const energy = inputs['classe énergie']
  const ghg = inputs['classe climat']
  if (!energy && !ghg) return null
  const parts: string[] = []
  if (energy) parts.push(`classe énergie ${energy}${inputs['énergie primaire'] ? ` (${inputs['énergie primaire']})` : ''}`)
  if (ghg) parts.push(`classe climat ${ghg}${inputs['émissions'] ? ` (${inputs['émissions']})` : ''}`)
  const text = parts.join(', ')
  return text.charAt(0).toUpperCase() + text.slice(1) + '.'
}

/** The estimated class always reads as indicative, whatever the API's wording. */
export function withIndicative(text: string): string {
  return /pas un DPE/i.test(text) ? text : `${text} (indicatif — pas un DPE)`
}

/** A kWh change, signed: « −3 500 kWh », « +120 kWh ». */
export function signedKwh(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const n = Number(value)
  if (!Number.isFinite(n)) return String(value)
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatInteger(Math.abs(n))}\u00a0kWh`
}

/** A change in euros, signed: « −385,00 € », « +12,50 € ». */
export function signedEuros(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const n = Number(value)
  if (!Number.isFinite(n)) return String(value)
  return `${n > 0 ? '+' : n < 0 ? '−' : ''}${formatAmount(Math.abs(n))}`
}

/** A change said in words as well as by its sign: « −3 500 kWh (économie) ». */
export function changeText(kwhChange: string | null | undefined, eurChange?: string | null): string {
  if (kwhChange === null || kwhChange === undefined) return '–'
  const n = Number(kwhChange)
  const word = n < 0 ? 'économie' : n > 0 ? 'hausse' : 'stable'
  const money = eurChange !== null && eurChange !== undefined ? `, ${signedEuros(eurChange)}` : ''
  return `${signedKwh(kwhChange)}${money} (${word})`
}

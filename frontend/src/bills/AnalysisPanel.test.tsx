import { screen, within } from '@testing-library/react'
import { renderWithVocabulary } from '../test/vocabulary'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { Analysis, EnergyYearRead, FigureRead, SourceRead } from '../api/types'
import { AnalysisView } from './AnalysisPanel'

const fig = (value: string | null, explanation: string, unit = '', extra: Partial<FigureRead> = {}): FigureRead => ({
  value,
  unit,
  display: '',
  explanation,
  inputs: {},
  calculable: true,
  uncertain: false,
  ...extra,
})

const src = (table: string, key: string, value: string | null, unit: string, valid_from: string, source = 'INSEE'): SourceRead => ({
  table,
  key,
  value,
  unit,
  valid_from,
  source,
})

const gas: EnergyYearRead = {
  energy: 'natural_gas',
  kwh_per_year: '10360',
  kwh_unit: 'kWh PCI',
  kwh_pcs_per_year: '11500',
  m3_per_year: null,
  eur_per_year: '1100.00',
  days_covered: 334,
  extrapolated: true,
  estimated: false,
  method: 'prorata des périodes',
  bills_used: 6,
  unpaid_eur: '0.00',
  overlaps: [{ start: '2025-03-01', end: '2025-03-31', days: 31 }],
  gaps: [{ start: '2025-07-01', end: '2025-07-31', days: 31 }],
  notes: [],
  sources: [src('pcs_pci_ratio', 'natural_gas', '1.11', 'kWh PCS par kWh PCI', '2021-03-31', 'Arrêté du 31 mars 2021')],
}

const full: Analysis = {
  household_id: 5,
  reference_date: '2026-03-01',
  reference_year: 2025,
  reference_year_rule: "2025 : l'année la plus couverte par les factures.",
  energies: [gas],
  energy_spending: fig('1850.00', 'Électricité et gaz sur un an.', '€/an', { display: '1 850,00 €' }),
  water_spending: fig(null, 'Pas de facture d’eau.', '€/an', { display: 'non calculable : factures d’eau à renseigner', calculable: false, missing: ["factures d'eau"] }),
  unpaid_total: fig('0.00', 'Aucun impayé.', '€', { display: '0,00 €' }),
  consumption_units: fig('2.1', '1 + 0,5 + 0,3 + 0,3.', 'UC', { display: '2,1 UC' }),
  income_per_uc: fig('9857.14', 'Revenu annuel 20 700 € ÷ 2,1 UC.', '€/UC/an', { display: '9 857,14 € par UC et par an' }),
  decile: fig(null, 'Revenu par UC entre D1 et D2.', '', {
    display: 'entre D1 et D2',
    sources: [
      src('income_decile', 'D1', '12970', '€ par UC et par an', '2022-01-01'),
      src('income_decile', 'D2', '15550', '€ par UC et par an', '2021-01-01'),
    ],
  }),
  // The API rounds once from the exact ratio (0.12449… → 12,4 %): the value's 4 decimals are never re-rounded.
  tee: fig('0.1245', 'Dépenses d’énergie 1 850 € ÷ revenu 14 860 €.', 'ratio', {
    display: '12,4 %',
    uncertain: true,
    warnings: ['Gaz naturel : 334 jours couverts, extrapolé à l’année.'],
    sources: [src('threshold', 'tee_slime', '0.1', 'ratio', '2018-01-01', 'Réseau SLIME')],
  }),
  tee_after_cheque: fig('0.1115', 'Après chèque énergie : 11,2 %.', 'ratio', { display: '11,2 %' }),
  tee_above_slime_threshold: true,
  tee_above_onpe_threshold: true,
  tee_3d: true,
  fr_3d: true,
  brde_inputs: fig('5200.00', 'Reste à vivre par UC : 5 200 € par an.', '€/UC/an', {
    display: '5 200,00 € par UC et par an',
    verdict: true,
  }),
  brde_per_uc: fig(null, 'BRDE par UC : non calculable.', '€/UC/an', {
    display: "non calculable : médiane nationale des dépenses d'énergie par UC à renseigner",
    calculable: false,
    missing: ["médiane nationale des dépenses d'énergie par UC"],
    sources: [src('brde_median', 'energy_spending_per_uc', null, '€ par UC et par an', '2021-01-01', 'ONPE')],
  }),
  brde_per_m2: fig('24.67', 'BRDE par m² : oui.', '€/m²/an', { display: 'oui', verdict: true }),
  kwh_per_m2: fig('245', '12 250 kWh ÷ 50 m².', 'kWh PCI/m²/an', { display: '245 kWh PCI/m²/an' }),
  estimated_class: fig(null, 'Logement au-dessus de 800 m : seuils E et F adaptés à l’altitude.', 'E', {
    display: 'E (indicatif — pas un DPE)',
    inputs: { 'énergie primaire': '185 kWhEP/m²/an', émissions: '50,3 kgCO2e/m²/an', 'classe énergie': 'D', 'classe climat': 'E' },
  }),
  decency: fig(null, 'Aucun critère atteint.', '', { display: 'aucun critère de non-décence atteint (indicatif)', verdict: false }),
  thresholds: { tee_slime: '0.10', tee_onpe: '0.08' },
  sources: [],
  income_hidden: false,
}

// As the API sends it to an energy advisor: bands and booleans, no amount tied to income.
const advisor: Analysis = {
  ...full,
  tee: fig(null, "Taux d'effort énergétique au-dessus de 10 %. Montant réservé à l'équipe sociale.", 'tranche', {
    display: 'au-dessus de 10 %',
  }),
  tee_after_cheque: fig(null, "Après chèque énergie : au-dessus de 10 %. Montant réservé à l'équipe sociale.", 'tranche', {
    display: 'au-dessus de 10 %',
  }),
  income_per_uc: fig(null, "Montant réservé à l'équipe sociale.", '', { display: 'réservé' }),
  brde_inputs: fig(null, "BRDE : reste à vivre par UC sous 60 % du revenu médian : oui. Montant réservé à l'équipe sociale.", '', {
    display: 'oui',
    verdict: true,
  }),
  income_hidden: true,
}

describe('AnalysisView', () => {
  it('shows the amounts tied to income to the social team, as the API formatted them', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    // « 12,4 % » as sent, not 0.1245 re-rounded to « 12,5 % ».
    expect(screen.getByTestId('tee')).toHaveTextContent('12,4 %')
    expect(screen.getByTestId('income-per-uc')).toHaveTextContent('9 857,14 € par UC et par an')
    expect(screen.getByTestId('brde')).toHaveTextContent('5 200,00 € par UC et par an')
    expect(screen.getByTestId('energy-spending')).toHaveTextContent('1 850,00 € par an')
    expect(screen.queryByTestId('income-hidden-note')).toBeNull()
  })

  it('flags the TEE as uncertain with its warnings, and shows the TEE after the chèque énergie apart', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    expect(screen.getByTestId('tee-uncertain')).toHaveTextContent('extrapolées')
    expect(screen.getByTestId('tee-warnings')).toHaveTextContent('334 jours couverts')
    expect(screen.getByTestId('tee')).toHaveTextContent(/^12,4 %$/)
    expect(screen.getByTestId('tee-after-cheque')).toHaveTextContent('11,2 %')
    expect(screen.getByText("Taux d'effort énergétique (TEE), avant aides")).toBeInTheDocument()
    expect(screen.getByTestId('fr-3d')).toHaveTextContent('Oui')
  })

  it('says « non calculable » with what is missing, never a number', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    expect(screen.getByTestId('brde-per-uc')).toHaveTextContent('Non calculable')
    expect(screen.getByTestId('brde-per-uc-missing')).toHaveTextContent(
      "À renseigner : médiane nationale des dépenses d'énergie par UC.",
    )
    expect(screen.getByTestId('water-spending')).toHaveTextContent(/^Non calculable$/)
  })

  it('says the verdicts in words', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    expect(screen.getByTestId('brde-verdict')).toHaveTextContent('condition de revenu du BRDE remplie')
    expect(screen.getByTestId('brde-per-m2-verdict')).toHaveTextContent('Oui : précarité énergétique au sens du BRDE')
    expect(screen.getByTestId('decency')).toHaveTextContent('aucun critère de non-décence atteint (indicatif)')
    expect(screen.getByTestId('tee-thresholds')).toHaveTextContent('Au-dessus du seuil SLIME')
  })

  it('labels the class as indicative, with the energy and climate classes and why', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    expect(screen.getByTestId('estimated-class')).toHaveTextContent('E (indicatif — pas un DPE)')
    expect(screen.getByTestId('estimated-class-details')).toHaveTextContent(
      'Classe énergie D (185 kWhEP/m²/an), classe climat E (50,3 kgCO2e/m²/an).',
    )
    expect(screen.getByText(/au-dessus de 800 m/)).toBeInTheDocument()
  })

  it('dates the reference values and the decile bounds', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    expect(screen.getByTestId('analysis-reference')).toHaveTextContent(
      "Valeurs de référence en vigueur le 01/03/2026. Année des revenus et des factures : 2025 (l'année la plus couverte par les factures).",
    )
    expect(screen.getByTestId('decile-bounds')).toHaveTextContent('D1 : 12 970 € (revenus 2022) ; D2 : 15 550 € (revenus 2021)')
  })

  it('labels kWh PCI, shows the bills’ kWh PCS for gas, and lists overlaps and gaps with French dates', () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    const g = screen.getByTestId('energy-year-natural_gas')
    expect(within(g).getByTestId('energy-kwh-natural_gas')).toHaveTextContent('10 360 kWh PCI/an')
    expect(within(g).getByTestId('energy-pcs-natural_gas')).toHaveTextContent('11 500 kWh PCS/an')
    expect(g).toHaveTextContent('334 jours couverts')
    expect(within(g).getByTestId('energy-overlaps-natural_gas')).toHaveTextContent('du 01/03/2025 au 31/03/2025 (31 jours)')
    expect(within(g).getByTestId('energy-gaps-natural_gas')).toHaveTextContent('du 01/07/2025 au 31/07/2025 (31 jours)')
  })

  it('opens a figure’s sources in one click: table, value with unit, date, source, « à renseigner » for an empty value', async () => {
    renderWithVocabulary(<AnalysisView analysis={full} />)
    const teeSources = screen.getByTestId('tee-sources')
    expect(teeSources).not.toHaveAttribute('open')
    await userEvent.click(teeSources.querySelector('summary')!)
    expect(teeSources).toHaveAttribute('open')
    expect(teeSources).toHaveTextContent('threshold / tee_slime : 0,1 ratio, en vigueur depuis le 01/01/2018')
    expect(teeSources).toHaveTextContent('Source : Réseau SLIME')
    expect(screen.getByTestId('brde-per-uc-sources')).toHaveTextContent('brde_median / energy_spending_per_uc : à renseigner')
    expect(screen.getByTestId('energy-sources-natural_gas')).toHaveTextContent('Arrêté du 31 mars 2021')
  })

  it('shows the band instead of an empty value when income is hidden, and says why', () => {
    renderWithVocabulary(<AnalysisView analysis={advisor} />)
    expect(screen.getByTestId('income-hidden-note')).toHaveTextContent('réservés à l’équipe sociale')
    expect(screen.getByTestId('tee')).toHaveTextContent("Taux d'effort énergétique au-dessus de 10 %.")
    expect(screen.getByTestId('tee')).not.toHaveTextContent('Non calculable')
    expect(screen.getByTestId('brde')).toHaveTextContent('BRDE : reste à vivre par UC sous 60 % du revenu médian : oui.')
    expect(screen.getByTestId('income-per-uc')).toHaveTextContent('Réservé à l’équipe sociale')
    expect(screen.getAllByText("Montant réservé à l'équipe sociale.")).toHaveLength(3)
    // The thresholds, said in words, stay.
    expect(screen.getByTestId('tee-thresholds')).toHaveTextContent('Au-dessus du seuil SLIME')
    expect(screen.getByTestId('energy-spending')).toHaveTextContent('1 850,00 € par an')
    // No amount tied to income anywhere.
    expect(document.body).not.toHaveTextContent('9 857,14')
    expect(document.body).not.toHaveTextContent('5 200,00')
  })
})

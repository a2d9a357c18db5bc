import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { Analysis, FigureRead } from '../api/types'
import { AnalysisView } from './AnalysisPanel'

const fig = (value: string | null, explanation: string, unit = ''): FigureRead => ({ value, unit, explanation, inputs: {} })

const full: Analysis = {
  household_id: 5,
  reference_date: '2026-03-01',
  energies: [],
  energy_spending: fig('1850.00', 'Électricité et gaz sur un an.', 'EUR/an'),
  water_spending: fig(null, 'Pas de facture d’eau.'),
  unpaid_total: fig('0.00', 'Aucun impayé.'),
  consumption_units: fig('2.1', '1 + 0,5 + 0,3 + 0,3.'),
  income_per_uc: fig('9857.14', 'Revenu annuel 20 700 € ÷ 2,1 UC.', 'EUR/an'),
  decile: fig('2', '2e décile de revenu par UC.'),
  tee: fig('0.1245', 'Dépenses d’énergie 1 850 € ÷ revenu 14 860 €.', 'ratio'),
  tee_above_slime_threshold: true,
  tee_above_onpe_threshold: true,
  tee_3d: true,
  brde_inputs: fig('5200.00', 'Reste à vivre par UC : 5 200 € par an.', 'EUR/an'),
  kwh_per_m2: fig('245', '12 250 kWh ÷ 50 m².'),
  estimated_class: fig(null, 'Estimation.', 'E'),
  thresholds: { tee_slime: '0.10', tee_onpe: '0.08' },
  income_hidden: false,
}

// As the API sends it to an energy advisor: bands and booleans, no amount tied to income.
const advisor: Analysis = {
  ...full,
  tee: fig(null, "Taux d'effort énergétique au-dessus de 10 %. Montant réservé à l'équipe sociale.", 'tranche'),
  income_per_uc: fig(null, "Montant réservé à l'équipe sociale."),
  brde_inputs: fig(null, "BRDE : reste à vivre par UC sous 60 % du revenu médian : oui. Montant réservé à l'équipe sociale."),
  income_hidden: true,
}

describe('AnalysisView', () => {
  it('shows the amounts tied to income to the social team', () => {
    render(<AnalysisView analysis={full} />)
    expect(screen.getByTestId('tee')).toHaveTextContent(/12,5\s%/)
    expect(screen.getByTestId('income-per-uc')).toHaveTextContent(/9\s857,14\s€ par an/)
    expect(screen.getByTestId('brde')).toHaveTextContent(/5\s200,00\s€ par an/)
    expect(screen.queryByTestId('income-hidden-note')).toBeNull()
  })

  it('shows the band instead of an empty value when income is hidden, and says why', () => {
    render(<AnalysisView analysis={advisor} />)
    expect(screen.getByTestId('income-hidden-note')).toHaveTextContent('réservés à l’équipe sociale')
    expect(screen.getByTestId('tee')).toHaveTextContent("Taux d'effort énergétique au-dessus de 10 %.")
    expect(screen.getByTestId('tee')).not.toHaveTextContent('Non calculable')
    expect(screen.getByTestId('brde')).toHaveTextContent('BRDE : reste à vivre par UC sous 60 % du revenu médian : oui.')
    expect(screen.getByTestId('income-per-uc')).toHaveTextContent('Réservé à l’équipe sociale')
    expect(screen.getAllByText("Montant réservé à l'équipe sociale.")).toHaveLength(2)
    // The thresholds, said in words, stay.
    expect(screen.getByTestId('tee-thresholds')).toHaveTextContent('Au-dessus du seuil SLIME')
    expect(screen.getByTestId('energy-spending')).toHaveTextContent(/1\s850,00\s€ par an/)
  })
})

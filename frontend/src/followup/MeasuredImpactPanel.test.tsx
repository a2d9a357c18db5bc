import { screen } from '@testing-library/react'
import { renderWithVocabulary } from '../test/vocabulary'
import { describe, expect, it } from 'vitest'
import type { MeasuredImpactRead } from '../api/types'
import { changeText } from '../lib/figures'
import { MeasuredImpactView } from './MeasuredImpactPanel'

// The method page's case: gas, 15 000 kWh before (2 400 DJU), 10 000 after (2 000 DJU), 80 % heating,
// normal year 2 500 DJU: corrected −3 500 kWh (−385 € at 0,11 €/kWh); estimate 3 300 kWh: 106 %.
const corrected: MeasuredImpactRead = {
  household_id: 5,
  visit_id: 2,
  visit_date: '2024-10-15',
  reference_date: '2026-03-01',
  baseline: { start: '2023-10-01', end: '2024-09-30', bills: 6 },
  after: { start: '2024-11-01', end: '2025-10-31', bills: 6 },
  bills_straddling_visit: 1,
  energies: [
    {
      energy: 'natural_gas',
      baseline_kwh: '15000',
      after_kwh: '10000',
      baseline_eur: '1650.00',
      after_eur: '1100.00',
      change_kwh: '-5000',
      change_eur: '-550.00',
      heating_share: '0.8000',
      corrected_change_kwh: '-3500',
      corrected_change_eur: '-385.00',
      compared: true,
      notes: [],
    },
  ],
  baseline_kwh: '15000',
  after_kwh: '10000',
  change_kwh: '-5000',
  change_eur: '-550.00',
  corrected_change_kwh: '-3500',
  corrected_change_eur: '-385.00',
  climate_corrected: true,
  climate_note: 'Corrigé du climat avec les DJU du Jura.',
  estimated: [
    { kind: 'work', code: 'roof', label: 'Isolation des combles', saving_kwh: '3000', saving_eur: '330.00' },
    { kind: 'eco_gesture', code: 'led_bulb', label: 'Ampoule LED × 12', saving_kwh: '300', saving_eur: null },
  ],
  estimated_kwh: '3300',
  measured_saving_kwh: '3500',
  share_of_estimate: '1.0606',
  explanation: 'Économie mesurée de 3 500 kWh par an, corrigée du climat.',
}

const uncorrected: MeasuredImpactRead = {
  ...corrected,
  climate_corrected: false,
  corrected_change_kwh: null,
  corrected_change_eur: null,
  energies: corrected.energies.map((e) => ({ ...e, corrected_change_kwh: null, corrected_change_eur: null })),
  climate_note:
    'Comparaison non corrigée du climat : DJU 2024 à renseigner. Un hiver plus doux après la visite fait paraître l’économie plus grande, un hiver plus rude plus petite.',
  measured_saving_kwh: '5000',
  share_of_estimate: '1.5152',
}

describe('MeasuredImpactView', () => {
  it('compares before and after per energy, raw and corrected for the climate, in kWh and €', () => {
    renderWithVocabulary(<MeasuredImpactView impact={corrected} />)
    expect(screen.getByTestId('impact-windows')).toHaveTextContent(
      'Visite du 15/10/2024. Avant : du 01/10/2023 au 30/09/2024 (6 factures). Après : du 01/11/2024 au 31/10/2025 (6 factures). 1 facture à cheval sur la visite',
    )
    const gas = screen.getByTestId('impact-natural_gas')
    expect(gas).toHaveTextContent('15 000 kWh')
    expect(gas).toHaveTextContent('1 650,00 €')
    expect(gas).toHaveTextContent('−5 000 kWh, −550,00 € (économie)')
    expect(gas).toHaveTextContent('−3 500 kWh, −385,00 € (économie)')
    expect(screen.queryByTestId('climate-note')).toBeNull()
  })

  it('sets the estimated savings of works and eco-gestures against the measured one', () => {
    renderWithVocabulary(<MeasuredImpactView impact={corrected} />)
    expect(screen.getByTestId('impact-estimated')).toHaveTextContent('Travaux faits : Isolation des combles : 3 000 kWh par an (330,00 € par an)')
    expect(screen.getByTestId('impact-estimated')).toHaveTextContent('Écogeste : Ampoule LED × 12 : 300 kWh par an')
    expect(screen.getByTestId('impact-estimated-total')).toHaveTextContent('3 300 kWh par an')
    expect(screen.getByTestId('impact-measured')).toHaveTextContent('3 500 kWh par an')
    expect(screen.getByText('Économie mesurée (corrigée du climat)')).toBeInTheDocument()
    expect(screen.getByTestId('impact-share')).toHaveTextContent('106 %')
  })

  it('says when the climate correction is not available', () => {
    renderWithVocabulary(<MeasuredImpactView impact={uncorrected} />)
    expect(screen.getByTestId('climate-note')).toHaveTextContent('Comparaison non corrigée du climat : DJU 2024 à renseigner.')
    expect(screen.getByTestId('impact-natural_gas')).toHaveTextContent('non disponible')
    expect(screen.getByText('Économie mesurée (non corrigée du climat)')).toBeInTheDocument()
  })

  it('says what is missing when there is nothing to compare yet', () => {
    renderWithVocabulary(
      <MeasuredImpactView
        impact={{ ...corrected, after: null, energies: [], change_kwh: null, measured_saving_kwh: null, share_of_estimate: null, explanation: 'Impact mesuré non calculable : factures après la visite à saisir.' }}
      />,
    )
    expect(screen.getByTestId('impact-explanation')).toHaveTextContent('factures après la visite à saisir')
    expect(screen.getByTestId('impact-windows')).toHaveTextContent('Après : aucune facture.')
    expect(screen.getByTestId('impact-measured')).toHaveTextContent('Non calculable')
  })

  it('words a change by its sign as well', () => {
    expect(changeText('120', '15.5')).toBe('+120\u00a0kWh, +15,50\u00a0€ (hausse)')
    expect(changeText(null)).toBe('–')
  })
})

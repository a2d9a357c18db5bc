import { screen } from '@testing-library/react'
import { renderWithVocabulary } from '../test/vocabulary'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import type { FrozenFiguresRead } from '../api/types'
import { FrozenFiguresView } from './FrozenFigures'

const frozen: FrozenFiguresRead = {
  report_id: 12,
  frozen: true,
  note: null,
  reference_date: '2026-03-20',
  validated_at: '2026-03-20T09:30:00Z',
  income_hidden: false,
  analysis: {
    reference_date: '2026-03-20',
    tee: { value: '0.1909', unit: 'ratio', display: '19,1 %', explanation: '', inputs: {}, calculable: true },
    tee_after_cheque: { value: '0.1789', unit: 'ratio', display: '17,9 %', explanation: '', inputs: {}, calculable: true },
    energy_spending: { value: '3092.48', unit: '€/an', display: '3 092,48 €', explanation: '', inputs: {} },
    estimated_class: { value: null, unit: 'E', display: 'E (indicatif — pas un DPE)', explanation: '', inputs: {} },
    energies: [
      { energy: 'natural_gas', kwh_per_year: '10360', kwh_unit: 'kWh PCI', kwh_pcs_per_year: '11500', eur_per_year: '1100.00' },
      { energy: 'electricity', kwh_per_year: '1950', kwh_unit: 'kWh PCI', eur_per_year: '542.41' },
    ],
    // A field this SPA does not know yet: ignored.
    something_new: { a: 1 },
  },
  works_estimate: null,
  reference_rows: [
    { table: 'threshold', key: 'tee_slime', value: '0.100000', unit: 'ratio', valid_from: '2018-01-01', source: 'Réseau SLIME' },
    { table: 'brde_median', key: 'energy_spending_per_uc', value: null, unit: '€ par UC et par an', valid_from: '2021-01-01', source: 'ONPE' },
  ],
}

describe('FrozenFiguresView', () => {
  it('dates the frozen figures and shows the key ones as the API formatted them', () => {
    renderWithVocabulary(<FrozenFiguresView figures={frozen} />)
    expect(screen.getByTestId('figures-frozen-on')).toHaveTextContent(
      'Chiffres figés le 20/03/2026, valeurs de référence en vigueur le 20/03/2026.',
    )
    expect(screen.getByTestId('frozen-tee')).toHaveTextContent('19,1 %')
    expect(screen.getByTestId('frozen-tee-after-cheque')).toHaveTextContent('17,9 %')
    expect(screen.getByTestId('frozen-class')).toHaveTextContent('E (indicatif — pas un DPE)')
    expect(screen.getByTestId('frozen-energies')).toHaveTextContent('Gaz naturel : 10 360 kWh PCI (11 500 kWh PCS), 1 100,00 € par an')
  })

  it('lists the reference rows used behind a disclosure, « à renseigner » for an empty one', async () => {
    renderWithVocabulary(<FrozenFiguresView figures={frozen} />)
    const rows = screen.getByTestId('frozen-reference-rows')
    expect(rows).not.toHaveAttribute('open')
    await userEvent.click(rows.querySelector('summary')!)
    expect(rows).toHaveAttribute('open')
    expect(rows).toHaveTextContent('threshold / tee_slime : 0,1 ratio, en vigueur depuis le 01/01/2018')
    expect(rows).toHaveTextContent('brde_median / energy_spending_per_uc : à renseigner')
  })

  it('says « non figé » for a report validated before figures were kept', () => {
    renderWithVocabulary(
      <FrozenFiguresView
        figures={{
          ...frozen,
          frozen: false,
          analysis: null,
          reference_rows: [],
          reference_date: null,
          validated_at: '2025-10-29T07:00:00Z',
          note: 'Compte-rendu validé avant que ses chiffres ne soient conservés : ils ne peuvent plus être restitués tels qu’ils étaient.',
        }}
      />,
    )
    expect(screen.getByTestId('figures-not-frozen')).toHaveTextContent('Chiffres non figés : Compte-rendu validé avant')
    expect(screen.queryByTestId('frozen-tee')).toBeNull()
  })
})

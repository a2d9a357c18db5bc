import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { EligibilityRead } from '../api/types'
import { EligibilityView } from './EligibilityPanel'

const ANAH_SOURCE = 'france-renov.gouv.fr/bareme (barème 2025)'

// Family of 4, RFR 16 000 € (method page, chèque énergie): 2,1 UC, 7 619,05 € per UC → 126 €.
const coordinator: EligibilityRead = {
  household_id: 5,
  reference_date: '2025-06-01',
  persons: 4,
  zone: 'outside_idf',
  tax_income_year: 2023,
  income_hidden: false,
  anah_category: {
    value: 'very_modest',
    label: 'très modestes',
    explanation: 'Catégorie Anah : très modestes (RFR 16 000,00 € ≤ plafond 35 285,00 € pour 4 personnes, barème du 01/01/2025).',
    missing: [],
    sources: [ANAH_SOURCE],
  },
  cheque_energie: {
    value: 'eligible',
    eligible: true,
    amount_eur: '126.00',
    units: '2.100',
    declared_received: false,
    explanation: 'Chèque énergie : éligible (7 619,05 € par UC, de 6 800 € à moins de 7 850 €) ; 126,00 € par an.',
    missing: [],
    sources: ['Arrêté du 3 mars 2023'],
  },
  fsl: {
    value: null,
    explanation: 'FSL énergie : non calculable : règles FSL du Jura à renseigner.',
    missing: ['règles FSL du Jura à renseigner'],
    sources: ['Règlement intérieur du FSL du Jura : non trouvé'],
  },
  notes: [],
}

// What the API sends to an energy advisor: the category and yes/no, no amount nor ceiling.
const advisor: EligibilityRead = {
  ...coordinator,
  income_hidden: true,
  anah_category: { ...coordinator.anah_category, explanation: 'Catégorie Anah : très modestes.' },
  cheque_energie: { ...coordinator.cheque_energie, amount_eur: null, explanation: 'Chèque énergie : éligible.' },
}

describe('EligibilityView', () => {
  it('gives the social team the category, the chèque with its amount, and the FSL « non calculable » with what is missing', () => {
    render(<EligibilityView eligibility={coordinator} />)
    expect(screen.getByTestId('eligibility-reference')).toHaveTextContent(
      'Barèmes en vigueur le 01/06/2025. 4 personnes comptées. Revenus 2023. Plafonds hors Île-de-France.',
    )
    expect(screen.getByTestId('anah-category')).toHaveTextContent('Ménage aux revenus très modestes')
    expect(screen.getByText(/RFR 16 000,00 €/)).toBeInTheDocument()
    expect(screen.getByTestId('cheque-energie')).toHaveTextContent('Éligible')
    expect(screen.getByTestId('cheque-amount')).toHaveTextContent('Montant attendu : 126,00 € par an')
    expect(screen.getByText(/2,1 unités de consommation du chèque énergie/)).toBeInTheDocument()
    expect(screen.getByTestId('cheque-received')).toHaveTextContent('Déclaré reçu dans le diagnostic social : non.')
    expect(screen.getByTestId('fsl')).toHaveTextContent(/^Non calculable$/)
    expect(screen.getByTestId('fsl-missing')).toHaveTextContent('À renseigner : règles FSL du Jura.')
    expect(screen.getByTestId('anah-category-sources')).toHaveTextContent(ANAH_SOURCE)
    expect(screen.queryByTestId('eligibility-hidden-note')).toBeNull()
  })

  it('gives an advisor the category and yes/no only, and says why', () => {
    render(<EligibilityView eligibility={advisor} />)
    expect(screen.getByTestId('eligibility-hidden-note')).toHaveTextContent('réservés à l’équipe sociale')
    expect(screen.getByTestId('anah-category')).toHaveTextContent('Ménage aux revenus très modestes')
    expect(screen.getByTestId('cheque-energie')).toHaveTextContent('Éligible')
    expect(screen.queryByTestId('cheque-amount')).toBeNull()
    expect(document.body).not.toHaveTextContent('16 000')
    expect(document.body).not.toHaveTextContent('126,00')
  })

  it('says « non calculable » with the missing input when the RFR is not entered', () => {
    const missing: EligibilityRead = {
      ...coordinator,
      anah_category: { value: null, label: null, explanation: 'Catégorie Anah : non calculable.', missing: ['revenu fiscal de référence à renseigner'], sources: [] },
      cheque_energie: { ...coordinator.cheque_energie, value: null, eligible: null, amount_eur: null, declared_received: null },
    }
    render(<EligibilityView eligibility={missing} />)
    expect(screen.getByTestId('anah-category')).toHaveTextContent('Non calculable')
    expect(screen.getByTestId('anah-category-missing')).toHaveTextContent('À renseigner : revenu fiscal de référence.')
    expect(screen.getByTestId('cheque-received')).toHaveTextContent('diagnostic social non saisi')
  })
})

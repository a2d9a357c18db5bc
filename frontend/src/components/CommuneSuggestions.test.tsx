import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { CommuneRead } from '../api/types'
import { chooseCommune, communeQuery } from '../lib/communes'
import { CommuneSuggestions, type CommuneSuggestionsProps } from './CommuneSuggestions'

const CHAMPAGNOLE: CommuneRead = {
  insee_code: '39097', name: 'Champagnole', postcodes: ['39300'], arrondissement: '392',
  unit: { id: 2, name: 'Champagnole' },
}
const ARDON: CommuneRead = { ...CHAMPAGNOLE, insee_code: '39015', name: 'Ardon' }
const ARLAY: CommuneRead = {
  insee_code: '39020', name: 'Arlay', postcodes: ['39140', '39210'], arrondissement: '392', unit: null,
}

function renderSuggestions(props: Partial<CommuneSuggestionsProps> = {}) {
  const onChoose = vi.fn()
  const all: CommuneSuggestionsProps = {
    id: 'c', postcode: '39300', commune: '', inseeCode: '', suggestions: [ARDON, CHAMPAGNOLE], total: 2, onChoose,
    ...props,
  }
  const view = render(<CommuneSuggestions {...all} />)
  return { onChoose, rerender: (more: Partial<CommuneSuggestionsProps>) => view.rerender(<CommuneSuggestions {...all} {...more} />) }
}

describe('communeQuery', () => {
  it('asks by postal code first, else by the start of the name, else nothing', () => {
    expect(communeQuery('39300', 'Champ')).toEqual({ postcode: '39300' })
    expect(communeQuery('39', '')).toEqual({ postcode: '39' })
    expect(communeQuery('3', 'lons')).toEqual({ q: 'lons' })
    expect(communeQuery('', 'L')).toBeNull()
  })

  it('keeps the typed postal code when it is one of the commune\u2019s', () => {
    expect(chooseCommune(ARLAY, '39210')).toEqual({ insee_code: '39020', commune: 'Arlay', postcode: '39210' })
    expect(chooseCommune(ARLAY, '392')).toEqual({ insee_code: '39020', commune: 'Arlay', postcode: '39140' })
  })
})

describe('CommuneSuggestions', () => {
  it('lists the communes of a shared postal code in a labelled group, with a status', () => {
    renderSuggestions()
    const group = screen.getByRole('group', { name: 'Communes proposées' })
    const buttons = within(group).getAllByRole('button')
    expect(buttons.map((b) => b.textContent)).toEqual([
      'Ardon – 39300, code INSEE 39015, UT Champagnole',
      'Champagnole – 39300, code INSEE 39097, UT Champagnole',
    ])
    expect(within(group).getByRole('status')).toHaveTextContent('2 communes correspondent')
  })

  it('fills commune, postal code and INSEE code when one is chosen with the keyboard', async () => {
    const user = userEvent.setup()
    const { onChoose, rerender } = renderSuggestions()
    await user.tab()
    await user.tab()
    expect(screen.getByRole('button', { name: /^Champagnole/ })).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(onChoose).toHaveBeenCalledWith({ insee_code: '39097', commune: 'Champagnole', postcode: '39300' })
    // The form stores the INSEE code: the list gives way to what was recognised.
    rerender({ inseeCode: '39097', commune: 'Champagnole' })
    expect(screen.queryByRole('group')).toBeNull()
    expect(screen.getByRole('status')).toHaveTextContent(
      'Commune reconnue : Champagnole (code INSEE 39097), UT Champagnole.',
    )
  })

  it('says when a commune is outside every unit, or when nothing matches', () => {
    const { rerender } = renderSuggestions({ postcode: '39210', suggestions: [ARLAY], total: 1 })
    expect(screen.getByRole('button', { name: /Arlay/ })).toHaveTextContent('hors unités territoriales')
    rerender({ postcode: '99999', suggestions: [], total: 0 })
    expect(screen.getByRole('status')).toHaveTextContent('Aucune commune du Jura ne correspond')
    expect(screen.queryByRole('button')).toBeNull()
  })

  it('suggests nothing before two characters, nor once the INSEE code is known', () => {
    const { rerender } = renderSuggestions({ postcode: '3', commune: 'D' })
    expect(screen.queryByRole('group')).toBeNull()
    rerender({ postcode: '39100', inseeCode: '39198' })
    expect(screen.queryByRole('group')).toBeNull()
  })
})

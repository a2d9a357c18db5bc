import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Item } from './DetailItem'

describe('Item', () => {
  it('says « Non renseigné », or the feminine given for the term, when the value is empty', () => {
    render(
      <dl>
        <Item term="Téléphone">{null}</Item>
        <Item term="Unité territoriale" emptyText="Non renseignée">
          {undefined}
        </Item>
        <Item term="Commune">Dole</Item>
      </dl>,
    )
    const values = screen.getAllByRole('definition').map((d) => d.textContent)
    expect(values).toEqual(['Non renseigné', 'Non renseignée', 'Dole'])
  })
})

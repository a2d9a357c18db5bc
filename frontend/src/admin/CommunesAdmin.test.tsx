import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { CommuneRead } from '../api/types'
import { jsonResponse } from '../test/renderApp'
import { CommunesAdmin } from './CommunesAdmin'

const UNITS = [
  { id: 1, code: 'DOLE', name: 'Dole', households_count: 1, households_source: '', households_year: null, communes_count: 1 },
  { id: 4, code: 'SAINT-CLAUDE', name: 'Saint-Claude', households_count: 1, households_source: '', households_year: null, communes_count: 0 },
]
const DOLE: CommuneRead = { insee_code: '39198', name: 'Dole', postcodes: ['39100'], arrondissement: '391', unit: { id: 1, name: 'Dole' } }

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('CommunesAdmin', () => {
  it('moves a commune to another unit, or outside every unit, with a labelled select', async () => {
    const patches: unknown[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      const url = new URL(req.url)
      if (req.method === 'PATCH') {
        const body = (await req.json()) as { unit_id: number | null }
        patches.push([url.pathname, body])
        return jsonResponse(200, { ...DOLE, unit: body.unit_id ? { id: 4, name: 'Saint-Claude' } : null })
      }
      if (url.pathname.endsWith('/territorial-units')) return jsonResponse(200, { items: UNITS, total: UNITS.length, next: null })
      return jsonResponse(200, { items: [DOLE], total: 1, next: null })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <MemoryRouter>
          <CommunesAdmin />
        </MemoryRouter>
      </QueryClientProvider>,
    )
    const select = await screen.findByLabelText('Unité territoriale de Dole')
    await within(select).findByRole('option', { name: 'Saint-Claude' })
    fireEvent.change(select, { target: { value: '4' } })
    expect(await screen.findByText('Dole : unité Saint-Claude.')).toBeInTheDocument()
    fireEvent.change(select, { target: { value: '' } })
    expect(await screen.findByText('Dole : hors unités territoriales.')).toBeInTheDocument()
    expect(patches).toEqual([
      ['/api/v1/communes/39198', { unit_id: 4 }],
      ['/api/v1/communes/39198', { unit_id: null }],
    ])
  })
})

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { TimelineEntry } from '../api/types'
import { jsonResponse } from '../test/renderApp'
import { Timeline } from './Timeline'
import { isInternalPath, mergePages, timelineTone } from './timelineModel'

const visit: TimelineEntry = {
  kind: 'visit',
  record_id: 9,
  at: '2026-03-02T09:00:00Z',
  label: 'Visite à domicile réalisée',
  status: 'done',
  status_label: 'Réalisée',
  path: '/visites/9',
}
const report: TimelineEntry = {
  kind: 'report',
  record_id: 12,
  at: '2026-03-20T10:00:00Z',
  label: 'Compte-rendu CR-5-1',
  status: 'sent',
  status_label: 'Envoyé',
  path: '/comptes-rendus/12',
}
const referral: TimelineEntry = {
  kind: 'referral',
  record_id: 4,
  at: '2026-01-05T08:00:00Z',
  label: 'Demande d’intervention n° 4 reçue et traitée',
  status: 'contacted',
  status_label: 'Contactée',
  path: '/demandes/4',
}

function renderTimeline(pages: Record<number, { items: TimelineEntry[]; total: number; next: number | null }>) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    calls.push(url.pathname + url.search)
    return jsonResponse(200, pages[Number(url.searchParams.get('offset') ?? 0)])
  })
  session.setTokens({ access_token: 'a1' })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={queryClient}>
      <MemoryRouter>
        <Timeline householdId={5} />
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return calls
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('Timeline', { timeout: 20_000 }, () => {
  it('lists the steps in order, with dd/mm/yyyy dates, links and status badges', async () => {
    renderTimeline({ 0: { items: [report, visit], total: 2, next: null } })
    const list = await screen.findByRole('list')
    const items = within(list).getAllByRole('listitem')
    expect(items).toHaveLength(2)
    expect(items[0]).toHaveTextContent('20/03/2026')
    expect(within(items[0]).getByRole('link', { name: 'Compte-rendu CR-5-1' })).toHaveAttribute('href', '/comptes-rendus/12')
    expect(items[0]).toHaveTextContent('État : Envoyé')
    expect(within(items[1]).getByRole('link', { name: 'Visite à domicile réalisée' })).toHaveAttribute('href', '/visites/9')
    expect(items[1]).toHaveTextContent('02/03/2026')
    expect(screen.getByRole('heading', { level: 2, name: 'Parcours du ménage' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Voir plus/ })).not.toBeInTheDocument()
  })

  it('loads the next page with « Voir plus » when the API gives a next offset', async () => {
    const calls = renderTimeline({
      0: { items: [report, visit], total: 3, next: 2 },
      2: { items: [referral], total: 3, next: null },
    })
    const more = await screen.findByRole('button', { name: /Voir plus/ })
    expect(screen.getByText('2 étapes affichées sur 3.')).toBeInTheDocument()
    await userEvent.click(more)
    expect(await screen.findByRole('link', { name: /Demande d’intervention n° 4/ })).toHaveAttribute('href', '/demandes/4')
    expect(screen.getAllByRole('listitem')).toHaveLength(3)
    expect(screen.queryByRole('button', { name: /Voir plus/ })).not.toBeInTheDocument()
    expect(calls).toEqual([
      '/api/v1/households/5/timeline?limit=20&offset=0',
      '/api/v1/households/5/timeline?limit=20&offset=2',
    ])
  })

  it('says when there is nothing yet', async () => {
    renderTimeline({ 0: { items: [], total: 0, next: null } })
    expect(await screen.findByText('Aucune étape enregistrée pour ce ménage.')).toBeInTheDocument()
  })
})

describe('timeline model', () => {
  it('gives each status a tone', () => {
    expect(timelineTone('sent')).toBe('done')
    expect(timelineTone('cancelled')).toBe('stopped')
    expect(timelineTone('received')).toBe('new')
    expect(timelineTone('in_review')).toBe('progress')
    expect(timelineTone(null)).toBe('new')
  })

  it('merges pages without repeating an entry', () => {
    expect(mergePages([{ items: [report, visit] }, { items: [visit, referral] }]).map((e) => e.record_id)).toEqual([12, 9, 4])
  })

  it('opens only paths inside the SPA', () => {
    expect(isInternalPath('/visites/9')).toBe(true)
    expect(isInternalPath('//evil.example/x')).toBe(false)
    expect(isInternalPath('https://evil.example/')).toBe(false)
  })
})

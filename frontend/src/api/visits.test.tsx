import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse } from '../test/renderApp'
import { agendaKeys, freeSlotKeys } from './agenda'
import { session } from './client'
import { householdKeys } from './households'
import { referralKeys } from './referrals'
import type { VisitRead } from './types'
import { useChangeVisitStatus, visitKeys } from './visits'
import { worklistKeys } from './worklist'

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

/** A cache already holding what the pages had read (nothing on screen: invalidating reads nothing again). */
function cacheWith(keys: QueryKey[]) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  for (const key of keys) queryClient.setQueryData(key, { read: 'before' })
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  const stale = (key: QueryKey) => queryClient.getQueryState(key)?.isInvalidated
  return { queryClient, wrapper, stale }
}

describe('useChangeVisitStatus', () => {
  const done = { id: 9, version: 4, status: 'done' } as VisitRead
  const onScreen = {
    briefing: visitKeys.briefing(9),
    worklist: worklistKeys.all(),
    agenda: agendaKeys.week([2, 3], '2026-03-02', '2026-03-08'),
    referral: referralKeys.detail(4),
    referrals: referralKeys.list({}),
  }
  const untouched = {
    household: householdKeys.detail(5),
    freeSlots: freeSlotKeys.day([2, 3], '2026-03-02', 120),
    otherVisit: visitKeys.detail(10),
  }

  it('stores the visit as answered and makes its briefing, the worklist, the agendas and the referrals stale', async () => {
    const sent: unknown[] = []
    vi.stubGlobal('fetch', async (req: Request) => {
      sent.push([req.method, new URL(req.url).pathname, await req.json()])
      return jsonResponse(200, done)
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const { queryClient, wrapper, stale } = cacheWith([...Object.values(onScreen), ...Object.values(untouched), visitKeys.detail(9)])
    const onSuccess = vi.fn()
    const { result } = renderHook(() => useChangeVisitStatus(9, { onSuccess }), { wrapper })

    await act(() => result.current.mutateAsync({ version: 3, status: 'done', note: '' }))

    expect(sent).toEqual([['POST', '/api/v1/visits/9/status', { version: 3, status: 'done', note: '' }]])
    expect(queryClient.getQueryData(visitKeys.detail(9))).toEqual(done)
    expect(stale(visitKeys.detail(9))).toBe(false)
    for (const [what, key] of Object.entries(onScreen)) expect(stale(key), what).toBe(true)
    for (const [what, key] of Object.entries(untouched)) expect(stale(key), what).toBe(false)
    expect(onSuccess).toHaveBeenCalledWith(done, { version: 3, status: 'done', note: '' })
  })

  it('changes nothing in the cache when the server refuses (a stale version)', async () => {
    vi.stubGlobal('fetch', async () => jsonResponse(409, { error: 'stale_version', detail: 'La visite a été modifiée entre-temps.' }))
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const { queryClient, wrapper, stale } = cacheWith([...Object.values(onScreen), visitKeys.detail(9)])
    const onError = vi.fn()
    const { result } = renderHook(() => useChangeVisitStatus(9, { onError }), { wrapper })

    await act(() => result.current.mutateAsync({ version: 2, status: 'done', note: '' }).catch(() => undefined))

    expect(onError).toHaveBeenCalledTimes(1)
    expect(queryClient.getQueryData(visitKeys.detail(9))).toEqual({ read: 'before' })
    for (const [what, key] of Object.entries(onScreen)) expect(stale(key), what).toBe(false)
  })
})

import { QueryClient, QueryClientProvider, type QueryKey } from '@tanstack/react-query'
import { act, renderHook } from '@testing-library/react'
import type { ReactNode } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../lib/errors'
import { jsonResponse } from '../test/renderApp'
import { session } from './client'
import { followUpKeys, useFollowUpWrite } from './followup'
import { householdKeys } from './households'
import { worklistKeys } from './worklist'

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

const keys = {
  followUp: followUpKeys.detail(5),
  household: householdKeys.detail(5),
  board: followUpKeys.board({ due: 'overdue' }),
  worklist: worklistKeys.all(),
  otherFollowUp: followUpKeys.detail(6),
}

function setUp(status: number, body: unknown) {
  const sent: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    sent.push(`${req.method} ${new URL(req.url).pathname}`)
    return jsonResponse(status, body)
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  for (const key of Object.values(keys)) queryClient.setQueryData(key, { read: 'before' })
  const wrapper = ({ children }: { children: ReactNode }) => <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
  const { result } = renderHook(() => useFollowUpWrite(5), { wrapper })
  const stale = (key: QueryKey) => queryClient.getQueryState(key)?.isInvalidated
  return { sent, result, stale }
}

describe('useFollowUpWrite', () => {
  it('sends the call to its route and makes the household’s follow-up and record, the board and the worklist stale', async () => {
    const { sent, result, stale } = setUp(201, { id: 1 })
    await act(() => result.current.mutateAsync({ kind: 'note', orientationId: 8, body: { on: null, contact: 'CAF', note: 'Dossier reçu.' } }))
    expect(sent).toEqual(['POST /api/v1/orientations/8/notes'])
    for (const what of ['followUp', 'household', 'board', 'worklist'] as const) expect(stale(keys[what]), what).toBe(true)
    expect(stale(keys.otherFollowUp)).toBe(false)
  })

  it('on a 409, reads the follow-up again (for its current version) and nothing else', async () => {
    const { sent, result, stale } = setUp(409, { error: 'stale_version', detail: 'L’orientation a changé entre-temps.' })
    const refused = await act(() =>
      result.current.mutateAsync({ kind: 'close', body: { version: 2, summary: 'Tout est réglé.' } }).catch((e: unknown) => e),
    )
    expect(refused).toBeInstanceOf(ApiError)
    expect(sent).toEqual(['POST /api/v1/households/5/close'])
    expect(stale(keys.followUp)).toBe(true)
    for (const what of ['household', 'board', 'worklist', 'otherFollowUp'] as const) expect(stale(keys[what]), what).toBe(false)
  })
})

import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { ReferralRead } from '../api/types'
import { REFERRAL_ACTION_LABELS } from '../lib/labels'
import { jsonResponse } from '../test/renderApp'
import { ActionsPanel } from './ActionsPanel'
import { offeredAfterRefusal } from './referralModel'

const referral = {
  id: 9,
  version: 3,
  status: 'contacted',
  call_attempts: 1,
  allowed_actions: ['decline', 'mark_unreachable', 'mark_out_of_scope', 'mark_duplicate'],
} as unknown as ReferralRead

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('offeredAfterRefusal', () => {
  it('keeps what the API allows, without the action just refused', () => {
    expect(offeredAfterRefusal('mark_unreachable', ['decline', 'mark_unreachable', 'mark_duplicate'])).toEqual([
      'decline',
      'mark_duplicate',
    ])
    expect(offeredAfterRefusal('mark_unreachable', [])).toEqual([])
  })
})

describe('ActionsPanel', () => {
  it('after a refused « injoignable », no longer offers it and says why and what remains possible', async () => {
    const detail = 'Au moins 3 appels sans réponse sont nécessaires (1 enregistré(s) pour l’instant).'
    vi.stubGlobal('fetch', async (req: Request) => {
      if (req.method === 'POST' && new URL(req.url).pathname === '/api/v1/referrals/9/transitions')
        return jsonResponse(409, { error: 'conflict', detail, allowed: ['decline', 'mark_unreachable', 'mark_duplicate'] })
      return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
    })
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    render(
      <QueryClientProvider client={new QueryClient()}>
        <ActionsPanel referral={referral} />
      </QueryClientProvider>,
    )
    const panel = screen.getByRole('region', { name: 'Suites à donner' })
    fireEvent.click(within(panel).getByRole('button', { name: 'Déclarer injoignable' }))
    fireEvent.click(within(panel).getByRole('button', { name: 'Confirmer : Déclarer injoignable' }))

    const L = REFERRAL_ACTION_LABELS
    expect(
      await within(panel).findByText(
        `« Déclarer injoignable » impossible : ${detail} Actions possibles : ${L.decline}, ${L.mark_duplicate}.`,
      ),
    ).toBeInTheDocument()
    // The buttons follow the API's list (« hors champ » was not in it), without the refused action.
    expect(within(panel).getAllByRole('button').map((b) => b.textContent)).toEqual([L.decline, L.mark_duplicate])
  })
})

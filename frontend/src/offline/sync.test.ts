import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { jsonResponse } from '../test/renderApp'
import { db } from './db'
import { enqueue, queueItems } from './queue'
import { setOwner } from './store'
import { runSync } from './sync'

beforeEach(async () => {
  setOwner(1)
  await Promise.all([db.outbox.clear(), db.drafts.clear()])
})
afterEach(() => vi.unstubAllGlobals())

describe('synchronisation', () => {
  it('sends in order with the idempotency key; a refusal stays with its message, a conflict is kept, no network stops', async () => {
    const sent: { path: string; key: string | null; body: unknown }[] = []
    let networkUp = true
    vi.stubGlobal('fetch', async (req: Request) => {
      if (!networkUp) throw new TypeError('Failed to fetch')
      const path = new URL(req.url).pathname
      sent.push({ path, key: req.headers.get('Idempotency-Key'), body: await req.json() })
      if (path.endsWith('/bills') && sent.length === 2)
        return jsonResponse(422, { error: 'invalid', detail: 'La fin de période précède son début.' })
      if (path.endsWith('/technical-diagnostic')) return jsonResponse(409, { error: 'conflict', detail: 'Modifié entre-temps.' })
      return jsonResponse(201, { id: sent.length })
    })
    await db.drafts.put({ key: 'bills-draft', owner: 1, value: {}, savedAt: 1, basedOn: null, visitId: null })
    await enqueue({ method: 'POST', path: '/api/v1/households/2/bills', body: { amount_eur: '10' }, label: 'Facture 1', draftKey: 'bills-draft' })
    await enqueue({ method: 'POST', path: '/api/v1/households/2/bills', body: { amount_eur: '11' }, label: 'Facture 2' })
    await enqueue({ method: 'PUT', path: '/api/v1/visits/4/technical-diagnostic', body: { version: 1 }, label: 'Diagnostic' })

    expect(await runSync()).toBe(1)
    expect(sent.map((s) => (s.body as { amount_eur?: string }).amount_eur ?? 'diag')).toEqual(['10', '11', 'diag'])
    expect(sent.every((s) => s.key && s.key.length >= 16)).toBe(true)
    const left = await queueItems()
    expect(left.map((i) => [i.label, i.status, i.error])).toEqual([
      ['Facture 2', 'failed', 'La fin de période précède son début.'],
      ['Diagnostic', 'conflict', 'Modifié sur le serveur entre-temps.'],
    ])
    expect(await db.drafts.get('bills-draft')).toBeUndefined() // its write reached the server

    // A retry with no network changes nothing and sends nothing more.
    networkUp = false
    await db.outbox.update(left[0].id!, { status: 'pending' })
    expect(await runSync()).toBe(0)
    expect((await queueItems()).map((i) => i.status)).toEqual(['pending', 'conflict'])
    // The same key is sent again on the retry: the server can tell it is the same bill.
    networkUp = true
    await runSync()
    expect(sent[sent.length - 1].key).toBe(sent[1].key)
  })
})

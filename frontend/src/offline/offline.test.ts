import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { Me } from '../api/types'
import { fetchEnergyVocabulary } from '../api/vocabulary'
import { jsonResponse } from '../test/renderApp'
import { VOCABULARY } from '../test/vocabulary'
import { db, type OutboxItem } from './db'
import { offlineFetch, OFFLINE_HEADER, PREPARE_HEADER } from './fetch'
import { canonical, diffFields, mergeChoices, summarise } from './merge'
import { prepareVisits } from './prepare'
import { coalesceTarget, enqueue, nextToSend, orderQueue, queueItems } from './queue'
import { setOwner } from './store'

const item = (id: number, path: string, status: OutboxItem['status'] = 'pending'): OutboxItem => ({
  id,
  owner: 1,
  method: 'PUT',
  path,
  body: {},
  baseVersion: 1,
  idempotencyKey: `k${id}`,
  label: `item ${id}`,
  status,
  error: null,
  createdAt: id,
  visitId: null,
  householdId: null,
  draftKey: null,
  recordUrl: null,
})

beforeEach(async () => {
  setOwner(1)
  await Promise.all([db.outbox.clear(), db.responses.clear(), db.drafts.clear(), db.meta.clear()])
})

describe('queue ordering', () => {
  it('sends in the order the changes were made', () => {
    const ordered = orderQueue([item(3, '/a'), item(1, '/b'), item(2, '/c')])
    expect(ordered.map((i) => i.id)).toEqual([1, 2, 3])
    expect(nextToSend([item(3, '/a'), item(2, '/c')])?.id).toBe(2)
  })

  it('holds back a later change of a record stuck in conflict, not the others', () => {
    const items = [item(1, '/visits/1/technical-diagnostic', 'conflict'), item(2, '/visits/1/technical-diagnostic'), item(3, '/bills')]
    expect(nextToSend(items)?.id).toBe(3)
    expect(nextToSend([item(1, '/x', 'failed'), item(2, '/x')])).toBeUndefined()
  })

  it('replaces a pending change of the same record, but never merges creations', () => {
    const items = [item(1, '/a'), item(2, '/a', 'conflict')]
    expect(coalesceTarget(items, { method: 'PUT', path: '/a' })?.id).toBe(1)
    expect(coalesceTarget(items, { method: 'POST', path: '/a' })).toBeUndefined()
  })

  it('queues with an idempotency key and the version the change was based on', async () => {
    const first = await enqueue({ method: 'PUT', path: '/api/v1/visits/4/technical-diagnostic', body: { version: 3, notes: 'a' }, label: 'Diagnostic' })
    const again = await enqueue({ method: 'PUT', path: '/api/v1/visits/4/technical-diagnostic', body: { version: 3, notes: 'b' }, label: 'Diagnostic' })
    await enqueue({ method: 'POST', path: '/api/v1/households/2/bills', body: { amount_eur: '10' }, label: 'Facture' })
    await enqueue({ method: 'POST', path: '/api/v1/households/2/bills', body: { amount_eur: '12' }, label: 'Facture' })
    const items = await queueItems()
    expect(again).toBe(first)
    expect(items).toHaveLength(3)
    expect(items[0]).toMatchObject({ baseVersion: 3, body: { notes: 'b' }, status: 'pending' })
    expect(new Set(items.map((i) => i.idempotencyKey)).size).toBe(3)
    setOwner(2)
    expect(await queueItems()).toEqual([])
  })
})

describe('conflict comparison', () => {
  const local = {
    version: 2,
    surface_m2: '85.0',
    ventilation: 'VMC',
    envelope: [{ kind: 'wall', area_m2: '40' }],
    notes: 'Vu sur place',
  }
  const server = {
    version: 5,
    surface_m2: '85',
    ventilation: 'Aucune',
    envelope: [{ kind: 'wall', area_m2: '40.0', u_value: '2.5', id: 9 }],
    notes: 'Changé au bureau',
    updated_at: '2026-11-30T08:00:00Z',
  }

  it('lists only the fields that differ, nested values compared in the device’s shape', () => {
    expect(diffFields(local, server).map((d) => d.field)).toEqual(['ventilation', 'notes'])
    expect(canonical({ b: '1.50', a: [] })).toBe(canonical({ a: [], b: 1.5 }))
  })

  it('keeps the device’s value unless the server’s is chosen, with the server’s version', () => {
    const merged = mergeChoices(local, server, { notes: 'server', ventilation: 'local' })
    expect(merged).toEqual({ ...local, notes: 'Changé au bureau', version: 5 })
    const arrays = mergeChoices(local, server, { envelope: 'server' })
    expect(arrays.envelope).toEqual([{ kind: 'wall', area_m2: '40.0' }]) // the server's, without its extra fields
  })

  it('shows lists and objects as a readable summary', () => {
    expect(summarise([{ kind: 'Mur', area_m2: '40' }, { kind: 'Toit', area_m2: '60' }])).toBe('2 éléments : Mur, 40 ; Toit, 60')
    expect(summarise([])).toBe('Aucun élément')
    expect(summarise(true)).toBe('Oui')
    expect(summarise(null)).toBe('(vide)')
    expect(summarise({ energy_class: 'E', number: null })).toBe('Classe : E')
  })
})

describe('offline reads', () => {
  const url = 'http://localhost/api/v1/visits/7'
  const down = () => Promise.reject(new TypeError('Failed to fetch'))

  it('keeps a prepared answer and gives it back, to its owner only, when the network is gone', async () => {
    const prepared = new Request(url, { headers: { [PREPARE_HEADER]: '7' } })
    let sentHeader: string | null = 'unset'
    await offlineFetch(prepared, async (r) => {
      sentHeader = r.headers.get(PREPARE_HEADER)
      return new Response('{"id":7}', { status: 200 })
    })
    expect(sentHeader).toBeNull()
    const offline = await offlineFetch(new Request(url), down)
    expect(await offline.json()).toEqual({ id: 7 })
    expect(offline.headers.get(OFFLINE_HEADER)).not.toBeNull()
    setOwner(2)
    await expect(offlineFetch(new Request(url), down)).rejects.toThrow('Failed to fetch')
  })

  it('refreshes a prepared copy online, and stores nothing that was not prepared', async () => {
    await offlineFetch(new Request(url, { headers: { [PREPARE_HEADER]: '7' } }), async () => new Response('{"v":1}'))
    await offlineFetch(new Request(url), async () => new Response('{"v":2}'))
    await offlineFetch(new Request('http://localhost/api/v1/worklist'), async () => new Response('{}'))
    await new Promise((r) => setTimeout(r, 20))
    expect((await db.responses.get('/api/v1/visits/7'))?.body).toBe('{"v":2}')
    expect(await db.responses.count()).toBe(1)
  })
})

describe('the energy vocabulary offline', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
    session.clear()
  })

  it('is kept by « Préparer mes visites », so a bill typed offline still gets the API’s units', async () => {
    session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
    const me = { id: 1, scopes: ['agenda:read', 'bills:write', 'directory:read'] } as unknown as Me
    vi.stubGlobal('fetch', async (req: Request) => {
      const path = new URL(req.url).pathname
      if (path === '/api/v1/agenda') return jsonResponse(200, { entries: [] })
      if (path === '/api/v1/equipment-catalogue') return jsonResponse(200, { items: [], total: 0, next: null })
      if (path === '/api/v1/reference/energy-vocabulary') return jsonResponse(200, VOCABULARY)
      return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
    })
    await prepareVisits(me)
    vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))
    const offline = await fetchEnergyVocabulary()
    expect(offline.energies.find((e) => e.value === 'fuel_oil')?.units.map((u) => u.unit)).toEqual(['kwh', 'litre'])
  })
})

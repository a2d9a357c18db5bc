import { beforeEach, describe, expect, it, vi } from 'vitest'
import { SESSION_FLAG_KEY, Session } from './session'

type Handler = (req: Request) => Response | Promise<Response>

function json(status: number, body: unknown): Response {
  return new Response(body === null ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

/** Everything scripts could read: the refresh token must be in none of it. */
function readableByScripts(): string {
  const dump = (s: Storage) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i)!)}`)
  return [...dump(sessionStorage), ...dump(localStorage), document.cookie].join(';')
}

/**
 * A fake server: valid access tokens and refresh tokens, rotating on refresh. The refresh token is
 * the browser's HttpOnly cookie (`cookie`), sent only with `credentials: 'include'`.
 */
function fakeServer() {
  let counter = 0
  const valid = new Set<string>()
  const refreshTokens = new Set<string>()
  const calls: string[] = []
  let cookie: string | null = null
  const issue = () => {
    counter += 1
    const pair = { access_token: `a${counter}`, refresh_token: `r${counter}`, token_type: 'bearer', expires_in: 900 }
    valid.add(pair.access_token)
    refreshTokens.add(pair.refresh_token)
    return pair
  }
  const sentCookie = (req: Request) => (req.credentials === 'include' ? cookie : null)
  let forbidden = false
  const handler: Handler = async (req) => {
    const path = new URL(req.url, 'http://x').pathname
    calls.push(`${req.method} ${path}`)
    if (path.endsWith('/auth/token')) {
      const form = new URLSearchParams(await req.text())
      if (form.get('password') !== 'ok') return json(401, { error: 'unauthorized', detail: 'Identifiants incorrects.' })
      const pair = issue()
      if (req.credentials === 'include') cookie = pair.refresh_token // Set-Cookie
      return json(200, pair)
    }
    if (path.endsWith('/auth/refresh')) {
      const sent = sentCookie(req)
      if (req.body !== null || !sent || !refreshTokens.has(sent)) return json(401, { error: 'unauthorized', detail: 'x' })
      refreshTokens.delete(sent) // rotation: the old one is dead
      const pair = issue()
      cookie = pair.refresh_token
      return json(200, { ...pair, refresh_token: null }) // the new one only in the cookie
    }
    if (path.endsWith('/auth/logout')) {
      const sent = sentCookie(req)
      if (sent) refreshTokens.delete(sent)
      cookie = null
      return new Response(null, { status: 204 })
    }
    const auth = req.headers.get('Authorization')?.replace('Bearer ', '')
    if (!auth || !valid.has(auth)) return json(401, { error: 'unauthorized', detail: 'x' })
    if (forbidden) return json(403, { error: 'forbidden', detail: 'Interdit.' })
    return json(200, { ok: true, token: auth, body: req.method === 'POST' ? await req.json() : null })
  }
  return {
    handler,
    calls,
    cookie: () => cookie,
    hasRefreshToken: (token: string) => refreshTokens.has(token),
    expireAll: () => valid.clear(),
    revokeRefresh: () => refreshTokens.clear(),
    setForbidden: (v: boolean) => {
      forbidden = v
    },
  }
}

describe('Session', () => {
  let server: ReturnType<typeof fakeServer>
  let session: Session
  beforeEach(() => {
    server = fakeServer()
    session = new Session({ apiBase: '/api/v1', fetch: (r) => Promise.resolve(server.handler(r)) })
  })

  const get = (path = '/households') => session.fetch(new Request(`http://localhost/api/v1${path}`))

  beforeEach(() => {
    sessionStorage.clear()
    localStorage.clear()
  })

  it('logs in: access token in memory, refresh token only in the HttpOnly cookie', async () => {
    await session.login('a@b.fr', 'ok')
    expect(session.getAccessToken()).toBe('a1')
    expect(server.cookie()).toBe('r1')
    expect(readableByScripts()).not.toContain('r1')
    expect(sessionStorage.getItem(SESSION_FLAG_KEY)).toBe('1')
    const res = await get()
    expect(res.status).toBe(200)
    expect((await res.json()).token).toBe('a1')
  })

  it('reports a French error on bad credentials', async () => {
    await expect(session.login('a@b.fr', 'bad')).rejects.toThrow('Identifiants incorrects.')
    expect(session.hasSession()).toBe(false)
  })

  it('refreshes once on a 401, rotates the refresh token and retries the request with its body', async () => {
    await session.login('a@b.fr', 'ok')
    server.expireAll()
    const res = await session.fetch(
      new Request('http://localhost/api/v1/households', {
        method: 'POST',
        body: JSON.stringify({ last_name: 'Martin' }),
        headers: { 'Content-Type': 'application/json' },
      }),
    )
    expect(res.status).toBe(200)
    const payload = await res.json()
    expect(payload.token).toBe('a2')
    expect(payload.body).toEqual({ last_name: 'Martin' })
    expect(server.cookie()).toBe('r2')
    expect(readableByScripts()).not.toMatch(/r[12]/)
    expect(server.calls.filter((c) => c.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('forgets a refresh token stored by an older version', async () => {
    sessionStorage.setItem('binome.refresh_token', 'old-secret')
    new Session({ apiBase: '/api/v1', fetch: (r) => Promise.resolve(server.handler(r)) })
    expect(sessionStorage.getItem('binome.refresh_token')).toBeNull()
  })

  it('resumes a session after a reload with the refresh cookie', async () => {
    await session.login('a@b.fr', 'ok')
    const reloaded = new Session({ apiBase: '/api/v1', fetch: (r) => Promise.resolve(server.handler(r)) })
    expect(reloaded.getAccessToken()).toBeNull()
    expect(reloaded.hasSession()).toBe(true)
    const res = await reloaded.fetch(new Request('http://localhost/api/v1/auth/me'))
    expect(res.status).toBe(200)
    expect(reloaded.getAccessToken()).toBe('a2')
  })

  it('shares a single refresh between concurrent 401s', async () => {
    await session.login('a@b.fr', 'ok')
    server.expireAll()
    const results = await Promise.all([get('/a'), get('/b'), get('/c')])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect(server.calls.filter((c) => c.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('clears the tokens and notifies when the refresh fails', async () => {
    await session.login('a@b.fr', 'ok')
    server.expireAll()
    server.revokeRefresh()
    const expired = vi.fn()
    session.onExpired(expired)
    const res = await get()
    expect(res.status).toBe(401)
    expect(expired).toHaveBeenCalledTimes(1)
    expect(session.hasSession()).toBe(false)
    expect(sessionStorage.getItem(SESSION_FLAG_KEY)).toBeNull()
  })

  it('does not try to refresh more than once per request', async () => {
    await session.login('a@b.fr', 'ok')
    // Every access token is rejected, even fresh ones.
    const always401 = new Session({
      apiBase: '/api/v1',
      fetch: async (r) => {
        const path = new URL(r.url).pathname
        if (path.endsWith('/auth/refresh')) return server.handler(r)
        return json(401, { error: 'unauthorized', detail: 'x' })
      },
    })
    always401.setTokens({ access_token: 'zzz' })
    const expired = vi.fn()
    always401.onExpired(expired)
    const res = await always401.fetch(new Request('http://localhost/api/v1/households'))
    expect(res.status).toBe(401)
    expect(expired).toHaveBeenCalledTimes(1)
    expect(server.calls.filter((c) => c.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('passes a 403 through without refreshing or logging out', async () => {
    await session.login('a@b.fr', 'ok')
    server.setForbidden(true)
    const expired = vi.fn()
    session.onExpired(expired)
    const res = await get('/audit-events')
    expect(res.status).toBe(403)
    expect(expired).not.toHaveBeenCalled()
    expect(session.getAccessToken()).toBe('a1')
    expect(server.calls.some((c) => c.endsWith('/auth/refresh'))).toBe(false)
  })

  it('logs out: the cookie goes with the request, the server ends the login, the tokens are forgotten', async () => {
    await session.login('a@b.fr', 'ok')
    await session.logout()
    expect(session.hasSession()).toBe(false)
    expect(server.calls).toContain('POST /api/v1/auth/logout')
    expect(server.hasRefreshToken('r1')).toBe(false)
    expect(server.cookie()).toBeNull()
  })
})

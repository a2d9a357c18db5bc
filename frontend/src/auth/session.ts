/**
 * Tokens and the authenticated fetch.
 *
 * - The access token lives in memory only. The refresh token is never seen by scripts: the server
 *   keeps it in an HttpOnly, SameSite=Strict cookie scoped to /api/v1/auth, which the browser sends
 *   to refresh and logout (`credentials: 'include'`). sessionStorage only holds a flag saying that
 *   this tab logged in, so a reload tries to resume the session (nothing secret).
 * - On a 401 the request is retried once after a refresh (`POST /auth/refresh`, which rotates the
 *   refresh cookie). Concurrent 401s share one refresh, because a rotated refresh token is dead.
 * - If the refresh fails, the tokens are cleared and the `expired` listeners run (the app then
 *   shows the login page). A 403 is passed through untouched: it never logs the user out.
 */

export interface TokenPair {
  access_token: string
  /** Returned to scripts; the SPA ignores it (its refresh token is the HttpOnly cookie). */
  refresh_token?: string | null
  token_type?: string
  expires_in?: number
}

/** Set when this tab logged in: a reload then tries to resume the session with the cookie. */
export const SESSION_FLAG_KEY = 'binome.session'
/** Where older versions kept the refresh token itself: removed on start. */
const LEGACY_REFRESH_TOKEN_KEY = 'binome.refresh_token'

export interface SessionOptions {
  /** API base, e.g. "/api/v1" or "https://binome.example/api/v1" (no trailing slash). */
  apiBase: string
  fetch?: (input: Request) => Promise<Response>
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
}

export class LoginError extends Error {
  readonly status: number
  constructor(status: number, message: string) {
    super(message)
    this.name = 'LoginError'
    this.status = status
  }
}

/** One programme a person may log in to (`value` is its slug). */
export interface ProgrammeChoice {
  value: string
  label: string
}

/** A person with accounts in several programmes logged in without naming one: they choose among `choices`. */
export class ProgrammeChoiceError extends LoginError {
  readonly choices: ProgrammeChoice[]
  constructor(message: string, choices: ProgrammeChoice[]) {
    super(409, message)
    this.name = 'ProgrammeChoiceError'
    this.choices = choices
  }
}

export class Session {
  private accessToken: string | null = null
  private refreshInFlight: Promise<boolean> | null = null
  private readonly expiredListeners = new Set<() => void>()
  private readonly baseFetch: (input: Request) => Promise<Response>
  private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>
  readonly apiBase: string

  constructor(options: SessionOptions) {
    this.apiBase = options.apiBase.replace(/\/+$/, '')
    this.baseFetch = options.fetch ?? ((input: Request) => globalThis.fetch(input))
    this.storage = options.storage ?? globalThis.sessionStorage
    this.forget(LEGACY_REFRESH_TOKEN_KEY)
  }

  getAccessToken(): string | null {
    return this.accessToken
  }

  /** True when a session may be resumed (a token in memory, or this tab logged in). */
  hasSession(): boolean {
    if (this.accessToken !== null) return true
    try {
      return this.storage.getItem(SESSION_FLAG_KEY) !== null
    } catch {
      return false
    }
  }

  /** Keeps the access token; the refresh token, if the body has one, is left alone (it is in the cookie). */
  setTokens(tokens: TokenPair): void {
    this.accessToken = tokens.access_token
    try {
      this.storage.setItem(SESSION_FLAG_KEY, '1')
    } catch {
      /* storage unavailable: the session just won't survive a reload */
    }
  }

  clear(): void {
    this.accessToken = null
    this.forget(SESSION_FLAG_KEY)
  }

  private forget(key: string): void {
    try {
      this.storage.removeItem(key)
    } catch {
      /* storage unavailable: nothing to clear */
    }
  }

  onExpired(listener: () => void): () => void {
    this.expiredListeners.add(listener)
    return () => this.expiredListeners.delete(listener)
  }

  private expire(): void {
    this.clear()
    for (const listener of [...this.expiredListeners]) listener()
  }

  private url(path: string): string {
    const base = globalThis.location?.href ?? 'http://localhost/'
    return new URL(`${this.apiBase}${path}`, base).toString()
  }

  /** `programme`: the slug chosen by a person who works in several (nothing is kept of it here). */
  async login(email: string, password: string, programme?: string): Promise<void> {
    const body = new URLSearchParams({ username: email, password })
    if (programme) body.set('programme', programme)
    let response: Response
    try {
      response = await this.baseFetch(
        new Request(this.url('/auth/token'), {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body,
          credentials: 'include', // the response sets the refresh cookie
        }),
      )
    } catch {
      throw new LoginError(0, 'Le serveur est injoignable. Vérifiez votre connexion et réessayez.')
    }
    if (!response.ok) {
      const payload = (await response.json().catch(() => null)) as {
        error?: unknown
        detail?: unknown
        choices?: ProgrammeChoice[] | null
      } | null
      if (response.status === 409 && payload?.error === 'programme_choice' && payload.choices?.length)
        throw new ProgrammeChoiceError(
          typeof payload.detail === 'string' ? payload.detail : 'Choisissez votre programme.',
          payload.choices,
        )
      const detail =
        typeof payload?.detail === 'string' && payload.detail
          ? payload.detail
          : response.status === 401 || response.status === 400
            ? 'Adresse e-mail ou mot de passe incorrect.'
            : 'La connexion a échoué. Réessayez dans un instant.'
      throw new LoginError(response.status, detail)
    }
    this.setTokens((await response.json()) as TokenPair)
  }

  async logout(): Promise<void> {
    const accessToken = this.accessToken
    this.clear()
    try {
      // No body: the browser sends the refresh cookie; the server ends the login and clears it.
      const headers: Record<string, string> = {}
      if (accessToken) headers.Authorization = `Bearer ${accessToken}`
      await this.baseFetch(
        new Request(this.url('/auth/logout'), { method: 'POST', headers, credentials: 'include' }),
      )
    } catch {
      /* the tokens are gone on this side anyway */
    }
  }

  /** Exchanges the refresh cookie for a new access token; one refresh at a time. */
  refresh(): Promise<boolean> {
    if (!this.refreshInFlight) {
      this.refreshInFlight = this.doRefresh().finally(() => {
        this.refreshInFlight = null
      })
    }
    return this.refreshInFlight
  }

  private async doRefresh(): Promise<boolean> {
    try {
      // No body: the browser sends the HttpOnly refresh cookie, and the new one comes back the same way.
      const response = await this.baseFetch(
        new Request(this.url('/auth/refresh'), {
          method: 'POST',
          headers: { Accept: 'application/json' },
          credentials: 'include',
        }),
      )
      if (!response.ok) return false
      this.setTokens((await response.json()) as TokenPair)
      return true
    } catch {
      return false
    }
  }

  private isAuthEndpoint(url: string): boolean {
    return /\/auth\/(token|refresh|logout)(\?|$)/.test(url)
  }

  private withToken(request: Request, token: string | null): Request {
    if (token) request.headers.set('Authorization', `Bearer ${token}`)
    else request.headers.delete('Authorization')
    return request
  }

  /** The fetch given to the API client. */
  fetch = async (request: Request): Promise<Response> => {
    if (this.isAuthEndpoint(request.url)) return this.baseFetch(request)
    const retry = request.clone()
    const tokenUsed = this.accessToken
    const first = await this.baseFetch(this.withToken(request, tokenUsed))
    if (first.status !== 401) return first

    // Another request may already have refreshed while this one was in flight.
    const alreadyRefreshed = this.accessToken !== null && this.accessToken !== tokenUsed
    const ok = alreadyRefreshed || (await this.refresh())
    if (!ok) {
      this.expire()
      return first
    }
    const second = await this.baseFetch(this.withToken(retry, this.accessToken))
    if (second.status === 401) this.expire()
    return second
  }
}

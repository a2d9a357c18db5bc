/**
 * Where a person lands after logging in.
 *
 * The login page carries the page to come back to (`?suite=`) only when a session *expired*; after
 * « Se déconnecter » there is none, so the next person lands on their own home page (`/` decides per
 * role). After an expiry, the page is honoured only for the person whose session it was: someone
 * else logging in at the same screen lands on their home page, never on the previous person's file.
 * The id of the person whose session expired is kept in sessionStorage (this tab only; an id, nothing
 * secret) so a reload of the login page keeps the rule.
 */

export const EXPIRED_USER_KEY = 'binome.expired_user'

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>

function store(): Store | null {
  try {
    return globalThis.sessionStorage ?? null
  } catch {
    return null
  }
}

export function rememberExpiredUser(userId: number | null | undefined, storage: Store | null = store()): void {
  try {
    if (userId == null) storage?.removeItem(EXPIRED_USER_KEY)
    else storage?.setItem(EXPIRED_USER_KEY, String(userId))
  } catch {
    /* storage unavailable: the in-memory value still applies */
  }
}

export function expiredUser(storage: Store | null = store()): number | null {
  try {
    const value = Number(storage?.getItem(EXPIRED_USER_KEY) ?? NaN)
    return Number.isInteger(value) && value > 0 ? value : null
  } catch {
    return null
  }
}

/** Only same-site paths are accepted as a destination after login. */
export function safeNext(value: string | null | undefined): string {
  if (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/connexion')) return value
  return '/'
}

/** The page to open after logging in as `userId`. */
export function landingAfterLogin(next: string | null | undefined, expiredUserId: number | null, userId: number): string {
  if (expiredUserId !== null && expiredUserId !== userId) return '/'
  return safeNext(next)
}

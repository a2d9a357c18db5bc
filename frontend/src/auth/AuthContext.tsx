import { useQueryClient } from '@tanstack/react-query'
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { api, session, unwrap } from '../api/client'
import type { Me, Scope } from '../api/types'
import { ApiError } from '../lib/errors'
import { wipeAll } from '../offline/db'
import { claimDevice, mayPrepare, offlineMe, prepareVisits } from '../offline/prepare'
import { setOffline, setOwner } from '../offline/store'
import { runSync } from '../offline/sync'
import { expiredUser, rememberExpiredUser } from './landing'

type AuthStatus = 'loading' | 'anonymous' | 'authenticated'

interface AuthState {
  status: AuthStatus
  me: Me | null
  /** Why the user landed on the login page (session expired...), shown there once. */
  notice: string | null
  /** How the last session ended in this tab: the login page keeps the way back only after an expiry. */
  ended: 'logout' | 'expired' | null
  /** Whose session expired (their id), so only they come back to where they were (see auth/landing.ts). */
  expiredUserId: number | null
  /** `programme`: the slug chosen by a person of several programmes (after a ProgrammeChoiceError). */
  login: (email: string, password: string, programme?: string) => Promise<void>
  logout: () => Promise<void>
  /** Whether the user holds any of these scopes (for navigation and reads; buttons follow allowed_actions). */
  hasScope: (...scopes: Scope[]) => boolean
  /** Started with no network, from the `Me` kept on this device (src/offline/prepare.ts). */
  offlineStart: boolean
}

const AuthContext = createContext<AuthState | null>(null)

async function fetchMe(): Promise<Me> {
  return unwrap(api.GET('/api/v1/auth/me'))
}

/** Online with a person: the device becomes theirs, and what waits in the queue is sent. */
async function online(me: Me, prepare: boolean): Promise<void> {
  await claimDevice(me)
  void runSync()
  // « Préparer mes visites » runs by itself at login, in the background.
  if (prepare && mayPrepare(me)) void prepareVisits(me).catch(() => undefined)
}

const networkDown = () => typeof navigator !== 'undefined' && navigator.onLine === false

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient()
  // With no network, a start is tried from the `Me` kept on this device even without this tab's flag
  // (the installed app opens in a new window).
  const [status, setStatus] = useState<AuthStatus>(() => (session.hasSession() || networkDown() ? 'loading' : 'anonymous'))
  const [offlineStart, setOfflineStart] = useState(false)
  const [me, setMe] = useState<Me | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [ended, setEnded] = useState<'logout' | 'expired' | null>(null)
  const [expiredUserId, setExpiredUserId] = useState<number | null>(() => expiredUser())
  const meRef = useRef<Me | null>(null)
  useEffect(() => {
    meRef.current = me
  }, [me])

  // While « Se déconnecter » runs, a request that fails for lack of token is not an expiry.
  const loggingOut = useRef(false)
  useEffect(() => {
    return session.onExpired(() => {
      if (loggingOut.current) return
      const whose = meRef.current?.id ?? null
      queryClient.clear()
      setMe(null)
      setStatus('anonymous')
      setEnded('expired')
      if (whose !== null) {
        rememberExpiredUser(whose)
        setExpiredUserId(whose)
      }
      setNotice('Votre session a expiré. Reconnectez-vous pour continuer.')
    })
  }, [queryClient])

  // Resume a session after a reload: the first 401 refreshes with the HttpOnly refresh cookie.
  useEffect(() => {
    if (status !== 'loading') return
    let cancelled = false
    fetchMe()
      .then(async (m) => {
        await online(m, false)
        if (cancelled) return
        setMe(m)
        setStatus('authenticated')
      })
      .catch(async (e: unknown) => {
        // No network: start from the `Me` kept at the last login or preparation (not expired);
        // when the network returns, the first API call refreshes the token with the cookie.
        const kept = e instanceof ApiError && e.status === 0 ? await offlineMe().catch(() => null) : null
        if (cancelled) return
        if (kept) {
          setOwner(kept.id)
          setOffline(true)
          setOfflineStart(true)
          setMe(kept)
          setStatus('authenticated')
          // The network may have come back while the device's profile was read: the `online` event found no
          // owner then, so send what waits now rather than at the next 30-second round.
          if (!networkDown()) void runSync()
          return
        }
        session.clear()
        setStatus('anonymous')
      })
    return () => {
      cancelled = true
    }
  }, [status])

  const login = useCallback(async (email: string, password: string, programme?: string) => {
    await session.login(email, password, programme)
    const m = await fetchMe()
    await online(m, true)
    setOfflineStart(false)
    // The login page reads `expiredUserId` to choose the landing page; the stored copy has served.
    rememberExpiredUser(null)
    setNotice(null)
    setEnded(null)
    setMe(m)
    setStatus('authenticated')
  }, [])

  const logout = useCallback(async () => {
    loggingOut.current = true
    try {
      await session.logout()
      queryClient.clear()
      // Everything this person kept on the device goes (the layout asked first if changes were unsent).
      await wipeAll().catch(() => undefined)
    } finally {
      loggingOut.current = false
    }
    setOwner(null)
    // Logged out on purpose: the next person starts from their own home page.
    rememberExpiredUser(null)
    setExpiredUserId(null)
    setEnded('logout')
    setMe(null)
    setNotice('Vous êtes déconnecté.')
    setStatus('anonymous')
  }, [queryClient])

  const hasScope = useCallback(
    (...scopes: Scope[]) => !!me && scopes.some((s) => me.scopes.includes(s)),
    [me],
  )

  const value = useMemo(
    () => ({ status, me, notice, ended, expiredUserId, login, logout, hasScope, offlineStart }),
    [status, me, notice, ended, expiredUserId, login, logout, hasScope, offlineStart],
  )
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>
}

// eslint-disable-next-line react-refresh/only-export-components
export function useAuth(): AuthState {
  const ctx = useContext(AuthContext)
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>')
  return ctx
}

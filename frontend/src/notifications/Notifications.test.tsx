import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import { jsonResponse, renderApp } from '../test/renderApp'
import { badgeText, unreadPhrase } from './labels'
import type { NotificationRead } from './types'

const me = {
  kind: 'user',
  id: 2,
  email: 'animatrice@cd39.demo',
  full_name: 'Claire Martin',
  organisation: { id: 1, name: 'Conseil départemental du Jura' },
  roles: ['coordinator'],
  scopes: ['referrals:read', 'referrals:triage', 'agenda:read'],
}

const note = (id: number, read: boolean, title: string): NotificationRead => ({
  id,
  kind: 'referral_received',
  title,
  link: `/demandes/${id}`,
  record_type: 'referral',
  record_id: id,
  created_at: '2026-11-29T09:30:00Z',
  read_at: read ? '2026-11-29T10:00:00Z' : null,
})

const KINDS = [
  'referral_received',
  'report_submitted',
  'report_returned',
  'report_validated',
  'review_remark',
  'landlord_works_update',
  'followup_overdue',
]

/** The API as the page sees it: `unread` unread, the list, the preferences; every write is kept. */
function stubApi(items: NotificationRead[]) {
  const writes: [string, string, unknown][] = []
  let unread = items.filter((n) => n.read_at === null).length
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    const path = url.pathname
    if (path === '/api/v1/auth/me') return jsonResponse(200, me)
    if (path === '/api/v1/me/notifications/unread-count') return jsonResponse(200, { unread })
    if (path === '/api/v1/me/notifications') return jsonResponse(200, { items, total: items.length, next: null })
    if (path === '/api/v1/me/notifications/read-all') {
      writes.push([req.method, path, null])
      const marked = unread
      unread = 0
      return jsonResponse(200, { marked })
    }
    const one = path.match(/^\/api\/v1\/me\/notifications\/(\d+)\/read$/)
    if (one) {
      writes.push([req.method, path, null])
      unread = Math.max(0, unread - 1)
      return jsonResponse(200, { ...items.find((n) => n.id === Number(one[1])), read_at: '2026-11-29T11:00:00Z' })
    }
    if (path === '/api/v1/me/notification-preferences') {
      if (req.method === 'PUT') {
        const body = (await req.json()) as { preferences: { kind: string; channel: string }[] }
        writes.push([req.method, path, body])
        const chosen = Object.fromEntries(body.preferences.map((p) => [p.kind, p.channel]))
        return jsonResponse(200, {
          preferences: KINDS.map((kind) => ({ kind, channel: chosen[kind] ?? 'in_app' })),
          digest_available: true,
        })
      }
      return jsonResponse(200, { preferences: KINDS.map((kind) => ({ kind, channel: 'in_app' })), digest_available: true })
    }
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  return writes
}

/** The whole app renders in these tests: give it time. */
const SLOW = { timeout: 5000 }

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('notification labels', () => {
  it('says the count in words for screen readers and caps the badge', () => {
    expect(unreadPhrase(0)).toBe('aucune non lue')
    expect(unreadPhrase(1)).toBe('1 non lue')
    expect(unreadPhrase(3)).toBe('3 non lues')
    expect(badgeText(7)).toBe('7')
    expect(badgeText(120)).toBe('99+')
  })
})

// The whole app renders in each test: a generous timeout for a loaded machine.
describe('NotificationsLink and NotificationsPage', { timeout: 20_000 }, () => {
  it('shows the unread count in the header: a badge, and « Notifications, 2 non lues » as the link name', async () => {
    stubApi([note(14, false, 'Nouvelle demande n° 14 (Dole)'), note(15, false, 'Nouvelle demande n° 15 (Dole)')])
    renderApp('/notifications')
    const link = await screen.findByRole('link', { name: 'Notifications, 2 non lues' }, SLOW)
    expect(link).toHaveAttribute('href', '/notifications')
    expect(within(link).getByTestId('unread-badge')).toHaveTextContent('2')
    expect(within(link).getByTestId('unread-badge')).toHaveAttribute('aria-hidden', 'true')
  })

  it('lists newest first with unread ones in bold, marks one read when opened, and all at once', async () => {
    const writes = stubApi([note(15, false, 'Nouvelle demande n° 15 (Dole)'), note(14, true, 'Nouvelle demande n° 14 (Dole)')])
    renderApp('/notifications')
    expect(await screen.findByRole('heading', { level: 1, name: 'Notifications' }, SLOW)).toBeInTheDocument()
    const unreadLink = await screen.findByRole('link', { name: 'Non lue : Nouvelle demande n° 15 (Dole)' }, SLOW)
    expect(unreadLink.closest('li')).toHaveClass('notification--unread')
    const readLink = screen.getByRole('link', { name: 'Nouvelle demande n° 14 (Dole)' })
    expect(readLink.closest('li')).not.toHaveClass('notification--unread')
    expect(unreadLink).toHaveAttribute('href', '/demandes/15')

    fireEvent.click(screen.getByRole('button', { name: 'Tout marquer comme lu' }))
    expect(await screen.findByRole('status', {}, SLOW)).toHaveTextContent('1 notification(s) marquée(s) comme lue(s).')
    expect(writes).toContainEqual(['POST', '/api/v1/me/notifications/read-all', null])
    await screen.findByRole('link', { name: 'Notifications, aucune non lue' }, SLOW)
  })

  it('marks a notification as read when its link is followed', async () => {
    const writes = stubApi([note(15, false, 'Nouvelle demande n° 15 (Dole)')])
    renderApp('/notifications')
    fireEvent.click(await screen.findByRole('link', { name: 'Non lue : Nouvelle demande n° 15 (Dole)' }, SLOW))
    await waitFor(() => expect(writes).toContainEqual(['POST', '/api/v1/me/notifications/15/read', null]))
  })

  it('saves the channel chosen for a kind with labelled radio buttons', async () => {
    const writes = stubApi([])
    renderApp('/notifications')
    expect(await screen.findByText('Aucune notification pour le moment.', {}, SLOW)).toBeInTheDocument()
    const group = await screen.findByRole('group', { name: 'Compte-rendu soumis à validation' })
    fireEvent.click(within(group).getByRole('radio', { name: 'Aussi dans le résumé quotidien par e-mail' }))
    fireEvent.click(screen.getByRole('button', { name: 'Enregistrer les préférences' }))
    expect(await screen.findByText('Préférences enregistrées.', {}, SLOW)).toBeInTheDocument()
    const put = writes.find(([method]) => method === 'PUT')
    expect(put?.[2]).toEqual({
      preferences: KINDS.map((kind) => ({ kind, channel: kind === 'report_submitted' ? 'daily_digest' : 'in_app' })),
    })
    expect(within(group).getByRole('radio', { name: 'Aussi dans le résumé quotidien par e-mail' })).toBeChecked()
  })
})

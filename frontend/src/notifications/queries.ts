import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from '../api/client'
import { PAGE_SIZE } from '../api/pages'
import type { NotificationChannel, NotificationKind } from './types'

/** The header polls the unread count every minute (one indexed count on the server). */
export const UNREAD_POLL_MS = 60_000

export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: () => unwrap(api.GET('/api/v1/me/notifications/unread-count')),
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  })
}

export function useNotifications(offset: number, unreadOnly: boolean) {
  return useQuery({
    queryKey: ['notifications', 'list', { offset, unreadOnly }],
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/me/notifications', {
          params: { query: { offset, limit: PAGE_SIZE, unread_only: unreadOnly } },
        }),
      ),
    placeholderData: keepPreviousData,
  })
}

function useRefreshNotifications() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: ['notifications'] })
}

/** Marks one as read; the list and the header's count follow (even once the page has been left). */
export function useMarkRead() {
  const refresh = useRefreshNotifications()
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST('/api/v1/me/notifications/{notification_id}/read', { params: { path: { notification_id: id } } })),
    onSuccess: refresh,
  })
}

export function useMarkAllRead() {
  const refresh = useRefreshNotifications()
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/notifications/read-all')),
    onSuccess: refresh,
  })
}

export function usePreferences() {
  return useQuery({
    queryKey: ['notification-preferences'],
    queryFn: () => unwrap(api.GET('/api/v1/me/notification-preferences')),
  })
}

export function useSavePreferences() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (preferences: { kind: NotificationKind; channel: NotificationChannel }[]) =>
      unwrap(api.PUT('/api/v1/me/notification-preferences', { body: { preferences } })),
    onSuccess: (data) => queryClient.setQueryData(['notification-preferences'], data),
  })
}

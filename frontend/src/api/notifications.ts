import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { NotificationChannel, NotificationKind } from '../notifications/types'
import { api, unwrap } from './client'
import { PAGE_SIZE } from './pages'
import { refresh } from './writes'

/** The header polls the unread count every minute (one indexed count on the server). */
export const UNREAD_POLL_MS = 60_000

/** The person's notifications (the header's count and the pages of the list), and their preferences. */
export const notificationKeys = {
  all: () => ['notifications'] as const,
  unreadCount: () => ['notifications', 'unread-count'] as const,
  list: (offset: number, unreadOnly: boolean) => ['notifications', 'list', { offset, unreadOnly }] as const,
  preferences: () => ['notification-preferences'] as const,
}

export function useUnreadCount(enabled: boolean) {
  return useQuery({
    queryKey: notificationKeys.unreadCount(),
    queryFn: () => unwrap(api.GET('/api/v1/me/notifications/unread-count')),
    enabled,
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
  })
}

export function useNotifications(offset: number, unreadOnly: boolean) {
  return useQuery({
    queryKey: notificationKeys.list(offset, unreadOnly),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/me/notifications', {
          params: { query: { offset, limit: PAGE_SIZE, unread_only: unreadOnly } },
        }),
      ),
    placeholderData: keepPreviousData,
  })
}

/** Marks one as read; the list and the header's count follow (even once the page has been left). */
export function useMarkRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST('/api/v1/me/notifications/{notification_id}/read', { params: { path: { notification_id: id } } })),
    onSuccess: () => refresh(queryClient, notificationKeys.all()),
  })
}

export function useMarkAllRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/me/notifications/read-all')),
    onSuccess: () => refresh(queryClient, notificationKeys.all()),
  })
}

export function usePreferences() {
  return useQuery({
    queryKey: notificationKeys.preferences(),
    queryFn: () => unwrap(api.GET('/api/v1/me/notification-preferences')),
  })
}

/** The preferences, stored as answered (nothing else depends on them). */
export function useSavePreferences() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (preferences: { kind: NotificationKind; channel: NotificationChannel }[]) =>
      unwrap(api.PUT('/api/v1/me/notification-preferences', { body: { preferences } })),
    onSuccess: (data) => queryClient.setQueryData(notificationKeys.preferences(), data),
  })
}

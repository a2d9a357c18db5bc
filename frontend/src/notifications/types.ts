import type { components } from '../api/schema'

type Schemas = components['schemas']

export type NotificationRead = Schemas['NotificationRead']
export type NotificationKind = Schemas['NotificationKind']
export type NotificationChannel = Schemas['NotificationChannel']
export type NotificationPreferences = Schemas['NotificationPreferences']

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { SUGGESTIONS, type CommuneQuery } from '../lib/communes'
import { campaignKeys } from './campaigns'
import { api, unwrap } from './client'
import { allPages } from './pages'
import type { components } from './schema'
import type { OrganisationKind, OrganisationUpdate, StaffRole, UserCreate, UserUpdate } from './types'
import { refresh } from './writes'

type S = components['schemas']

// The directory: people (staff accounts), organisations, territorial units and the communes they serve.

/** Every list of people lives under 'users': a change of an account reads them all again. */
export const userKeys = {
  all: () => ['users'] as const,
  byRole: (role: 'coordinator' | 'advisor') => ['users', role] as const,
  followUpStaff: () => ['users', 'follow-up-staff'] as const,
  admin: (query: AdminUserQuery) => ['users', 'admin', query] as const,
  auditPeople: () => ['users', 'audit-people'] as const,
}

export const organisationKeys = {
  all: () => ['organisations'] as const,
  everyOne: () => ['organisations', 'all'] as const,
  landlords: () => ['organisations', 'landlords'] as const,
  admin: (query: AdminOrganisationQuery) => ['organisations', 'admin', query] as const,
}

export const territorialUnitKeys = {
  all: () => ['territorial-units'] as const,
}

export const communeKeys = {
  all: () => ['communes'] as const,
  suggestions: (query: CommuneQuery | null) => ['communes', query] as const,
  admin: (query: AdminCommuneQuery) => ['communes', 'admin', query] as const,
}

// --- People ------------------------------------------------------------------------------------

/** Staff accounts of one role, to pick a coordinator or an advisor (needs directory:read). */
export function useUsers(role: 'coordinator' | 'advisor') {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: userKeys.byRole(role),
    queryFn: async () => {
      const users = await allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/users', { params: { query: { role, active: true, limit, offset } } })),
      )
      return users.filter((u) => u.is_active).sort((a, b) => a.full_name.localeCompare(b.full_name, 'fr'))
    },
    enabled: hasScope('directory:read', 'admin'),
    staleTime: 10 * 60_000,
  })
}

/** Active staff who can follow orientations (coordinators and advisors), by name (needs directory:read). */
export function useFollowUpStaff() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: userKeys.followUpStaff(),
    queryFn: async () => {
      const users = await allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/users', { params: { query: { active: true, limit, offset } } })),
      )
      return users
        .filter((u) => u.is_active && u.roles.some((r) => r === 'coordinator' || r === 'advisor'))
        .sort((a, b) => a.full_name.localeCompare(b.full_name, 'fr'))
    },
    enabled: hasScope('directory:read', 'admin'),
    staleTime: 10 * 60_000,
  })
}

export interface AdminUserQuery {
  q?: string
  role?: StaffRole
  active?: boolean
  limit: number
  offset: number
}

/** One page of accounts, filtered (administration). */
export function useAdminUsers(query: AdminUserQuery) {
  return useQuery({
    queryKey: userKeys.admin(query),
    queryFn: () => unwrap(api.GET('/api/v1/users', { params: { query } })),
    placeholderData: keepPreviousData,
  })
}

/** A new account (first password or invitation): the lists of people are read again. */
export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: UserCreate) => unwrap(api.POST('/api/v1/users', { body })),
    onSuccess: () => refresh(queryClient, userKeys.all()),
  })
}

/**
 * What an administrator does to an account (roles and organisation, (de)activation, unlocking, a new
 * password link): each changes what the lists of people show, so they are read again.
 */
export type AccountAction =
  | { kind: 'update'; userId: number; body: UserUpdate }
  | { kind: 'unlock'; userId: number }
  | { kind: 'password-link'; userId: number }

export function useAccountAction() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (action: AccountAction): Promise<unknown> => {
      const path = { params: { path: { user_id: action.userId } } }
      if (action.kind === 'update') return unwrap(api.PATCH('/api/v1/users/{user_id}', { ...path, body: action.body }))
      if (action.kind === 'unlock') return unwrap(api.POST('/api/v1/users/{user_id}/unlock', path))
      return unwrap(api.POST('/api/v1/users/{user_id}/password-reset', path))
    },
    onSuccess: () => refresh(queryClient, userKeys.all()),
  })
}

// --- Organisations -------------------------------------------------------------------------------

const LANDLORD_KINDS = new Set(['social_landlord', 'private_landlord'] as const)

/** Landlord organisations, for the household form (needs directory:read). */
export function useLandlords() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: organisationKeys.landlords(),
    queryFn: async () => {
      const pages = await Promise.all(
        [...LANDLORD_KINDS].map((kind) =>
          allPages((limit, offset) =>
            unwrap(api.GET('/api/v1/organisations', { params: { query: { kind, limit, offset } } })),
          ),
        ),
      )
      return pages.flat().sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    },
    enabled: hasScope('directory:read'),
    staleTime: 10 * 60_000,
  })
}

/**
 * Every organisation, by name: those that refer households (a referral entered by the SLIME team), a
 * person's organisation, a token's owner, a webhook's landlord (needs directory:read).
 */
export function useOrganisations() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: organisationKeys.everyOne(),
    queryFn: async () => {
      const orgs = await allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/organisations', { params: { query: { limit, offset } } })),
      )
      return [...orgs].sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    },
    enabled: hasScope('directory:read', 'admin'),
    staleTime: 10 * 60_000,
  })
}

export interface AdminOrganisationQuery {
  kind?: OrganisationKind
  q?: string
  limit: number
  offset: number
}

/** One page of organisations, filtered (administration). */
export function useAdminOrganisations(query: AdminOrganisationQuery) {
  return useQuery({
    queryKey: organisationKeys.admin(query),
    queryFn: () => unwrap(api.GET('/api/v1/organisations', { params: { query } })),
    placeholderData: keepPreviousData,
  })
}

export type OrganisationSave = { id: number; body: OrganisationUpdate } | { id: null; body: S['OrganisationCreate'] }

/** A new organisation or a change of its name and contact: every list of organisations is read again. */
export function useSaveOrganisation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (save: OrganisationSave) =>
      save.id !== null
        ? unwrap(api.PATCH('/api/v1/organisations/{organisation_id}', { params: { path: { organisation_id: save.id } }, body: save.body }))
        : unwrap(api.POST('/api/v1/organisations', { body: save.body })),
    onSuccess: () => refresh(queryClient, organisationKeys.all()),
  })
}

// --- Territorial units and communes ------------------------------------------------------------

const territorialUnitsQuery = {
  queryKey: territorialUnitKeys.all(),
  queryFn: async () => (await unwrap(api.GET('/api/v1/territorial-units', { params: { query: { limit: 100 } } }))).items,
  staleTime: 10 * 60_000,
}

/** Territorial units, for the filters and the forms (needs directory:read). */
export function useTerritorialUnits() {
  const { hasScope } = useAuth()
  return useQuery({ ...territorialUnitsQuery, enabled: hasScope('directory:read', 'admin') })
}

/** The same units for an administration screen (only administrators reach it: no scope to look at). */
export function useTerritorialUnitsForAdmin() {
  return useQuery(territorialUnitsQuery)
}

/** A unit's household count: the units, and the campaigns' objectives computed from it, are read again. */
export function useUpdateTerritorialUnit() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ unitId, body }: { unitId: number; body: S['TerritorialUnitUpdate'] }) =>
      unwrap(api.PATCH('/api/v1/territorial-units/{unit_id}', { params: { path: { unit_id: unitId } }, body })),
    onSuccess: () => refresh(queryClient, territorialUnitKeys.all(), campaignKeys.all()),
  })
}

/** Communes suggested for a postal code (or its first digits) or the start of a name. */
export function useCommuneSuggestions(query: CommuneQuery | null) {
  return useQuery({
    queryKey: communeKeys.suggestions(query),
    queryFn: () =>
      unwrap(api.GET('/api/v1/communes', { params: { query: { ...(query ?? {}), limit: SUGGESTIONS } } })),
    enabled: query !== null,
    staleTime: 10 * 60_000,
    placeholderData: keepPreviousData,
  })
}

export interface AdminCommuneQuery {
  postcode?: string
  q?: string
  unit_id?: number
  outside_units?: boolean
  limit: number
  offset: number
}

/** One page of communes with their unit, filtered (administration). */
export function useAdminCommunes(query: AdminCommuneQuery) {
  return useQuery({
    queryKey: communeKeys.admin(query),
    queryFn: () => unwrap(api.GET('/api/v1/communes', { params: { query } })),
    placeholderData: keepPreviousData,
  })
}

/** The unit serving a commune: every commune list (the suggestions too) is read again. */
export function useUpdateCommune() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ inseeCode, unitId }: { inseeCode: string; unitId: number | null }) =>
      unwrap(api.PATCH('/api/v1/communes/{insee_code}', { params: { path: { insee_code: inseeCode } }, body: { unit_id: unitId } })),
    onSuccess: () => refresh(queryClient, communeKeys.all()),
  })
}

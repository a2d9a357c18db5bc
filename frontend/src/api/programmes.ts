/**
 * Programmes: the one a person works for, the platform's list of them, the national figures.
 * Every programme's data hooks live here (queries and mutations).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'
import type { components } from './schema'
import type { Me, Scope } from './types'

type Schemas = components['schemas']
export type ProgrammeRead = Schemas['ProgrammeRead']
export type ProgrammeIdentity = Schemas['ProgrammeIdentity']
export type ProgrammeCreate = Schemas['ProgrammeCreate']
export type NationalFigures = Schemas['NationalFigures']
export type NationalProgrammeRow = Schemas['NationalProgrammeRow']

const PLATFORM_SCOPES: readonly Scope[] = ['platform:admin', 'network:read']

/**
 * A platform account (the platform's administrator, the national network) works for no programme:
 * it holds only platform scopes, and `GET /programme` answers 404 for it.
 */
export function isPlatformAccount(me: Pick<Me, 'scopes'> | null): boolean {
  return !!me && me.scopes.length > 0 && me.scopes.every((s) => PLATFORM_SCOPES.includes(s))
}

/** The programmes' query keys (one place, as for every resource). */
export const programmeKeys = {
  mine: (userId: number | null) => ['my-programme', userId] as const,
  platform: ['platform-programmes'] as const,
  national: (year: number) => ['national-figures', year] as const,
}

/** The programme one works for (its name in the header, its identity in the administration). */
export function useMyProgramme() {
  const { me } = useAuth()
  return useQuery({
    queryKey: programmeKeys.mine(me?.id ?? null),
    queryFn: () => unwrap(api.GET('/api/v1/programme')),
    enabled: !!me && me.kind === 'user' && !isPlatformAccount(me),
    // A programme's name changes about never: one read per session is plenty.
    staleTime: 60 * 60_000,
  })
}

/** Its administrator sets the programme's identity; the header and the form then read the answer. */
export function useUpdateMyProgramme() {
  const queryClient = useQueryClient()
  const { me } = useAuth()
  return useMutation({
    mutationFn: (body: ProgrammeIdentity) => unwrap(api.PUT('/api/v1/programme', { body })),
    onSuccess: (programme) => queryClient.setQueryData(programmeKeys.mine(me?.id ?? null), programme),
  })
}

/** Every programme of the platform (platform:admin). */
export function usePlatformProgrammes() {
  return useQuery({
    queryKey: programmeKeys.platform,
    queryFn: () => unwrap(api.GET('/api/v1/platform/programmes', { params: { query: { limit: 100 } } })),
  })
}

export function useCreateProgramme() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ProgrammeCreate) => unwrap(api.POST('/api/v1/platform/programmes', { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programmeKeys.platform }),
  })
}

export function useSetProgrammeStatus() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, isActive }: { id: number; isActive: boolean }) =>
      unwrap(
        api.PATCH('/api/v1/platform/programmes/{programme_id}', {
          params: { path: { programme_id: id } },
          body: { is_active: isActive },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: programmeKeys.platform }),
  })
}

/** The year's figures across programmes (network:read); counts of 1 to 4 come back null. */
export function useNationalFigures(year: number) {
  return useQuery({
    queryKey: programmeKeys.national(year),
    queryFn: () => unwrap(api.GET('/api/v1/national/{year}', { params: { path: { year } } })),
    placeholderData: keepPreviousData,
  })
}

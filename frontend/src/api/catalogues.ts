import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'
import { allPages, PAGE_SIZE } from './pages'
import type { components } from './schema'
import { refresh } from './writes'

type S = components['schemas']

/** The catalogues an administrator keeps: small equipment installed at visits, orientation types. */
export const catalogueKeys = {
  equipment: () => ['equipment-catalogue'] as const,
  equipmentPage: (offset: number) => ['equipment-catalogue', 'admin', offset] as const,
  orientationTypes: () => ['orientation-types'] as const,
  orientationTypesPage: (offset: number) => ['orientation-types', 'admin', offset] as const,
}

/** Small equipment that can be installed during a visit. */
export function useEquipmentCatalogue() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: catalogueKeys.equipment(),
    queryFn: () =>
      allPages((limit, offset) => unwrap(api.GET('/api/v1/equipment-catalogue', { params: { query: { limit, offset } } }))),
    enabled: hasScope('directory:read', 'admin'),
    staleTime: 10 * 60_000,
  })
}

/** One page of the equipment catalogue (administration). */
export function useEquipmentPage(offset: number) {
  return useQuery({
    queryKey: catalogueKeys.equipmentPage(offset),
    queryFn: () => unwrap(api.GET('/api/v1/equipment-catalogue', { params: { query: { limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  })
}

/** A new item or a change of one: the catalogue (the visits' list and the administration's pages) is read again. */
export function useSaveEquipment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: number | null; body: S['EquipmentItemWrite'] }) =>
      itemId === null
        ? unwrap(api.POST('/api/v1/equipment-catalogue', { body }))
        : unwrap(api.PUT('/api/v1/equipment-catalogue/{item_id}', { params: { path: { item_id: itemId } }, body })),
    onSuccess: () => refresh(queryClient, catalogueKeys.equipment()),
  })
}

/** The orientation types catalogue (inactive ones included: filter on `active` to offer new ones). */
export function useOrientationTypes() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: catalogueKeys.orientationTypes(),
    queryFn: async () => {
      const types = await allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/orientation-types', { params: { query: { limit, offset } } })),
      )
      return [...types].sort((a, b) => a.position - b.position || a.label.localeCompare(b.label, 'fr'))
    },
    enabled: hasScope('households:read'),
    staleTime: 10 * 60_000,
  })
}

/** One page of the orientation types (administration). */
export function useOrientationTypesPage(offset: number) {
  return useQuery({
    queryKey: catalogueKeys.orientationTypesPage(offset),
    queryFn: () => unwrap(api.GET('/api/v1/orientation-types', { params: { query: { limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  })
}

export type OrientationTypeSave = { code: null; body: S['OrientationTypeCreate'] } | { code: string; body: S['OrientationTypeWrite'] }

/** A new type, or a change of one: every list of orientation types is read again. */
export function useSaveOrientationType() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (save: OrientationTypeSave) =>
      save.code === null
        ? unwrap(api.POST('/api/v1/orientation-types', { body: save.body }))
        : unwrap(api.PUT('/api/v1/orientation-types/{code}', { params: { path: { code: save.code } }, body: save.body })),
    onSuccess: () => refresh(queryClient, catalogueKeys.orientationTypes()),
  })
}

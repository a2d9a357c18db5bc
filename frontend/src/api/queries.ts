import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'

export const PAGE_SIZE = 25

export interface HouseholdFilters {
  q?: string
  commune?: string
  unit_id?: number
  status?: 'open' | 'closed'
  offset?: number
}

export function useHouseholds(filters: HouseholdFilters) {
  return useQuery({
    queryKey: ['households', filters],
    queryFn: () =>
      unwrap(api.GET('/api/v1/households', { params: { query: { ...filters, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  })
}

export function useHousehold(id: number) {
  return useQuery({
    queryKey: ['household', id],
    queryFn: () => unwrap(api.GET('/api/v1/households/{household_id}', { params: { path: { household_id: id } } })),
    enabled: Number.isInteger(id) && id > 0,
  })
}

/** Territorial units, for the filters and the form (needs directory:read). */
export function useTerritorialUnits() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: ['territorial-units'],
    queryFn: () => unwrap(api.GET('/api/v1/territorial-units')),
    enabled: hasScope('directory:read'),
    staleTime: 10 * 60_000,
  })
}

const LANDLORD_KINDS = new Set(['social_landlord', 'private_landlord'])

/** Landlord organisations, for the form (needs directory:read). */
export function useLandlords() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: ['organisations', 'landlords'],
    queryFn: async () => {
      const orgs = await unwrap(api.GET('/api/v1/organisations'))
      return orgs.filter((o) => LANDLORD_KINDS.has(o.kind)).sort((a, b) => a.name.localeCompare(b.name, 'fr'))
    },
    enabled: hasScope('directory:read'),
    staleTime: 10 * 60_000,
  })
}

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { auditApiQuery, auditParamsFromFilters, type AuditFilters } from '../audit/auditFilters'
import { api, unwrap } from './client'
import { userKeys } from './directory'
import { PAGE_SIZE } from './pages'
import type { UserRead } from './types'

/** The audit log (one page per set of filters, as in the address) and the names it is read with. */
export const auditKeys = {
  vocabulary: () => ['audit-vocabulary'] as const,
  events: (filters: AuditFilters) => ['audit-events', auditParamsFromFilters(filters).toString()] as const,
}

/** Staff and other accounts, by name, for the « Personne » filter (a list or, later, a page of them). */
export function useAuditPeople() {
  return useQuery({
    queryKey: userKeys.auditPeople(),
    queryFn: async () => {
      const raw: unknown = await unwrap(api.GET('/api/v1/users'))
      const users = (Array.isArray(raw) ? raw : ((raw as { items?: UserRead[] }).items ?? [])) as UserRead[]
      return users
        .map((u) => [u.id, u.is_active ? u.full_name : `${u.full_name} (compte désactivé)`] as const)
        .sort((a, b) => a[1].localeCompare(b[1], 'fr'))
    },
    staleTime: 10 * 60_000,
  })
}

/** The actions, kinds of record and outcomes the log may hold, with their French labels. */
export function useAuditVocabulary() {
  return useQuery({
    queryKey: auditKeys.vocabulary(),
    queryFn: () => unwrap(api.GET('/api/v1/audit-events/vocabulary')),
    staleTime: 60 * 60_000,
  })
}

/** One page of the log for these filters (their offset included). */
export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.events(filters),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/audit-events', {
          params: { query: { ...auditApiQuery(filters), limit: PAGE_SIZE, offset: filters.offset ?? 0 } },
        }),
      ),
    placeholderData: keepPreviousData,
  })
}

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { allPages, PAGE_SIZE } from './pages'
import type { components } from './schema'
import { refresh } from './writes'

/**
 * The dated reference values (conversion factors, prices, thresholds...): the tables with their counts,
 * and each table's values, in force or one key's history, all under the table's name.
 */
export const referenceKeys = {
  tables: () => ['reference-tables'] as const,
  table: (table: string) => ['reference-values', table] as const,
  inForce: (table: string, offset: number) => ['reference-values', table, 'in-force', offset] as const,
  history: (table: string, key: string) => ['reference-values', table, 'key', key] as const,
}

export function useReferenceTables() {
  return useQuery({
    queryKey: referenceKeys.tables(),
    queryFn: () => allPages((limit, offset) => unwrap(api.GET('/api/v1/reference-tables', { params: { query: { limit, offset } } }))),
  })
}

/** One page of the values in force of a table (none read before a table is chosen). */
export function useValuesInForce(table: string, offset: number) {
  return useQuery({
    queryKey: referenceKeys.inForce(table, offset),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/reference-values', {
          params: { query: { table_name: table, in_force_only: true, limit: PAGE_SIZE, offset } },
        }),
      ),
    enabled: table !== '',
    placeholderData: keepPreviousData,
  })
}

/** Every dated value of one key, oldest first. */
export function useKeyHistory(table: string, key: string) {
  return useQuery({
    queryKey: referenceKeys.history(table, key),
    queryFn: () =>
      allPages((limit, offset) =>
        unwrap(api.GET('/api/v1/reference-values', { params: { query: { table_name: table, key, limit, offset } } })),
      ),
  })
}

/** A new dated value (never an overwrite): the table's values, then the tables' counts, are read again. */
export function useAddReferenceValue() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: components['schemas']['ReferenceValueCreate']) => unwrap(api.POST('/api/v1/reference-values', { body })),
    onSuccess: async (_, body) => {
      await refresh(queryClient, referenceKeys.table(body.table_name))
      await refresh(queryClient, referenceKeys.tables())
    },
  })
}

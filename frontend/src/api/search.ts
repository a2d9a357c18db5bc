import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { PAGE_SIZE } from './pages'

/** What the header's search found (one page per words and offset). */
export const searchKeys = {
  results: (q: string, offset: number) => ['search', q, offset] as const,
}

export function useSearch(q: string, offset: number, enabled: boolean) {
  return useQuery({
    queryKey: searchKeys.results(q, offset),
    queryFn: () => unwrap(api.GET('/api/v1/search', { params: { query: { q, limit: PAGE_SIZE, offset } } })),
    enabled,
  })
}

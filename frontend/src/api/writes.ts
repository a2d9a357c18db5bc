import type { QueryClient, QueryKey } from '@tanstack/react-query'

/**
 * What a page adds to a write of src/api/*: called once the server said yes, before what the write made
 * stale is read again (a message, a form reset), or when it refused. The cache side of a write (what it
 * stores, what it makes stale) is its hook's, never the page's.
 */
export interface WriteCallbacks<TData, TVars = void> {
  onSuccess?: (data: TData, vars: TVars) => void
  onError?: (error: Error, vars: TVars) => void
}

/** After the offline queue was sent (src/offline/sync.ts): any record may have changed, every query is stale. */
export function refreshAll(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries()
}

/** Marks these queries stale (the ones on screen are read again) and waits for them. */
export function refresh(queryClient: QueryClient, ...keys: QueryKey[]): Promise<unknown> {
  return Promise.all(keys.map((queryKey) => queryClient.invalidateQueries({ queryKey })))
}

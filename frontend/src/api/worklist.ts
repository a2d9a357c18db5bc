import { useQuery } from '@tanstack/react-query'
import { api, unwrap } from './client'

/** The home page's worklist: what waits for the person (most writes of a case change it). */
export const worklistKeys = {
  all: () => ['worklist'] as const,
}

/** The home page's worklist (every signed-in person). */
export function useWorklist() {
  return useQuery({ queryKey: worklistKeys.all(), queryFn: () => unwrap(api.GET('/api/v1/worklist')) })
}

import { useQueryClient } from '@tanstack/react-query'
import type { ReferralRead } from '../api/types'

/** Keeps the page in step after a change: the referral itself, the lists, the worklist. */
export function useRefreshReferral(id: number) {
  const queryClient = useQueryClient()
  return async (updated?: ReferralRead) => {
    if (updated) queryClient.setQueryData(['referral', id], updated)
    else await queryClient.invalidateQueries({ queryKey: ['referral', id] })
    await queryClient.invalidateQueries({ queryKey: ['referrals'] })
    await queryClient.invalidateQueries({ queryKey: ['worklist'] })
  }
}

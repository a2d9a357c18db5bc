import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'
import type { components } from './schema'
import type { CampaignUpdate } from './types'
import { refresh } from './writes'

type CampaignCreate = components['schemas']['CampaignCreate']

/** Yearly campaigns (their visits objective is computed from the units' households). */
export const campaignKeys = {
  all: () => ['campaigns'] as const,
}

/** Yearly campaigns (years, units, objective), newest first (needs directory:read). */
export function useCampaigns() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: campaignKeys.all(),
    queryFn: async () => (await unwrap(api.GET('/api/v1/campaigns', { params: { query: { limit: 100 } } }))).items,
    enabled: hasScope('directory:read', 'admin'),
    staleTime: 10 * 60_000,
  })
}

export type CampaignSave = { id: number; body: CampaignUpdate } | { id: null; body: CampaignCreate }

/** A new campaign or a change of one (administration): the campaigns are read again. */
export function useSaveCampaign() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (save: CampaignSave) =>
      save.id !== null
        ? unwrap(api.PATCH('/api/v1/campaigns/{campaign_id}', { params: { path: { campaign_id: save.id } }, body: save.body }))
        : unwrap(api.POST('/api/v1/campaigns', { body: save.body })),
    onSuccess: () => refresh(queryClient, campaignKeys.all()),
  })
}

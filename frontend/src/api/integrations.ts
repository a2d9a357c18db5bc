import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { api, unwrap } from './client'
import { allPages, PAGE_SIZE } from './pages'
import type { components } from './schema'
import { refresh } from './writes'

type S = components['schemas']

/** The landlords' systems and the reporting scripts: integration tokens, webhook subscriptions and their log. */
export const integrationKeys = {
  tokens: () => ['integration-tokens'] as const,
  tokenPage: (offset: number) => ['integration-tokens', offset] as const,
  tokenKinds: () => ['integration-token-kinds'] as const,
  subscriptions: () => ['webhook-subscriptions'] as const,
  subscriptionPage: (offset: number) => ['webhook-subscriptions', offset] as const,
  deliveries: (subscriptionId: number) => ['webhook-deliveries', subscriptionId] as const,
  deliveryPage: (subscriptionId: number, offset: number) => ['webhook-deliveries', subscriptionId, offset] as const,
}

// --- Integration tokens ----------------------------------------------------------------------------

export function useTokens(offset: number) {
  return useQuery({
    queryKey: integrationKeys.tokenPage(offset),
    queryFn: () => unwrap(api.GET('/api/v1/integration-tokens', { params: { query: { limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  })
}

/** The token kinds with their allowed scopes, from the API (the rules the API enforces). */
export function useTokenKinds() {
  return useQuery({
    queryKey: integrationKeys.tokenKinds(),
    queryFn: () =>
      allPages((limit, offset) => unwrap(api.GET('/api/v1/integration-token-kinds', { params: { query: { limit, offset } } }))),
    staleTime: 10 * 60_000,
  })
}

/** A new token (its secret is in the answer, shown once): the list is read again, without waiting. */
export function useCreateToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['IntegrationTokenCreate']) => unwrap(api.POST('/api/v1/integration-tokens', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: integrationKeys.tokens() })
    },
  })
}

/** A revoked token gives access to nothing any more: the list is read again (waited for). */
export function useRevokeToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (tokenId: number) =>
      unwrap(api.POST('/api/v1/integration-tokens/{token_id}/revoke', { params: { path: { token_id: tokenId } } })),
    onSuccess: () => refresh(queryClient, integrationKeys.tokens()),
  })
}

// --- Webhook subscriptions -------------------------------------------------------------------------

export function useSubscriptions(offset: number) {
  return useQuery({
    queryKey: integrationKeys.subscriptionPage(offset),
    queryFn: () => unwrap(api.GET('/api/v1/webhook-subscriptions', { params: { query: { limit: PAGE_SIZE, offset } } })),
    placeholderData: keepPreviousData,
  })
}

/** The delivery log of one subscription, newest first, looked at again every 15 seconds while shown. */
export function useDeliveryLog(subscriptionId: number, offset: number) {
  return useQuery({
    queryKey: integrationKeys.deliveryPage(subscriptionId, offset),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/webhook-subscriptions/deliveries', {
          params: { query: { subscription_id: subscriptionId, limit: PAGE_SIZE, offset } },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  })
}

/** A new subscription (its signing secret is in the answer, shown once): the list is read again, without waiting. */
export function useSubscribe() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['WebhookSubscriptionCreate']) => unwrap(api.POST('/api/v1/webhook-subscriptions', { body })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: integrationKeys.subscriptions() })
    },
  })
}

/** A test event queued for the subscription: its delivery log is read again (waited for). */
export function useSendTestEvent() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (subscriptionId: number) =>
      unwrap(api.POST('/api/v1/webhook-subscriptions/{subscription_id}/test', { params: { path: { subscription_id: subscriptionId } } })),
    onSuccess: (_, subscriptionId) => refresh(queryClient, integrationKeys.deliveries(subscriptionId)),
  })
}

/** A deactivated subscription receives nothing more: the list is read again (waited for). */
export function useDeactivateSubscription() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (subscriptionId: number) =>
      unwrap(api.DELETE('/api/v1/webhook-subscriptions/{subscription_id}', { params: { path: { subscription_id: subscriptionId } } })),
    onSuccess: () => refresh(queryClient, integrationKeys.subscriptions()),
  })
}

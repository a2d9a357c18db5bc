import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'
import { PAGE_SIZE } from './pages'
import type { components } from './schema'
import type { CallAttemptRead, HouseholdMatch, ReferralCreate, ReferralRead, ReferralReason, ReferralStatus } from './types'
import { worklistKeys } from './worklist'
import { refresh, type WriteCallbacks } from './writes'

type S = components['schemas']

export interface ReferralFilters {
  status?: ReferralStatus
  reason?: ReferralReason
  q?: string
  order?: 'recent' | 'call_priority'
  offset?: number
}

/**
 * Every list of referrals (the inbox, a referrer's own, one of their own) lives under 'referrals'; one
 * referral as the SLIME team reads it under 'referral'.
 */
export const referralKeys = {
  lists: () => ['referrals'] as const,
  mine: () => ['referrals', 'mine'] as const,
  myDetail: (id: number) => ['referrals', 'mine', id] as const,
  list: (filters: ReferralFilters) => ['referrals', 'list', filters] as const,
  details: () => ['referral'] as const,
  detail: (id: number) => ['referral', id] as const,
  duplicateCandidates: (query: DuplicateQuery) => ['duplicate-candidates', query] as const,
}

/** A referrer's own referrals and where they stand. */
export function useMyReferrals() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: referralKeys.mine(),
    queryFn: () => unwrap(api.GET('/api/v1/referrals/mine', { params: { query: { limit: 100 } } })),
    enabled: hasScope('referrals:submit'),
  })
}

/** One referral the referrer made: what they sent and its dated steps (someone else's is a 404). */
export function useMyReferral(id: number) {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: referralKeys.myDetail(id),
    queryFn: () =>
      unwrap(api.GET('/api/v1/referrals/mine/{referral_id}', { params: { path: { referral_id: id } } })),
    enabled: hasScope('referrals:submit') && Number.isInteger(id) && id > 0,
  })
}

export function useReferrals(filters: ReferralFilters) {
  return useQuery({
    queryKey: referralKeys.list(filters),
    queryFn: () =>
      unwrap(api.GET('/api/v1/referrals', { params: { query: { ...filters, limit: PAGE_SIZE } } })),
    placeholderData: keepPreviousData,
  })
}

export function useReferral(id: number) {
  return useQuery({
    queryKey: referralKeys.detail(id),
    queryFn: () => unwrap(api.GET('/api/v1/referrals/{referral_id}', { params: { path: { referral_id: id } } })),
    enabled: Number.isInteger(id) && id > 0,
  })
}

interface DuplicateQuery {
  last_name: string
  commune: string
  phone?: string
}

/** Existing households that may be the one being entered (coordinators). */
export function useDuplicateCandidates(lastName: string, commune: string, phone: string, enabled: boolean) {
  const query: DuplicateQuery = { last_name: lastName.trim(), commune: commune.trim(), phone: phone.trim() || undefined }
  return useQuery({
    queryKey: referralKeys.duplicateCandidates(query),
    queryFn: async () => (await unwrap(api.GET('/api/v1/referrals/duplicate-candidates', { params: { query } }))).items,
    enabled: enabled && query.last_name.length >= 2 && query.commune.length >= 2,
    staleTime: 60_000,
  })
}

// --- Writes ----------------------------------------------------------------------------------------

/**
 * A new referral, sent with the Idempotency-Key of this form fill (a retry reuses it): the lists of
 * referrals (the referrer's own included) and the worklist are read again.
 */
export function useCreateReferral() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: ReferralCreate; idempotencyKey: string }) =>
      unwrap(api.POST('/api/v1/referrals', { body, params: { header: { 'idempotency-key': idempotencyKey } } })),
    onSuccess: async () => {
      await refresh(queryClient, referralKeys.lists())
      await refresh(queryClient, worklistKeys.all())
    },
  })
}

/**
 * After a change of one referral: the referral itself (stored as answered, or read again when the answer
 * is something else, e.g. a call), then the lists and the worklist.
 */
async function referralChanged(queryClient: QueryClient, id: number, updated?: ReferralRead) {
  if (updated) queryClient.setQueryData(referralKeys.detail(id), updated)
  else await refresh(queryClient, referralKeys.detail(id))
  await refresh(queryClient, referralKeys.lists())
  await refresh(queryClient, worklistKeys.all())
}

/** Links the referral to a household already known (one of its possible duplicates). */
export function useLinkHousehold(referral: ReferralRead, callbacks: WriteCallbacks<ReferralRead, HouseholdMatch> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (match: HouseholdMatch) =>
      unwrap(
        api.POST('/api/v1/referrals/{referral_id}/link-household', {
          params: { path: { referral_id: referral.id } },
          body: { household_id: match.id, version: referral.version },
        }),
      ),
    onSuccess: async (updated, match) => {
      callbacks.onSuccess?.(updated, match)
      await referralChanged(queryClient, referral.id, updated)
    },
    onError: callbacks.onError,
  })
}

/** A call to the household noted on the referral. */
export function useAddCall(referralId: number, callbacks: WriteCallbacks<CallAttemptRead, S['CallAttemptCreate']> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['CallAttemptCreate']) =>
      unwrap(api.POST('/api/v1/referrals/{referral_id}/calls', { params: { path: { referral_id: referralId } }, body })),
    onSuccess: async (call, body) => {
      callbacks.onSuccess?.(call, body)
      await referralChanged(queryClient, referralId)
    },
    onError: callbacks.onError,
  })
}

/** The triage note (with its version, null for the first one); the referral may become « contacted ». */
export function useSaveTriageNote(referralId: number, callbacks: WriteCallbacks<ReferralRead, S['TriageNoteWrite']> = {}) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['TriageNoteWrite']) =>
      unwrap(api.PUT('/api/v1/referrals/{referral_id}/triage-note', { params: { path: { referral_id: referralId } }, body })),
    onSuccess: async (updated, body) => {
      callbacks.onSuccess?.(updated, body)
      await referralChanged(queryClient, referralId, updated)
    },
    onError: callbacks.onError,
  })
}

/** One step of the referral's workflow (a 409 names the actions the state allows instead). */
export function useReferralTransition(
  referralId: number,
  callbacks: WriteCallbacks<ReferralRead, S['ReferralTransitionRequest']> = {},
) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['ReferralTransitionRequest']) =>
      unwrap(api.POST('/api/v1/referrals/{referral_id}/transitions', { params: { path: { referral_id: referralId } }, body })),
    onSuccess: async (updated, body) => {
      callbacks.onSuccess?.(updated, body)
      await referralChanged(queryClient, referralId, updated)
    },
    onError: callbacks.onError,
  })
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useAuth } from '../auth/AuthContext'
import { figureKeys } from './analysis'
import { api, orNullOn404, unwrap } from './client'
import type { SocialDiagnosticWrite, TechnicalDiagnosticWrite } from './types'
import { worksKeys } from './works'

/** The household's social diagnostic; a visit's technical diagnostic. */
export const diagnosticKeys = {
  social: (householdId: number) => ['social-diagnostic', householdId] as const,
  technical: (visitId: number) => ['technical-diagnostic', visitId] as const,
}

/** The social diagnostic (social:read only), or null if none was entered yet. */
export function useSocialDiagnostic(householdId: number) {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: diagnosticKeys.social(householdId),
    queryFn: () =>
      orNullOn404(
        unwrap(
          api.GET('/api/v1/households/{household_id}/social-diagnostic', {
            params: { path: { household_id: householdId } },
          }),
        ),
      ),
    enabled: hasScope('social:read') && Number.isInteger(householdId) && householdId > 0,
    staleTime: 0,
  })
}

/** The technical diagnostic of a visit, or null if none was entered yet. */
export function useTechnicalDiagnostic(visitId: number) {
  return useQuery({
    queryKey: diagnosticKeys.technical(visitId),
    queryFn: () =>
      orNullOn404(
        unwrap(api.GET('/api/v1/visits/{visit_id}/technical-diagnostic', { params: { path: { visit_id: visitId } } })),
      ),
    enabled: Number.isInteger(visitId) && visitId > 0,
    staleTime: 0,
  })
}

// The forms queue a save instead when there is no network (src/offline/queue.ts, useVersionedSave): the
// writes are tried whatever the browser says, never paused.

/** The social diagnostic (with its version), stored as answered; the analysis and the eligibility follow it. */
export function useSaveSocialDiagnostic(householdId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: (body: SocialDiagnosticWrite) =>
      unwrap(api.PUT('/api/v1/households/{household_id}/social-diagnostic', { params: { path: { household_id: householdId } }, body })),
    onSuccess: (result) => {
      queryClient.setQueryData(diagnosticKeys.social(householdId), result)
      void queryClient.invalidateQueries({ queryKey: figureKeys.analysis(householdId) })
      void queryClient.invalidateQueries({ queryKey: figureKeys.eligibility(householdId) })
    },
  })
}

/** The technical diagnostic (with its version), stored as answered; the analysis and the works estimate follow it. */
export function useSaveTechnicalDiagnostic(visitId: number, householdId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    networkMode: 'always',
    mutationFn: (body: TechnicalDiagnosticWrite) =>
      unwrap(api.PUT('/api/v1/visits/{visit_id}/technical-diagnostic', { params: { path: { visit_id: visitId } }, body })),
    onSuccess: (result) => {
      queryClient.setQueryData(diagnosticKeys.technical(visitId), result)
      void queryClient.invalidateQueries({ queryKey: figureKeys.analysis(householdId) })
      void queryClient.invalidateQueries({ queryKey: worksKeys.estimate(householdId) })
    },
  })
}

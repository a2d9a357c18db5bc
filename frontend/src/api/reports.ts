import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { useAuth } from '../auth/AuthContext'
import { api, unwrap } from './client'
import { allPages } from './pages'
import type { components } from './schema'
import type { ReportRead } from './types'

type S = components['schemas']

/** A report, the validation queue, and the figures frozen at a report's validation. */
export const reportKeys = {
  detail: (id: number) => ['report', id] as const,
  queue: () => ['report-queue'] as const,
  figures: (id: number) => ['report-figures', id] as const,
}

export function useReport(reportId: number) {
  return useQuery({
    queryKey: reportKeys.detail(reportId),
    queryFn: () => unwrap(api.GET('/api/v1/reports/{report_id}', { params: { path: { report_id: reportId } } })),
    enabled: Number.isInteger(reportId) && reportId > 0,
    staleTime: 0,
  })
}

/** Submitted reports waiting for a manager (reports:validate), oldest first. */
export function useReportQueue() {
  const { hasScope } = useAuth()
  return useQuery({
    queryKey: reportKeys.queue(),
    queryFn: () =>
      allPages((limit, offset) => unwrap(api.GET('/api/v1/reports/queue', { params: { query: { limit, offset } } }))),
    enabled: hasScope('reports:validate'),
    staleTime: 0,
  })
}

/** The figures a validated report stands on, frozen at its validation (never recomputed). */
export function useReportFigures(reportId: number, enabled = true) {
  return useQuery({
    queryKey: reportKeys.figures(reportId),
    queryFn: () =>
      unwrap(api.GET('/api/v1/reports/{report_id}/analysis', { params: { path: { report_id: reportId } } })),
    enabled: enabled && Number.isInteger(reportId) && reportId > 0,
    staleTime: 60_000,
  })
}

/**
 * A change of the report's text or state answers the report whole: stored as answered; the validation
 * queue is read again (waited for), and the frozen figures (a validation freezes them).
 */
function useReportChange<Vars>(send: (vars: Vars) => Promise<ReportRead>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: async (updated) => {
      queryClient.setQueryData(reportKeys.detail(updated.id), updated)
      await queryClient.invalidateQueries({ queryKey: reportKeys.queue() })
      void queryClient.invalidateQueries({ queryKey: reportKeys.figures(updated.id) })
    },
  })
}

/** Submit, validate, return, send back... (with the report's version). */
export function useReportTransition(reportId: number) {
  return useReportChange((body: S['TransitionRequest']) =>
    unwrap(api.POST('/api/v1/reports/{report_id}/transitions', { params: { path: { report_id: reportId } }, body })),
  )
}

/** The draft's introduction and orientations (with its version). */
export function useSaveReport(reportId: number) {
  return useReportChange((body: S['ReportUpdate']) =>
    unwrap(api.PATCH('/api/v1/reports/{report_id}', { params: { path: { report_id: reportId } }, body })),
  )
}

/** A correction of a validated report: a new draft (the page opens it; nothing else changes). */
export function useCreateCorrection(reportId: number) {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/reports/{report_id}/corrections', { params: { path: { report_id: reportId } } })),
  })
}

/** The report of a visit, once both syntheses are final (the page opens it). */
export function useCreateReport(visitId: number) {
  return useMutation({
    mutationFn: (body: S['ReportCreate']) =>
      unwrap(api.POST('/api/v1/visits/{visit_id}/report', { params: { path: { visit_id: visitId } }, body })),
  })
}

/** A copy sent to one recipient: the answer is the report with its delivery log, stored as answered. */
export function useSendReportCopy(reportId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: S['DeliveryCreate']) =>
      unwrap(api.POST('/api/v1/reports/{report_id}/deliveries', { params: { path: { report_id: reportId } }, body })),
    onSuccess: (updated) => {
      queryClient.setQueryData(reportKeys.detail(updated.id), updated)
    },
  })
}

/** An e-mailed copy that failed, sent again: the report is stored as answered. */
export function useRetryDelivery(reportId: number) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (deliveryId: number) =>
      unwrap(
        api.POST('/api/v1/reports/{report_id}/deliveries/{delivery_id}/retry', {
          params: { path: { report_id: reportId, delivery_id: deliveryId } },
        }),
      ),
    onSuccess: (updated) => {
      queryClient.setQueryData(reportKeys.detail(updated.id), updated)
    },
  })
}

/**
 * While an e-mailed copy waits in the outbox, the report is read again every `everyMs` and stored (the
 * log shows it delivered); a failed read is simply tried at the next round.
 */
export function useReportPolling(reportId: number, waiting: boolean, everyMs: number) {
  const queryClient = useQueryClient()
  useEffect(() => {
    if (!waiting) return
    const timer = window.setInterval(() => {
      unwrap(api.GET('/api/v1/reports/{report_id}', { params: { path: { report_id: reportId } } }))
        .then((fresh) => queryClient.setQueryData(reportKeys.detail(fresh.id), fresh))
        .catch(() => {}) // the next round tries again
    }, everyMs)
    return () => window.clearInterval(timer)
  }, [waiting, reportId, everyMs, queryClient])
}

/** Pure helpers of the syntheses, the report and its sending. */
import type { OrientationIn, ReportRead } from '../api/types'
import { formatDateKey, formatTime, parisDateKey } from './datetime'
import type { Channel, Recipient } from './labels'

/** "2026-03-30T07:05:00Z" -> "30/03/2026 09:05" (Paris), for the delivery log. */
export function formatLogTime(value: string | null | undefined): string {
  if (!value) return ''
  const key = parisDateKey(value)
  return key ? `${formatDateKey(key)} ${formatTime(value)}` : ''
}

export interface OrientationRow {
  key: string
  /** A code of the orientation types catalogue ('' while none is chosen). */
  kind: string
  description: string
  partner: string
}

export interface OrientationCheck {
  items: OrientationIn[]
  /** Messages by row index and field ("0.kind", "0.description"). */
  errors: Record<string, string>
}

/** Rows typed in the editor -> the API's orientations; a row left fully empty is dropped. */
export function orientationsFromRows(rows: readonly OrientationRow[]): OrientationCheck {
  const items: OrientationIn[] = []
  const errors: Record<string, string> = {}
  rows.forEach((r, i) => {
    const description = r.description.trim()
    const partner = r.partner.trim()
    if (!r.kind && !description && !partner) return
    if (!r.kind) errors[`${i}.kind`] = 'Choisissez le type d’orientation.'
    if (!description) errors[`${i}.description`] = 'Décrivez l’orientation.'
    if (r.kind && description) items.push({ kind: r.kind, description, partner })
  })
  return { items, errors }
}

/**
 * A suggested change from a passage selected in the synthesis: the quote must be found in the
 * text (the API refuses otherwise). Returns the trimmed quote, or null if it cannot be used.
 */
export function quoteFrom(selection: string, content: string): string | null {
  const quote = selection.trim()
  if (!quote || !content.includes(quote)) return null
  return quote
}

/** The synthesis text with one accepted suggestion applied (as the API does). */
export function applySuggestion(content: string, quote: string, replacement: string): string {
  const at = content.indexOf(quote)
  return at < 0 ? content : content.slice(0, at) + replacement + content.slice(at + quote.length)
}

export type ConsentState = 'not_needed' | 'given' | 'missing'

/** Whether a copy to this recipient may be sent (the household's own copy needs no consent). */
export function consentState(report: Pick<ReportRead, 'consents'>, recipient: Recipient): ConsentState {
  if (recipient === 'household') return 'not_needed'
  const purpose = recipient === 'landlord' ? 'share_with_landlord' : 'share_with_prescriber'
  return report.consents[purpose] ? 'given' : 'missing'
}

/** Channels offered for a recipient: only the landlord has a system to receive the report through the API. */
export function channelsFor(recipient: Recipient): Channel[] {
  return recipient === 'landlord' ? ['email', 'post', 'api'] : ['email', 'post']
}

/** Pure helpers of the orientation follow-up: board filters, the log's wording, form checks. */
import { type FollowUpFilters } from '../api/followup'
import type {
  OrientationCreate,
  OrientationEventRead,
  OrientationStatus,
  OrientationTransition,
  OrientationTypeRead,
  OrientationUpdate,
} from '../api/types'
import { DUE_FILTER_LABELS, ORIENTATION_ACTION_LABELS, ORIENTATION_STATUS_LABELS } from './labels'
import { parseFrenchAmount, parseFrenchDate } from './parse'

export const CLOSING_SUMMARY_MIN = 10
export const REOPEN_REASON_MIN = 3

/**
 * Options of an orientation type picker: the active types of the catalogue, in its order, plus the
 * current value if it was retired since (so that an existing orientation keeps its type).
 */
export function orientationTypeChoices(types: readonly OrientationTypeRead[], current = ''): [string, string][] {
  const choices: [string, string][] = types.filter((t) => t.active).map((t) => [t.code, t.label])
  if (current && !choices.some(([code]) => code === current)) {
    const retired = types.find((t) => t.code === current)
    choices.push([current, retired ? `${retired.label} (type retiré)` : current])
  }
  return choices
}

const positiveId = (value: string | null): number | undefined => {
  const n = Number(value)
  return Number.isInteger(n) && n > 0 ? n : undefined
}

const KIND_PATTERN = /^[a-z][a-z0-9_]{1,31}$/

/** The board's URL (?status=&responsible=&unit=&kind=&due=&offset=) -> the API's query. */
export function boardFiltersFromParams(params: URLSearchParams): FollowUpFilters {
  const f: FollowUpFilters = {}
  const status = params.get('status')
  if (status && status in ORIENTATION_STATUS_LABELS) f.status = status as OrientationStatus
  const responsible = positiveId(params.get('responsible'))
  if (responsible) f.responsible_id = responsible
  const unit = positiveId(params.get('unit'))
  if (unit) f.unit_id = unit
  const kind = params.get('kind')
  if (kind && KIND_PATTERN.test(kind)) f.kind = kind
  const due = params.get('due')
  if (due && due in DUE_FILTER_LABELS) f.due = due as 'overdue' | 'soon'
  const offset = positiveId(params.get('offset'))
  if (offset) f.offset = offset
  return f
}

/** The API's query -> the board's URL parameters (the inverse of boardFiltersFromParams). */
export function boardParamsFromFilters(f: FollowUpFilters): Record<string, string> {
  const out: Record<string, string> = {}
  if (f.status) out.status = f.status
  if (f.responsible_id) out.responsible = String(f.responsible_id)
  if (f.unit_id) out.unit = String(f.unit_id)
  if (f.kind) out.kind = f.kind
  if (f.due) out.due = f.due
  if (f.offset) out.offset = String(f.offset)
  return out
}

/**
 * What a line of the log says. Status lines come from the API as "obtain → obtained : outcome":
 * they are shown in French ("Statut : Obtenue – outcome").
 */
export function eventText(event: Pick<OrientationEventRead, 'kind' | 'note'>): string {
  if (event.kind !== 'status') return event.note
  const m = /^([a-z_]+) → ([a-z_]+)(?: : ([\s\S]*))?$/.exec(event.note)
  if (!m) return event.note
  const [, action, target, outcome] = m
  const status = ORIENTATION_STATUS_LABELS[target as OrientationStatus]
  const head = status ? `Statut : ${status}` : (ORIENTATION_ACTION_LABELS[action] ?? event.note)
  const reopened = action === 'reopen' ? ' (réouverture)' : ''
  return `${head}${reopened}${outcome ? ` – ${outcome}` : ''}`
}

export const EVENT_KIND_LABELS: Record<OrientationEventRead['kind'], string> = {
  note: 'Contact',
  status: 'Changement de statut',
  handover: 'Passage de relais',
}

export interface Checked<T> {
  payload: T | null
  /** Messages by field name. */
  errors: Record<string, string>
}

function checkDate(input: string, errors: Record<string, string>, field = 'on'): string | null {
  if (!input.trim()) return null
  const iso = parseFrenchDate(input)
  if (!iso) errors[field] = 'Date illisible : tapez-la au format jj/mm/aaaa.'
  return iso
}

export interface TransitionInput {
  outcome: string
  amount: string
  on: string
}

/** A status change typed in the form -> the API's transition (amount only when obtained). */
export function checkTransition(
  action: OrientationTransition['action'],
  version: number,
  input: TransitionInput,
): Checked<OrientationTransition> {
  const errors: Record<string, string> = {}
  const on = checkDate(input.on, errors)
  let amount: string | null = null
  if (action === 'obtain' && input.amount.trim()) {
    amount = parseFrenchAmount(input.amount)
    if (amount === null) errors.amount = 'Montant illisible : tapez par exemple 350 ou 1 234,56.'
  }
  if (Object.keys(errors).length) return { payload: null, errors }
  const payload: OrientationTransition = { action, version, outcome: input.outcome.trim() }
  if (on) payload.on = on
  if (action === 'obtain') payload.amount_obtained_eur = amount
  return { payload, errors }
}

export interface NoteInput {
  on: string
  contact: string
  note: string
}

/** A line of the follow-up log (the note is required; the date defaults to today on the server). */
export function checkNote(input: NoteInput): Checked<{ on: string | null; contact: string; note: string }> {
  const errors: Record<string, string> = {}
  const on = checkDate(input.on, errors)
  const note = input.note.trim()
  if (!note) errors.note = 'Écrivez ce qui a été dit ou fait.'
  if (Object.keys(errors).length) return { payload: null, errors }
  return { payload: { on, contact: input.contact.trim(), note }, errors }
}

export interface EditInput {
  responsibleId: string
  dueOn: string
  partner: string
}

/** Person responsible, due date and partner -> the API's PATCH (an empty due date clears it). */
export function checkEdit(version: number, input: EditInput): Checked<OrientationUpdate> {
  const errors: Record<string, string> = {}
  const due = checkDate(input.dueOn, errors, 'due_on')
  if (Object.keys(errors).length) return { payload: null, errors }
  const payload: OrientationUpdate = { version, due_on: due, partner: input.partner.trim() }
  const responsible = positiveId(input.responsibleId)
  if (responsible) payload.responsible_id = responsible
  return { payload, errors }
}

export interface NewOrientationInput extends EditInput {
  kind: string
  description: string
}

/** An orientation added during the follow-up. */
export function checkNewOrientation(input: NewOrientationInput): Checked<OrientationCreate> {
  const errors: Record<string, string> = {}
  if (!input.kind) errors.kind = 'Choisissez le type d’orientation.'
  const description = input.description.trim()
  if (!description) errors.description = 'Décrivez l’orientation.'
  const due = checkDate(input.dueOn, errors, 'due_on')
  if (Object.keys(errors).length) return { payload: null, errors }
  const payload: OrientationCreate = { kind: input.kind, description, partner: input.partner.trim(), due_on: due }
  const responsible = positiveId(input.responsibleId)
  if (responsible) payload.responsible_id = responsible
  return { payload, errors }
}

/** The closing summary: at least 10 characters once trimmed (as the API requires). */
export function closingSummaryError(summary: string): string | null {
  const n = summary.trim().length
  if (n === 0) return 'Rédigez la synthèse de clôture.'
  if (n < CLOSING_SUMMARY_MIN) return `La synthèse de clôture doit faire au moins ${CLOSING_SUMMARY_MIN} caractères.`
  return null
}

export function reopenReasonError(reason: string): string | null {
  return reason.trim().length < REOPEN_REASON_MIN ? 'Indiquez pourquoi le dossier est rouvert.' : null
}

/** "Échéance" cell text: the date, or « Sans échéance ». */
export function dueText(dueOn: string | null | undefined, format: (iso: string) => string): string {
  return dueOn ? format(dueOn) : 'Sans échéance'
}

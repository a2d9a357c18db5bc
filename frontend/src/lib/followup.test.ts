import { describe, expect, it } from 'vitest'
import {
  boardFiltersFromParams,
  boardParamsFromFilters,
  checkEdit,
  checkNewOrientation,
  checkNote,
  checkTransition,
  closingSummaryError,
  dueText,
  eventText,
  orientationTypeChoices,
  reopenReasonError,
} from './followup'
import { formatDate } from './format'

const types = [
  { code: 'fsl_energy', label: 'FSL énergie', active: true, position: 1 },
  { code: 'old_kind', label: 'Ancien dispositif', active: false, position: 2 },
  { code: 'other', label: 'Autre', active: true, position: 3 },
]

describe('orientationTypeChoices', () => {
  it('offers the active types only', () => {
    expect(orientationTypeChoices(types)).toEqual([
      ['fsl_energy', 'FSL énergie'],
      ['other', 'Autre'],
    ])
  })
  it('keeps a retired type that is the current value, marked as such', () => {
    expect(orientationTypeChoices(types, 'old_kind').at(-1)).toEqual(['old_kind', 'Ancien dispositif (type retiré)'])
    expect(orientationTypeChoices([], 'unknown_code')).toEqual([['unknown_code', 'unknown_code']])
  })
})

describe('board filters', () => {
  it('reads the URL into the API query, dropping what is not valid', () => {
    const params = new URLSearchParams('status=in_progress&responsible=3&unit=x&kind=fsl_energy&due=overdue&offset=25')
    expect(boardFiltersFromParams(params)).toEqual({
      status: 'in_progress',
      responsible_id: 3,
      kind: 'fsl_energy',
      due: 'overdue',
      offset: 25,
    })
    expect(boardFiltersFromParams(new URLSearchParams('status=done&kind=DROP TABLE&due=later&responsible=-2'))).toEqual({})
  })
  it('round-trips through the URL', () => {
    const f = { status: 'proposed' as const, unit_id: 4, responsible_id: 2, kind: 'other', due: 'soon' as const, offset: 50 }
    expect(boardFiltersFromParams(new URLSearchParams(boardParamsFromFilters(f)))).toEqual(f)
    expect(boardParamsFromFilters({})).toEqual({})
  })
})

describe('eventText', () => {
  it('says status changes in French, with the outcome', () => {
    expect(eventText({ kind: 'status', note: 'obtain → obtained : Aide de 350 € accordée.' })).toBe(
      'Statut : Obtenue – Aide de 350 € accordée.',
    )
    expect(eventText({ kind: 'status', note: 'start → in_progress' })).toBe('Statut : En cours')
    expect(eventText({ kind: 'status', note: 'reopen → in_progress' })).toBe('Statut : En cours (réouverture)')
  })
  it('leaves notes, handovers and unknown wording as they are', () => {
    expect(eventText({ kind: 'note', note: 'obtain → obtained' })).toBe('obtain → obtained')
    expect(eventText({ kind: 'handover', note: 'Confiée au référent social.' })).toBe('Confiée au référent social.')
    expect(eventText({ kind: 'status', note: 'Statut modifié' })).toBe('Statut modifié')
  })
})

describe('checkTransition', () => {
  it('sends the amount typed the French way with « obtain »', () => {
    const { payload, errors } = checkTransition('obtain', 3, { amount: '1 234,5', outcome: ' Accordé ', on: '05/03/2026' })
    expect(errors).toEqual({})
    expect(payload).toEqual({ action: 'obtain', version: 3, outcome: 'Accordé', amount_obtained_eur: '1234.5', on: '2026-03-05' })
  })
  it('sends no amount for other actions and no date when left empty', () => {
    expect(checkTransition('refuse', 1, { amount: '99', outcome: 'Refus', on: '' }).payload).toEqual({
      action: 'refuse',
      version: 1,
      outcome: 'Refus',
    })
    expect(checkTransition('obtain', 1, { amount: '', outcome: '', on: '' }).payload?.amount_obtained_eur).toBeNull()
  })
  it('refuses an unreadable amount or date', () => {
    const { payload, errors } = checkTransition('obtain', 1, { amount: '12,345', outcome: '', on: '31/02/2026' })
    expect(payload).toBeNull()
    expect(Object.keys(errors).sort()).toEqual(['amount', 'on'])
  })
})

describe('follow-up forms', () => {
  it('requires the text of a note', () => {
    expect(checkNote({ on: '', contact: 'CAF', note: '  ' }).errors).toEqual({ note: 'Écrivez ce qui a été dit ou fait.' })
    expect(checkNote({ on: '1/2/2026', contact: ' CAF ', note: 'Appel' }).payload).toEqual({
      on: '2026-02-01',
      contact: 'CAF',
      note: 'Appel',
    })
  })
  it('clears the due date when emptied and keeps the responsible when unchanged', () => {
    expect(checkEdit(4, { responsibleId: '', dueOn: '', partner: ' FSL ' }).payload).toEqual({
      version: 4,
      due_on: null,
      partner: 'FSL',
    })
    expect(checkEdit(4, { responsibleId: '7', dueOn: '15/06/2026', partner: '' }).payload).toMatchObject({
      responsible_id: 7,
      due_on: '2026-06-15',
    })
  })
  it('requires a type and a description for a new orientation', () => {
    const empty = checkNewOrientation({ kind: '', description: '', partner: '', responsibleId: '', dueOn: 'demain' })
    expect(empty.payload).toBeNull()
    expect(Object.keys(empty.errors).sort()).toEqual(['description', 'due_on', 'kind'])
    expect(
      checkNewOrientation({ kind: 'other', description: ' Voir ', partner: '', responsibleId: '', dueOn: '' }).payload,
    ).toEqual({ kind: 'other', description: 'Voir', partner: '', due_on: null })
  })
  it('asks for a closing summary of 10 characters at least, and a reason to reopen', () => {
    expect(closingSummaryError('')).toBe('Rédigez la synthèse de clôture.')
    expect(closingSummaryError('  Trop court ')).toBeNull()
    expect(closingSummaryError('Court')).toMatch(/au moins 10 caractères/)
    expect(reopenReasonError(' a ')).not.toBeNull()
    expect(reopenReasonError('Nouvelle dette')).toBeNull()
  })
  it('shows a due date or « Sans échéance »', () => {
    expect(dueText('2026-04-01', formatDate)).toBe('01/04/2026')
    expect(dueText(null, formatDate)).toBe('Sans échéance')
  })
})

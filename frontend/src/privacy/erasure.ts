/** The erasure form's rules: a reason, and a typed confirmation (the household's name or « EFFACER »). */

export const ERASE_WORD = 'EFFACER'
/** The API's bounds on the reason (api/routers/privacy.py, ErasureRequest). */
export const REASON_MIN = 5
export const REASON_MAX = 2000

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLocaleUpperCase('fr-FR')
}

/** True when `typed` is the household's name (case, accents and spacing aside) or the word « EFFACER ». */
export function confirmationMatches(typed: string, householdName: string): boolean {
  const t = normalise(typed)
  if (!t) return false
  return t === ERASE_WORD || t === normalise(householdName)
}

export interface ErasureProblems {
  reason?: string
  confirmation?: string
}

/** What stops the erasure, field by field, in French; an empty object when it may go ahead. */
export function erasureProblems(reason: string, typed: string, householdName: string): ErasureProblems {
  const problems: ErasureProblems = {}
  const r = reason.trim()
  if (!r) problems.reason = 'Indiquez le motif de la demande d’effacement.'
  else if (r.length < REASON_MIN) problems.reason = `Le motif doit faire au moins ${REASON_MIN} caractères.`
  else if (r.length > REASON_MAX) problems.reason = `Le motif doit faire au plus ${REASON_MAX} caractères.`
  if (!typed.trim()) problems.confirmation = `Recopiez le nom du ménage ou le mot ${ERASE_WORD} pour confirmer.`
  else if (!confirmationMatches(typed, householdName))
    problems.confirmation = `Le texte saisi ne correspond ni au nom du ménage (« ${householdName} ») ni au mot ${ERASE_WORD}.`
  return problems
}

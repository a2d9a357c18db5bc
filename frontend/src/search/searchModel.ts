import type { SearchResult, SearchResultKind } from '../api/types'

export const SEARCH_MIN_LENGTH = 2
export const SEARCH_LABEL = 'Rechercher un ménage, une demande, un compte rendu'

/** Why the words cannot be searched yet, or null when they can (the API says the same, in a 422). */
export function queryProblem(q: string): string | null {
  if (q.trim().length < SEARCH_MIN_LENGTH) return `Saisissez au moins ${SEARCH_MIN_LENGTH} caractères pour rechercher.`
  return null
}

/** Where the search form leads. */
export function searchPath(q: string): string {
  return `/recherche?q=${encodeURIComponent(q.trim())}`
}

export interface ResultGroup {
  kind: SearchResultKind
  title: string
  items: SearchResult[]
}

const GROUPS: [SearchResultKind, string][] = [
  ['household', 'Ménages'],
  ['referral', "Demandes d'intervention"],
  ['report', 'Comptes-rendus'],
]

/** Results grouped by kind, in a fixed order, empty groups left out. */
export function groupResults(items: SearchResult[]): ResultGroup[] {
  return GROUPS.map(([kind, title]) => ({ kind, title, items: items.filter((i) => i.kind === kind) })).filter(
    (g) => g.items.length > 0,
  )
}

import type { CommuneRead } from '../api/types'

/** How many communes the address fields suggest at most. */
export const SUGGESTIONS = 20

export interface CommuneQuery {
  postcode?: string
  q?: string
}

/** What to ask for the address typed so far: the postal code (2 to 5 digits) first, else the
 *  start of the commune's name (2 letters at least); null when there is nothing to suggest yet. */
export function communeQuery(postcode: string, commune: string): CommuneQuery | null {
  const digits = postcode.trim()
  if (/^[0-9]{2,5}$/.test(digits)) return { postcode: digits }
  const name = commune.trim()
  return name.length >= 2 ? { q: name } : null
}

export interface ChosenCommune {
  insee_code: string
  commune: string
  postcode: string
}

/** The address fields once a commune is chosen: the typed postal code if it is one of the commune's, else its first. */
export function chooseCommune(c: CommuneRead, typedPostcode: string): ChosenCommune {
  const typed = typedPostcode.trim()
  return {
    insee_code: c.insee_code,
    commune: c.name,
    postcode: c.postcodes.includes(typed) ? typed : (c.postcodes[0] ?? typed),
  }
}

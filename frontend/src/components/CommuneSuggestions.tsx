import { useEffect, useState } from 'react'
import { useCommuneSuggestions } from '../api/directory'
import type { CommuneRead } from '../api/types'
import { chooseCommune, communeQuery, SUGGESTIONS, type ChosenCommune, type CommuneQuery } from '../lib/communes'

export interface CommuneSuggestionsProps {
  /** Prefix of the element ids, unique in the page. */
  id: string
  postcode: string
  commune: string
  /** The commune's INSEE code once known (chosen, or read): then nothing is suggested. The forms
   *  clear it when the postal code or the commune is typed again. */
  inseeCode: string
  suggestions: CommuneRead[]
  total: number
  loading?: boolean
  onChoose: (chosen: ChosenCommune) => void
  /** The element to focus once a commune is chosen (the list then disappears). */
  focusAfter?: string
}

const unitLabel = (c: CommuneRead) => (c.unit ? `UT ${c.unit.name}` : 'hors unités territoriales')

/**
 * Communes matching the postal code or name typed so far, as a list of buttons under the address
 * fields: reached with Tab, chosen with Enter or Space, announced by a polite status. Choosing one
 * fills the commune, its postal code and its INSEE code (from which the territorial unit follows).
 */
export function CommuneSuggestions({
  id,
  postcode,
  commune,
  inseeCode,
  suggestions,
  total,
  loading = false,
  onChoose,
  focusAfter,
}: CommuneSuggestionsProps) {
  const [chosen, setChosen] = useState<CommuneRead | null>(null)
  const titleId = `${id}-title`
  if (inseeCode) {
    return chosen && chosen.insee_code === inseeCode ? (
      <p className="hint" id={`${id}-chosen`} role="status">
        Commune reconnue : {chosen.name} (code INSEE {chosen.insee_code}), {unitLabel(chosen)}.
      </p>
    ) : null
  }
  if (communeQuery(postcode, commune) === null) return null
  const status = loading
    ? 'Recherche des communes…'
    : total === 0
      ? 'Aucune commune du Jura ne correspond : vérifiez le code postal ou le nom.'
      : `${total} commune${total > 1 ? 's' : ''} correspond${total > 1 ? 'ent' : ''}` +
        (total > SUGGESTIONS ? ` : les ${SUGGESTIONS} premières sont proposées, précisez le nom ou le code postal.` : ' : choisissez-en une pour la reconnaître.')
  return (
    <div className="commune-suggestions" role="group" aria-labelledby={titleId}>
      <p id={titleId} className="commune-suggestions__title">
        Communes proposées
      </p>
      <p className="hint" role="status">
        {status}
      </p>
      {suggestions.length > 0 && (
        <ul className="commune-suggestions__list">
          {suggestions.map((c) => (
            <li key={c.insee_code}>
              <button
                type="button"
                className="button button--secondary button--small"
                onClick={() => {
                  setChosen(c)
                  onChoose(chooseCommune(c, postcode))
                  if (focusAfter) requestAnimationFrame(() => document.getElementById(focusAfter)?.focus())
                }}
              >
                {c.name} – {c.postcodes.join(', ')}
                <span className="visually-hidden">, code INSEE {c.insee_code}, {unitLabel(c)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}

export type CommunePickerProps = Omit<CommuneSuggestionsProps, 'suggestions' | 'total' | 'loading'>

/** The suggestions with their query: the pages give it to the referral and household forms, which
 *  place it under the address fields (forms rendered alone, as in their unit tests, suggest nothing). */
export function CommunePicker(props: CommunePickerProps) {
  const query = useSettled(props.inseeCode ? null : communeQuery(props.postcode, props.commune))
  const { data, isFetching } = useCommuneSuggestions(query)
  return (
    <CommuneSuggestions {...props} suggestions={data?.items ?? []} total={data?.total ?? 0} loading={isFetching && !data} />
  )
}

/** The query once typing pauses (250 ms), so each key does not start a request. */
function useSettled(query: CommuneQuery | null): CommuneQuery | null {
  const key = JSON.stringify(query)
  const [settled, setSettled] = useState(key)
  useEffect(() => {
    const timer = setTimeout(() => setSettled(key), 250)
    return () => clearTimeout(timer)
  }, [key])
  return JSON.parse(settled) as CommuneQuery | null
}

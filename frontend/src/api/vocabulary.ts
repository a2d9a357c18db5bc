/**
 * The energy vocabulary (energies, units per energy, the diagnostics' enums and their French labels), read
 * once from the API: GET /api/v1/reference/energy-vocabulary. It changes only with a release or a corrected
 * conversion factor, so the query never goes stale within a session; « Préparer mes visites » keeps a copy on
 * the device (offline/prepare.ts), so bills typed offline still check their units.
 */
import { useQuery } from '@tanstack/react-query'
import type { EnergyVocabulary } from '../lib/energy'
import { api, unwrap } from './client'

export const ENERGY_VOCABULARY_KEY = ['energy-vocabulary'] as const

/** `init` carries the offline layer's header when « Préparer mes visites » keeps the copy. */
export function fetchEnergyVocabulary(init?: { headers: Record<string, string> }): Promise<EnergyVocabulary> {
  return unwrap(api.GET('/api/v1/reference/energy-vocabulary', init))
}

/** The vocabulary, fetched once per session (the server answers 304 to the browser's revalidation). */
export function useEnergyVocabulary() {
  return useQuery({
    queryKey: ENERGY_VOCABULARY_KEY,
    queryFn: () => fetchEnergyVocabulary(),
    staleTime: Infinity,
    gcTime: Infinity,
  })
}

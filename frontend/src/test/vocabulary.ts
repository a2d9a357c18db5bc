import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import { createElement, type ReactElement } from 'react'
import { ENERGY_VOCABULARY_KEY } from '../api/vocabulary'
import type { EnergyVocabulary } from '../lib/energy'
import served from './energy-vocabulary.json'

/**
 * The API's energy vocabulary (GET /api/v1/reference/energy-vocabulary with the default reference values of
 * 1 January 2026). A backend test (tests/routers/test_energy_vocabulary.py) fails when this file is not what
 * the API serves, so the SPA's tests follow the API's rules.
 */
export const VOCABULARY = served as EnergyVocabulary

/** A query cache that already holds the vocabulary, as after the app's first read. */
export function queryClientWithVocabulary(): QueryClient {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  client.setQueryData(ENERGY_VOCABULARY_KEY, VOCABULARY)
  return client
}

/** Renders `ui` with the vocabulary loaded (for components that read it with useEnergyVocabulary). */
export function renderWithVocabulary(ui: ReactElement) {
  const client = queryClientWithVocabulary()
  const wrap = (node: ReactElement) => createElement(QueryClientProvider, { client }, node)
  const result = render(wrap(ui))
  return { ...result, rerender: (next: ReactElement) => result.rerender(wrap(next)) }
}

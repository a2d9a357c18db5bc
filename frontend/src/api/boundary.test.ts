import { describe, expect, it } from 'vitest'

/**
 * Server state has one home: the modules of src/api/ (one per resource) hold the query keys, the query
 * and mutation hooks, and what each write makes stale. Pages, panels and the offline layer compose those
 * hooks; this scan fails when one of them reaches for the query cache or the API's writes itself.
 */
// Tests and their support (src/test/: a cache seeded for a component test) are not the app.
const sources = import.meta.glob<string>(['/src/**/*.{ts,tsx}', '!/src/**/*.test.{ts,tsx}', '!/src/test/**'], {
  query: '?raw',
  import: 'default',
  eager: true,
})
const inApi = (path: string) => path.startsWith('/src/api/')
const outside = Object.entries(sources).filter(([path]) => !inApi(path))

/** Each rule: what may only be written in src/api/, as a pattern over a file's text. */
const RULES: [string, RegExp][] = [
  ['a mutation hook', /\buseMutation\b/],
  ['a query hook', /\buse(Query|Queries|InfiniteQuery|SuspenseQuery|SuspenseQueries|SuspenseInfiniteQuery)\b/],
  ['an invalidation', /\binvalidateQueries\b/],
  [
    'another direct use of the query cache',
    /\.(refetchQueries|resetQueries|removeQueries|cancelQueries|setQueryData|setQueriesData|getQueryData|fetchQuery|prefetchQuery|ensureQueryData)\b/,
  ],
  ['a query key written as an array', /\bqueryKey\s*:\s*\[/],
  ['a write to the API', /\bapi\.(POST|PUT|PATCH|DELETE)\b/],
]

const offenders = (pattern: RegExp, files: [string, string][]) => files.filter(([, text]) => pattern.test(text)).map(([path]) => path)

describe('server state lives in src/api/', () => {
  it('reads the sources (the checks below are not vacuous)', () => {
    expect(outside.map(([path]) => path)).toContain('/src/pages/AgendaPage.tsx')
    expect(outside.length).toBeGreaterThan(50)
    // Every pattern finds what it looks for where it belongs: a typo in one would let everything through.
    const api = Object.entries(sources).filter(([path]) => inApi(path))
    for (const [what, pattern] of RULES.filter(([what]) => what !== 'a query key written as an array'))
      expect(offenders(pattern, api), what).not.toEqual([])
    expect(RULES.find(([what]) => what === 'a query key written as an array')![1].test("useQuery({ queryKey: ['agenda'] })")).toBe(true)
  })

  it.each(RULES)('no page, panel or offline module holds %s', (_, pattern) => {
    expect(offenders(pattern, outside)).toEqual([])
  })

  it('no query key is written as an array in src/api/ either, outside the key factories', () => {
    // In src/api/, queries take their key from the module's factory (householdKeys.detail(id)...).
    const api = Object.entries(sources).filter(([path]) => inApi(path))
    expect(offenders(/\bqueryKey\s*:\s*\[/, api)).toEqual([])
    expect(offenders(/(Queries|QueryData)\(\s*(\{\s*queryKey\s*:\s*)?\[/, api)).toEqual([])
  })
})

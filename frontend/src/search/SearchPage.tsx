import { Link, useSearchParams } from 'react-router'
import { useSearch } from '../api/search'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { usePageTitle } from '../lib/usePageTitle'
import { groupResults, queryProblem } from './searchModel'

/** /recherche?q=…: what the header's search found, grouped by kind, each result a link. */
export function SearchPage() {
  const [params, setParams] = useSearchParams()
  const q = (params.get('q') ?? '').trim()
  const offset = Math.max(0, Number(params.get('debut') ?? 0) || 0)
  const problem = queryProblem(q)
  usePageTitle(q ? `Recherche « ${q} »` : 'Recherche')

  const results = useSearch(q, offset, !problem)

  const goTo = (next: number) => {
    const p = new URLSearchParams(params)
    if (next > 0) p.set('debut', String(next))
    else p.delete('debut')
    setParams(p)
  }

  return (
    <>
      <h1>{q ? `Recherche : « ${q} »` : 'Recherche'}</h1>
      {problem ? (
        <p className="alert alert--info" role="status">
          {q ? problem : 'Saisissez un nom, un téléphone, une commune, un numéro de demande ou une référence de compte-rendu (CR-12-1) dans le champ de recherche en haut de la page.'}
        </p>
      ) : results.isPending ? (
        <Loading label="Recherche en cours…" />
      ) : results.isError ? (
        <QueryError error={results.error} />
      ) : (
        <>
          <p role="status">
            {results.data.total === 0
              ? 'Aucun résultat parmi les dossiers auxquels vous avez accès.'
              : results.data.total === 1
                ? '1 résultat.'
                : `${results.data.total} résultats.`}
          </p>
          {groupResults(results.data.items).map((g) => (
            <section key={g.kind} aria-labelledby={`r-${g.kind}`} className="search-results">
              <h2 id={`r-${g.kind}`}>{g.title}</h2>
              <ul className="search-results__list">
                {g.items.map((r) => (
                  <li key={`${r.kind}-${r.id}`}>
                    <Link to={r.path}>{r.label}</Link>
                    {r.context && <span className="search-results__context"> – {r.context}</span>}
                  </li>
                ))}
              </ul>
            </section>
          ))}
          <Pagination offset={offset} next={results.data.next} total={results.data.total} onGoTo={goTo} />
        </>
      )}
    </>
  )
}

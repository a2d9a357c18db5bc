import { useState, type FormEvent } from 'react'
import { useNavigate, useSearchParams } from 'react-router'
import { queryProblem, SEARCH_LABEL, searchPath } from './searchModel'

/** The header's search form: submits to /recherche?q=… (results page), keyboard-usable as a plain form. */
export function SearchBox() {
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [q, setQ] = useState(() => params.get('q') ?? '')
  const [problem, setProblem] = useState<string | null>(null)

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const why = queryProblem(q)
    setProblem(why)
    if (!why) navigate(searchPath(q))
  }

  return (
    <form role="search" aria-label={SEARCH_LABEL} className="site-search" onSubmit={onSubmit} noValidate>
      <label htmlFor="site-search-q" className="site-search__label">
        {SEARCH_LABEL}
      </label>
      <div className="site-search__row">
        <input
          id="site-search-q"
          name="q"
          type="search"
          autoComplete="off"
          maxLength={100}
          value={q}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'site-search-problem' : undefined}
          onChange={(e) => {
            setQ(e.target.value)
            if (problem) setProblem(null)
          }}
        />
        <button type="submit" className="button button--light">
          Rechercher
        </button>
      </div>
      {problem && (
        <p id="site-search-problem" className="site-search__problem" role="alert">
          {problem}
        </p>
      )}
    </form>
  )
}

import { useEffect, useRef } from 'react'
import type { SaveProblem } from './formSupport'

/** The alert above a form after a failed save; a 409 offers to reload. */
export function SaveProblemAlert({ problem, onReload }: { problem: SaveProblem | null; onReload: () => void }) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (problem) ref.current?.focus()
  }, [problem])
  if (!problem) return <div aria-live="polite" />
  return (
    <div role="alert" className="alert alert--error" tabIndex={-1} ref={ref}>
      <p>{problem.detail}</p>
      {problem.unmatched.length > 0 && (
        <ul>
          {problem.unmatched.map((u) => (
            <li key={`${u.field}:${u.message}`}>{u.message}</li>
          ))}
        </ul>
      )}
      {problem.conflict && (
        <p>
          Quelqu&apos;un l&apos;a modifié entre-temps.{' '}
          <button type="button" className="button button--secondary button--small" onClick={onReload}>
            Recharger la version enregistrée
          </button>
        </p>
      )}
    </div>
  )
}

import { Link } from 'react-router'
import { useHouseholdTimeline } from '../api/households'
import { Loading, QueryError } from '../components/Status'
import { formatDate } from '../lib/format'
import { isInternalPath, mergePages, timelineTone } from './timelineModel'

/** « Parcours du ménage »: the household's referrals, visits, diagnostics, syntheses, reports and
 * orientations, newest first, each linking to its page (the API lists only what the person may open). */
export function Timeline({ householdId }: { householdId: number }) {
  const timeline = useHouseholdTimeline(householdId)

  const entries = timeline.data ? mergePages(timeline.data.pages) : []
  const total = timeline.data?.pages.at(-1)?.total ?? 0
  return (
    <section aria-labelledby="s-timeline" className="timeline">
      <h2 id="s-timeline">Parcours du ménage</h2>
      {timeline.isPending ? (
        <Loading label="Chargement du parcours…" />
      ) : timeline.isError && !timeline.data ? (
        <QueryError error={timeline.error} />
      ) : entries.length === 0 ? (
        <p className="muted">Aucune étape enregistrée pour ce ménage.</p>
      ) : (
        <>
          <ol className="timeline__list">
            {entries.map((e) => (
              <li key={`${e.kind}-${e.record_id}`} className="timeline__item">
                <span className="timeline__date">{formatDate(e.at)}</span>{' '}
                <span className="timeline__what">
                  {isInternalPath(e.path) ? <Link to={e.path}>{e.label}</Link> : e.label}
                  {e.status_label && (
                    <span className={`badge badge--${timelineTone(e.status)}`}>
                      <span className="visually-hidden">État : </span>
                      {e.status_label}
                    </span>
                  )}
                </span>
              </li>
            ))}
          </ol>
          <p className="hint" role="status">
            {entries.length < total ? `${entries.length} étapes affichées sur ${total}.` : ''}
          </p>
          {timeline.hasNextPage && (
            <button
              type="button"
              className="button button--secondary"
              disabled={timeline.isFetchingNextPage}
              onClick={() => void timeline.fetchNextPage()}
            >
              {timeline.isFetchingNextPage ? 'Chargement…' : 'Voir plus'}
              <span className="visually-hidden"> d&apos;étapes du parcours</span>
            </button>
          )}
          {timeline.isFetchNextPageError && <QueryError error={timeline.error} />}
        </>
      )}
    </section>
  )
}

import { useEffect, useRef, useState } from 'react'
import { useLocation } from 'react-router'
import { useFollowUp } from '../api/followup'
import { useAuth } from '../auth/AuthContext'
import { Feedback } from '../components/Feedback'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { AddOrientationForm } from './AddOrientationForm'
import { ClosingPanel } from './ClosingPanel'
import { MeasuredImpactPanel } from './MeasuredImpactPanel'
import { OrientationCard } from './OrientationCard'
import { WorksUpdatesList } from './WorksUpdatesList'

/** The household page's « Suivi »: orientations and their log, the landlord's works, closing the case. */
export function FollowUpSection({ householdId }: { householdId: number }) {
  const { hasScope } = useAuth()
  const followUp = useFollowUp(householdId)
  const location = useLocation()
  const sectionRef = useRef<HTMLElement>(null)
  const [adding, setAdding] = useState(false)
  const feedback = useFeedback()
  const canWrite = hasScope('followup:write')
  const loaded = !!followUp.data

  // Coming from the board (…#suivi): bring the section into view once it is there.
  useEffect(() => {
    if (loaded && location.hash === '#suivi') sectionRef.current?.scrollIntoView()
  }, [loaded, location.hash])

  const f = followUp.data
  const open = f?.status !== 'closed'
  return (
    <section id="suivi" ref={sectionRef} aria-labelledby="s-follow-up" className="follow-up">
      <div className="page-head">
        <h2 id="s-follow-up">Suivi</h2>
        {f && canWrite && open && !adding && (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              feedback.clear()
              setAdding(true)
            }}
          >
            Ajouter une orientation
          </button>
        )}
      </div>
      {followUp.isPending && <Loading label="Chargement du suivi…" />}
      {followUp.isError && <QueryError error={followUp.error} />}
      <Feedback message={feedback.message} />
      {f && (
        <>
          {adding && (
            <AddOrientationForm
              householdId={householdId}
              onDone={(m) => {
                setAdding(false)
                feedback.ok(m)
              }}
              onCancel={() => setAdding(false)}
            />
          )}
          <h3 className="visually-hidden">Orientations</h3>
          {f.orientations.length === 0 ? (
            <p className="muted">Aucune orientation à suivre.</p>
          ) : (
            f.orientations.map((o) => <OrientationCard key={o.id} orientation={o} canWrite={canWrite} householdOpen={open} />)
          )}
          <WorksUpdatesList updates={f.works_updates} />
          {f.measured_impact_href && <MeasuredImpactPanel householdId={householdId} />}
          <ClosingPanel followUp={f} />
        </>
      )}
    </section>
  )
}

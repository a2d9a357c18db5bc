import { useRef, useState } from 'react'
import type { FollowUpOrientation, OrientationTransition } from '../api/types'
import { Item } from '../components/DetailItem'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { dueText, EVENT_KIND_LABELS, eventText } from '../lib/followup'
import { formatAmount, formatDate } from '../lib/format'
import { ORIENTATION_ACTION_LABELS } from '../lib/labels'
import { EditForm, HandoverForm, NoteForm, TransitionForm } from './OrientationForms'
import { OrientationStatusBadge, OverdueFlag } from './parts'
import { useFollowUpAction } from './useFollowUpAction'
import { ScrollRegion } from '../components/ScrollRegion'

type Mode = null | 'obtain' | 'refuse' | 'abandon' | 'note' | 'handover' | 'edit'
const WITH_FORM = new Set(['obtain', 'refuse', 'abandon'])
const OPEN = new Set(['proposed', 'in_progress'])

/** One orientation of the household's follow-up: where it stands, its log, and what can be done. */
export function OrientationCard({
  orientation: o,
  canWrite,
  householdOpen,
}: {
  orientation: FollowUpOrientation
  canWrite: boolean
  householdOpen: boolean
}) {
  const [mode, setMode] = useState<Mode>(null)
  const feedback = useFeedback()
  const direct = useFollowUpAction(o.household_id)
  const barRef = useRef<HTMLDivElement>(null)
  const titleId = `orientation-${o.id}-title`
  const act = canWrite && householdOpen

  const close = (message?: string) => {
    setMode(null)
    if (message) feedback.ok(message)
    requestAnimationFrame(() => barRef.current?.querySelector<HTMLButtonElement>('button')?.focus())
  }
  const open = (m: Mode) => {
    feedback.clear()
    direct.clearError()
    setMode(m)
  }
  const oneClick = async (action: OrientationTransition['action']) => {
    feedback.clear()
    const body = { action, version: o.version, outcome: '' }
    const ok = await direct.run({ kind: 'transition', orientationId: o.id, body })
    if (ok) feedback.ok(`« ${o.kind_label} » : ${ORIENTATION_ACTION_LABELS[action].toLowerCase()}, c’est enregistré.`)
  }

  return (
    <article className={`orientation-card${o.overdue ? ' orientation-card--overdue' : ''}`} aria-labelledby={titleId}>
      <h3 id={titleId}>{o.kind_label}</h3>
      <p className="status-line">
        <OrientationStatusBadge status={o.status} /> {o.overdue && <OverdueFlag />}
      </p>
      <p className="prewrap">{o.description}</p>
      <dl className="dl dl--columns">
        <Item term="Personne responsable">{o.responsible?.full_name}</Item>
        <Item term="Échéance">{dueText(o.due_on, formatDate)}</Item>
        <Item term="Partenaire">{o.partner_organisation?.name ?? o.partner}</Item>
        {o.status === 'obtained' && <Item term="Montant obtenu">{formatAmount(o.amount_obtained_eur)}</Item>}
        {o.outcome && <Item term="Résultat">{o.outcome}</Item>}
        {o.handed_to_referent_at && <Item term="Confiée au référent social le">{formatDate(o.handed_to_referent_at)}</Item>}
      </dl>

      <History orientation={o} />

      <Feedback message={feedback.message} />
      {direct.error && (
        <p role="alert" className="alert alert--error">
          {direct.error}
        </p>
      )}
      {act && mode === null && (
        <div className="orientation-actions" ref={barRef} role="group" aria-label={`Actions – ${o.kind_label}`}>
          {o.allowed_actions.map((a) => (
            <button
              key={a}
              type="button"
              className="button button--secondary"
              disabled={direct.pending}
              onClick={() => (WITH_FORM.has(a) ? open(a as Mode) : void oneClick(a as OrientationTransition['action']))}
            >
              {ORIENTATION_ACTION_LABELS[a] ?? a}
              <span className="visually-hidden"> : {o.kind_label}</span>
            </button>
          ))}
          <button type="button" className="button button--secondary" onClick={() => open('note')}>
            Ajouter une note<span className="visually-hidden"> : {o.kind_label}</span>
          </button>
          {!o.handed_to_referent_at && OPEN.has(o.status) && (
            <button type="button" className="button button--secondary" onClick={() => open('handover')}>
              Confier au référent social<span className="visually-hidden"> : {o.kind_label}</span>
            </button>
          )}
          <button type="button" className="button button--secondary" onClick={() => open('edit')}>
            Modifier responsable et échéance<span className="visually-hidden"> : {o.kind_label}</span>
          </button>
        </div>
      )}
      {act && mode !== null && WITH_FORM.has(mode) && (
        <TransitionForm orientation={o} action={mode as 'obtain' | 'refuse' | 'abandon'} onDone={close} onCancel={() => close()} />
      )}
      {act && mode === 'note' && <NoteForm orientation={o} onDone={close} onCancel={() => close()} />}
      {act && mode === 'handover' && <HandoverForm orientation={o} onDone={close} onCancel={() => close()} />}
      {act && mode === 'edit' && <EditForm orientation={o} onDone={close} onCancel={() => close()} />}
    </article>
  )
}

function History({ orientation: o }: { orientation: FollowUpOrientation }) {
  if (o.events.length === 0) return <p className="muted">Aucun contact ni changement enregistré.</p>
  return (
    <ScrollRegion label={`Historique – ${o.kind_label}`}>
      <table className="table">
        <caption className="h-small">Historique – {o.kind_label}</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Type</th>
            <th scope="col">Contact</th>
            <th scope="col">Note</th>
            <th scope="col">Par</th>
          </tr>
        </thead>
        <tbody>
          {o.events.map((e) => (
            <tr key={e.id}>
              <td>{formatDate(e.on)}</td>
              <td>{EVENT_KIND_LABELS[e.kind] ?? e.kind}</td>
              <td>{e.contact || '–'}</td>
              <td className="prewrap">{eventText(e)}</td>
              <td>{e.by?.full_name ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  )
}

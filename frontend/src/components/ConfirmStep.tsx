import { useEffect, useRef } from 'react'

/**
 * An inline confirmation step: the question and « Confirmer » / « Annuler ». Focus moves to it when it
 * opens; Escape cancels. The caller puts focus back where it was on cancel (see `onCancel`).
 */
export function ConfirmStep({
  id,
  question,
  onConfirm,
  onCancel,
  busy = false,
}: {
  id: string
  question: string
  onConfirm: () => void
  onCancel: () => void
  busy?: boolean
}) {
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    ref.current?.focus()
  }, [question])
  return (
    <div
      ref={ref}
      role="alertdialog"
      aria-labelledby={`${id}-question`}
      tabIndex={-1}
      className="alert alert--info confirm-step"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault()
          onCancel()
        }
      }}
    >
      <p id={`${id}-question`}>
        <strong>{question}</strong>
      </p>
      <div className="form-actions">
        <button type="button" className="button" onClick={onConfirm} disabled={busy}>
          Confirmer
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
          Annuler
        </button>
      </div>
    </div>
  )
}

import type { ReviewCommentRead } from '../api/types'
import { formatDateTime } from '../lib/datetime'

const COMMENT_STATUS: Record<ReviewCommentRead['status'], string> = {
  open: 'En attente de réponse',
  accepted: 'Acceptée',
  rejected: 'Refusée',
}

/** A remark without a suggested change (no quoted passage to replace): it is only acknowledged. */
const isPlainRemark = (c: ReviewCommentRead) => c.quote === null || c.quote === undefined

function statusLabel(c: ReviewCommentRead): string {
  return isPlainRemark(c) && c.status === 'accepted' ? 'Prise en compte' : COMMENT_STATUS[c.status]
}

/**
 * The review comments of a synthesis. The owner answers the open ones: a suggested change is
 * accepted (the text changes) or refused; a plain remark is acknowledged in one click (« Pris en
 * compte », the same answer as accepting, with nothing to replace). Everyone else reads them.
 */
export function ReviewComments({
  comments,
  canResolve,
  pending,
  onResolve,
}: {
  comments: readonly ReviewCommentRead[]
  canResolve: boolean
  pending: boolean
  onResolve: (comment: ReviewCommentRead, accept: boolean) => void
}) {
  if (!comments.length) return <p className="muted">Aucune remarque de relecture.</p>
  const open = comments.filter((c) => c.status === 'open').length
  return (
    <>
      <p>
        {comments.length} remarque{comments.length > 1 ? 's' : ''}, dont {open} en attente de réponse.
      </p>
      <ol className="plain-list comments">
        {comments.map((c) => (
          <li key={c.id} className={`comment comment--${c.status}`}>
            <p className="muted">
              {c.author.full_name}, le {formatDateTime(c.created_at)} – <strong>{statusLabel(c)}</strong>
            </p>
            <p className="prewrap">{c.body}</p>
            {!isPlainRemark(c) && (
              <div className="suggestion">
                <p>
                  Remplacer <del>{c.quote}</del>
                </p>
                <p>
                  par <ins>{c.replacement || '(supprimer le passage)'}</ins>
                </p>
              </div>
            )}
            {canResolve && c.status === 'open' && isPlainRemark(c) && (
              <div className="action-bar">
                <button type="button" className="button" disabled={pending} onClick={() => onResolve(c, true)}>
                  Pris en compte<span className="visually-hidden"> : remarque de {c.author.full_name}</span>
                </button>
              </div>
            )}
            {canResolve && c.status === 'open' && !isPlainRemark(c) && (
              <div className="action-bar">
                <button type="button" className="button" disabled={pending} onClick={() => onResolve(c, true)}>
                  Accepter<span className="visually-hidden"> la remarque de {c.author.full_name}</span>
                </button>
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={pending}
                  onClick={() => onResolve(c, false)}
                >
                  Refuser<span className="visually-hidden"> la remarque de {c.author.full_name}</span>
                </button>
              </div>
            )}
          </li>
        ))}
      </ol>
    </>
  )
}

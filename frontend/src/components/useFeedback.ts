import { useContext, useState } from 'react'
import { ApiError } from '../lib/errors'
import { FeedbackGroupContext } from './feedbackGroupContext'

export interface FeedbackMessage {
  kind: 'error' | 'success'
  text: string
}

/**
 * Message state for an action's outcome, shown by <Feedback>. Inside a <FeedbackGroup> (FeedbackGroup.tsx), a success
 * message is hidden once another panel of the group reports a success of its own.
 */
export function useFeedback() {
  const group = useContext(FeedbackGroupContext)
  const [state, setState] = useState<(FeedbackMessage & { stamp?: number }) | null>(null)
  const stale = state?.kind === 'success' && group !== null && state.stamp !== group.latest
  const message: FeedbackMessage | null = state && !stale ? { kind: state.kind, text: state.text } : null
  return {
    message,
    clear: () => setState(null),
    ok: (text: string) => setState({ kind: 'success', text, stamp: group?.claim() }),
    fail: (e: unknown) => setState({ kind: 'error', text: e instanceof ApiError ? e.detail : 'Une erreur est survenue.' }),
    failText: (text: string) => setState({ kind: 'error', text }),
  }
}

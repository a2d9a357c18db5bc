import { useState } from 'react'
import { ApiError } from '../lib/errors'

export interface FeedbackMessage {
  kind: 'error' | 'success'
  text: string
}

/** Message state for an action's outcome, shown by <Feedback>. */
export function useFeedback() {
  const [message, setMessage] = useState<FeedbackMessage | null>(null)
  return {
    message,
    clear: () => setMessage(null),
    ok: (text: string) => setMessage({ kind: 'success', text }),
    fail: (e: unknown) =>
      setMessage({ kind: 'error', text: e instanceof ApiError ? e.detail : 'Une erreur est survenue.' }),
    failText: (text: string) => setMessage({ kind: 'error', text }),
  }
}

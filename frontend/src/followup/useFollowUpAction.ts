import { useState } from 'react'
import { useFollowUpWrite, type FollowUpWrite } from '../api/followup'
import { ApiError } from '../lib/errors'

/**
 * Runs one follow-up call (transition, note, handover, change, closing) for a form: its pending state and
 * the API's message (409 included) for the form to show. What the call makes stale is refreshed by the
 * write's hook (src/api/followup.ts), a 409 included.
 */
export function useFollowUpAction(householdId: number) {
  const write = useFollowUpWrite(householdId)
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')

  /** Returns true when the call succeeded. */
  const run = async (call: FollowUpWrite): Promise<boolean> => {
    if (pending) return false
    setPending(true)
    setError('')
    try {
      await write.mutateAsync(call)
      return true
    } catch (e) {
      let text = e instanceof ApiError ? e.detail : 'Une erreur est survenue.'
      if (e instanceof ApiError && e.fields.length) text = e.fields.map((f) => f.message).join(' ')
      setError(text)
      return false
    } finally {
      setPending(false)
    }
  }

  return { run, pending, error, clearError: () => setError('') }
}

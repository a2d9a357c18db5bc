import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { ApiError, isConflict } from '../lib/errors'

/**
 * Runs one follow-up call (transition, note, handover, change, closing) and refreshes what depends
 * on it: the household's follow-up and record, the board and the worklist. The API's message
 * (409 included) is kept for the form to show; on a 409 the follow-up is fetched again so that the
 * next try carries the current version.
 */
export function useFollowUpAction(householdId: number) {
  const queryClient = useQueryClient()
  const [pending, setPending] = useState(false)
  const [error, setError] = useState('')

  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: ['follow-up', householdId] }),
      queryClient.invalidateQueries({ queryKey: ['household', householdId] }),
      queryClient.invalidateQueries({ queryKey: ['orientations'] }),
      queryClient.invalidateQueries({ queryKey: ['worklist'] }),
    ])

  /** Returns true when the call succeeded. */
  const run = async (call: () => Promise<unknown>): Promise<boolean> => {
    if (pending) return false
    setPending(true)
    setError('')
    try {
      await call()
      await refresh()
      return true
    } catch (e) {
      let text = e instanceof ApiError ? e.detail : 'Une erreur est survenue.'
      if (e instanceof ApiError && e.fields.length) text = e.fields.map((f) => f.message).join(' ')
      setError(text)
      if (isConflict(e)) await queryClient.invalidateQueries({ queryKey: ['follow-up', householdId] })
      return false
    } finally {
      setPending(false)
    }
  }

  return { run, pending, error, clearError: () => setError('') }
}

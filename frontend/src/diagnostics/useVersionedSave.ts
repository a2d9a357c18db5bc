import { useState, type FormEvent } from 'react'
import { isNetworkFailure } from '../offline/drafts'
import { problemFrom, type SaveProblem } from './formSupport'

interface VersionedSaveOptions<Read extends { version: number }, Write> {
  /** The stored version the form starts from (null before the first save). */
  initial: Read | null
  /** Parses the form for the given stored version; `payload` is null when some field is invalid. */
  build: (version: number | null) => { payload: Write | null; errors: Record<string, string[]> }
  send: (payload: Write) => Promise<Read>
  /** After a successful save: refresh the form and caches, and return the success message. */
  onSaved: (result: Read) => string
  /** Field paths the form can show an error next to (others go to the alert). */
  knownFields: () => string[]
  /**
   * With no network, the valid payload is queued instead (src/offline/queue.ts): returns the message
   * shown. Without it, a network failure is an error like any other.
   */
  queue?: (payload: Write) => Promise<string>
}

/**
 * Submit handling shared by the diagnostic forms: client-side validation, PUT with the stored
 * version (a 409 marks the problem as a conflict, see SaveProblemAlert), and the form's save state.
 */
export function useVersionedSave<Read extends { version: number }, Write>(options: VersionedSaveOptions<Read, Write>) {
  const { initial, build, send, onSaved, knownFields, queue } = options
  const [saved, setSaved] = useState<Read | null>(initial)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<SaveProblem | null>(null)
  const [success, setSuccess] = useState('')
  const [pending, setPending] = useState(false)

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    setSuccess('')
    const built = build(saved?.version ?? null)
    if (!built.payload) {
      setErrors(built.errors)
      setProblem({ detail: 'Certaines valeurs sont à corriger : voir les messages à côté des champs.', conflict: false, unmatched: [] })
      return
    }
    setPending(true)
    const queueIt = async (payload: Write) => {
      const message = await queue!(payload)
      setErrors({})
      setProblem(null)
      setSuccess(message)
    }
    try {
      if (queue && typeof navigator !== 'undefined' && navigator.onLine === false) {
        await queueIt(built.payload)
        return
      }
      const result = await send(built.payload)
      setSaved(result)
      setErrors({})
      setProblem(null)
      setSuccess(onSaved(result))
    } catch (err) {
      if (queue && isNetworkFailure(err)) {
        await queueIt(built.payload)
        return
      }
      // A refusal (422...) keeps every typed value: the form's state is untouched, and its draft is on the device.
      const { errors: byField, problem: p } = problemFrom(err, knownFields())
      setErrors(byField)
      setProblem(p)
    } finally {
      setPending(false)
    }
  }

  return { saved, errors, problem, success, pending, onSubmit }
}

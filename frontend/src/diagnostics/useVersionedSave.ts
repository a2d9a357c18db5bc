import { useState, type FormEvent } from 'react'
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
}

/**
 * Submit handling shared by the diagnostic forms: client-side validation, PUT with the stored
 * version (a 409 marks the problem as a conflict, see SaveProblemAlert), and the form's save state.
 */
export function useVersionedSave<Read extends { version: number }, Write>(options: VersionedSaveOptions<Read, Write>) {
  const { initial, build, send, onSaved, knownFields } = options
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
    try {
      const result = await send(built.payload)
      setSaved(result)
      setErrors({})
      setProblem(null)
      setSuccess(onSaved(result))
    } catch (err) {
      const { errors: byField, problem: p } = problemFrom(err, knownFields())
      setErrors(byField)
      setProblem(p)
    } finally {
      setPending(false)
    }
  }

  return { saved, errors, problem, success, pending, onSubmit }
}

import { useEffect, useRef, useState, type ReactNode } from 'react'

import type { useFeedback } from './useFeedback'

/** An admin list's « Créer … » button that opens its form in place. The form calls `onDone` with the
 * confirmation to announce, or null when cancelled; either way the button comes back and gets the focus,
 * so a keyboard user is not left at the top of the page. */
export function CreateToggle({
  label,
  feedback,
  form,
}: {
  label: string
  feedback: ReturnType<typeof useFeedback>
  form: (onDone: (text: string | null) => void) => ReactNode
}) {
  const [state, setState] = useState<'closed' | 'open' | 'closed-after-form'>('closed')
  const button = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (state === 'closed-after-form') button.current?.focus()
  }, [state])
  if (state === 'open') {
    return form((text) => {
      setState('closed-after-form')
      if (text) feedback.ok(text)
    })
  }
  return (
    <p>
      <button
        ref={button}
        type="button"
        className="button"
        onClick={() => {
          feedback.clear()
          setState('open')
        }}
      >
        {label}
      </button>
    </p>
  )
}

import { useCallback, useMemo, useRef, useState, type ReactNode } from 'react'
import { FeedbackGroupContext } from './feedbackGroupContext'

/**
 * Panels of one page whose success messages replace each other: once an action succeeds in one
 * panel, the earlier « Appel noté » of another panel is no longer shown (see useFeedback).
 */
export function FeedbackGroup({ children }: { children: ReactNode }) {
  const counter = useRef(0)
  const [latest, setLatest] = useState(0)
  const claim = useCallback(() => {
    counter.current += 1
    setLatest(counter.current)
    return counter.current
  }, [])
  const value = useMemo(() => ({ latest, claim }), [latest, claim])
  return <FeedbackGroupContext.Provider value={value}>{children}</FeedbackGroupContext.Provider>
}

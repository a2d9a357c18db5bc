import { createContext } from 'react'

export interface FeedbackGroupValue {
  /** Stamp of the latest success in the group. */
  latest: number
  /** Records a new success and returns its stamp. */
  claim: () => number
}

export const FeedbackGroupContext = createContext<FeedbackGroupValue | null>(null)

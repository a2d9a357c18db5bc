import type { FeedbackMessage } from './useFeedback'

/** Result of an action: errors in role="alert", successes in role="status". */
export function Feedback({ message }: { message: FeedbackMessage | null }) {
  return (
    <div aria-live="polite">
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={`alert alert--${message.kind}`}>
          {message.text}
        </p>
      )}
    </div>
  )
}

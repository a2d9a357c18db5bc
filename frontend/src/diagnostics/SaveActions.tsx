/** The submit button of a diagnostic form (for writers) and the live region announcing a save. */
export function SaveActions({
  canWrite,
  pending,
  success,
  label,
  large = false,
}: {
  canWrite: boolean
  pending: boolean
  success: string
  label: string
  /** Sticky bar and large button, for the long form filled on a tablet. */
  large?: boolean
}) {
  return (
    <>
      {canWrite && (
        <div className={large ? 'form-actions form-actions--sticky' : 'form-actions'}>
          <button type="submit" className={large ? 'button button--large' : 'button'} disabled={pending}>
            {label}
          </button>
        </div>
      )}
      <div aria-live="polite">
        {success && (
          <p role="status" className="alert alert--success">
            {success}
          </p>
        )}
      </div>
    </>
  )
}

import { useEffect, useRef, useState } from 'react'

/** Copies a text with the Clipboard API; false when it is missing or refused (then the person copies by hand). */
async function copyText(text: string): Promise<boolean> {
  try {
    if (!navigator.clipboard?.writeText) return false
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}

/**
 * A secret shown once (an integration token, a webhook signing secret): a warning, the secret in a
 * read-only field that can be selected, a copy button (with a fallback message when the browser
 * refuses), and « J'ai noté le secret » to close the panel. Focus moves to the panel when it opens.
 */
export function SecretPanel({
  id,
  title,
  secretLabel,
  secret,
  onClose,
}: {
  id: string
  title: string
  secretLabel: string
  secret: string
  onClose: () => void
}) {
  const ref = useRef<HTMLElement>(null)
  const [copy, setCopy] = useState<'idle' | 'done' | 'failed'>('idle')
  useEffect(() => {
    ref.current?.focus()
  }, [secret])
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby={`${id}-title`} className="card secret-panel">
      <h2 id={`${id}-title`}>{title}</h2>
      <p className="alert alert--info">
        <strong>Ce secret ne sera plus jamais affiché.</strong> Copiez-le maintenant dans le coffre à secrets du
        système qui l’utilisera ; s’il est perdu, révoquez-le et créez-en un autre. Ne l’envoyez pas par courriel.
      </p>
      <div className="field">
        <label htmlFor={`${id}-value`}>{secretLabel}</label>
        <input id={`${id}-value`} type="text" readOnly value={secret} className="secret-panel__value" onFocus={(e) => e.target.select()} />
      </div>
      <div className="form-actions">
        <button
          type="button"
          className="button"
          onClick={async () => {
            setCopy((await copyText(secret)) ? 'done' : 'failed')
          }}
        >
          Copier le secret
        </button>
        <button type="button" className="button button--secondary" onClick={onClose}>
          J’ai copié le secret, fermer
        </button>
      </div>
      <div aria-live="polite">
        {copy === 'done' && (
          <p role="status" className="alert alert--success">
            Secret copié dans le presse-papiers.
          </p>
        )}
        {copy === 'failed' && (
          <p role="alert" className="alert alert--error">
            Copie automatique impossible dans ce navigateur : sélectionnez le secret dans le champ ci-dessus et
            copiez-le (Ctrl+C).
          </p>
        )}
      </div>
    </section>
  )
}

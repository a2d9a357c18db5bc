import { useEffect, useState } from 'react'
import { API_BASE, session } from '../api/client'
import { RECIPIENT_LABELS, options, type Recipient } from '../lib/labels'

/** The PDF copy for one recipient, fetched with the session's token and shown from a blob URL. */
export function PdfPreview({ reportId, version }: { reportId: number; version: number }) {
  const [recipient, setRecipient] = useState<Recipient>('household')
  const key = `${reportId}-${recipient}-${version}`
  const [loaded, setLoaded] = useState<{ key: string; url: string | null; error: string }>({ key: '', url: null, error: '' })
  const url = loaded.key === key ? loaded.url : null
  const error = loaded.key === key ? loaded.error : ''

  useEffect(() => {
    let cancelled = false
    let created: string | null = null
    const target = new URL(`${API_BASE}/reports/${reportId}/pdf?recipient=${recipient}`, globalThis.location?.href)
    session
      .fetch(new Request(target, { headers: { Accept: 'application/pdf' } }))
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status))
        const blob = await res.blob()
        if (cancelled) return
        created = URL.createObjectURL(blob)
        setLoaded({ key, url: created, error: '' })
      })
      .catch(() => {
        if (!cancelled) setLoaded({ key, url: null, error: 'Impossible de charger l’aperçu PDF. Réessayez dans un instant.' })
      })
    return () => {
      cancelled = true
      if (created) URL.revokeObjectURL(created)
    }
  }, [key, reportId, recipient])

  const who = RECIPIENT_LABELS[recipient].toLowerCase()
  return (
    <section aria-labelledby="s-pdf">
      <h2 id="s-pdf">Aperçu PDF</h2>
      <div className="field field--inline">
        <label htmlFor="pdf-recipient">Copie pour</label>
        <select id="pdf-recipient" value={recipient} onChange={(e) => setRecipient(e.target.value as Recipient)}>
          {options(RECIPIENT_LABELS).map(([k, text]) => (
            <option key={k} value={k}>
              {text}
            </option>
          ))}
        </select>
      </div>
      {recipient === 'landlord' && (
        <p className="hint">La copie du bailleur ne contient ni données sociales ni données financières.</p>
      )}
      {error && (
        <p role="alert" className="alert alert--error">
          {error}
        </p>
      )}
      {!url && !error && (
        <p className="loading" role="status">
          Chargement de l&apos;aperçu…
        </p>
      )}
      {url && (
        <>
          <p>
            <a href={url} download={`compte-rendu-${reportId}-${recipient}.pdf`}>
              Télécharger le PDF (copie {who})
            </a>
          </p>
          <iframe className="pdf-frame" src={url} title={`Aperçu PDF du compte-rendu, copie ${who}`} />
        </>
      )}
    </section>
  )
}

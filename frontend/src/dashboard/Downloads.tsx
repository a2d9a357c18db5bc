import { useState } from 'react'
import { fetchExport, saveBlob, type DownloadRequest } from '../api/reporting'
import { ApiError } from '../lib/errors'
import type { ReportFormat } from '../lib/dashboard'

interface Item {
  id: string
  kind: DownloadRequest['kind']
  format: ReportFormat
  label: string
}

const ITEMS: Item[] = [
  { id: 'report-xlsx', kind: 'report', format: 'xlsx', label: 'Bilan (Excel, XLSX)' },
  { id: 'report-csv', kind: 'report', format: 'csv', label: 'Bilan (CSV)' },
  { id: 'report-json', kind: 'report', format: 'json', label: 'Bilan (JSON)' },
  { id: 'cases-xlsx', kind: 'cases', format: 'xlsx', label: 'Extraction des dossiers pseudonymisés (XLSX)' },
  { id: 'cases-csv', kind: 'cases', format: 'csv', label: 'Extraction des dossiers pseudonymisés (CSV)' },
]

/** Download buttons: each export is fetched with the session's token, then saved from a blob. */
export function Downloads({ year, unitId, unitName }: { year: number; unitId?: number; unitName?: string }) {
  const [busy, setBusy] = useState<string | null>(null)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  const download = async (item: Item) => {
    setBusy(item.id)
    setMessage(null)
    try {
      const { blob, filename } = await fetchExport({ kind: item.kind, year, format: item.format, unitId })
      saveBlob(blob, filename)
      setMessage({ ok: true, text: `Fichier « ${filename} » téléchargé.` })
    } catch (e) {
      const detail = e instanceof ApiError ? e.detail : 'Le téléchargement a échoué.'
      setMessage({ ok: false, text: `Téléchargement impossible : ${detail}` })
    } finally {
      setBusy(null)
    }
  }

  const group = (kind: Item['kind']) =>
    ITEMS.filter((i) => i.kind === kind).map((item) => (
      <li key={item.id}>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void download(item)}
          disabled={busy !== null}
          aria-describedby={`dl-${kind}-hint`}
        >
          {busy === item.id ? 'Téléchargement…' : `Télécharger : ${item.label}`}
        </button>
      </li>
    ))

  return (
    <section aria-labelledby="s-downloads" className="downloads">
      <h2 id="s-downloads">Exports</h2>
      <p id="dl-report-hint" className="hint">
        Le bilan {year}
        {unitName ? ` de l’unité ${unitName}` : ' de toutes les unités'}, avec les mêmes tableaux que cette page.
      </p>
      <ul className="plain-list downloads__list">{group('report')}</ul>
      <p id="dl-cases-hint" className="hint">
        Une ligne par ménage visité en {year}, toutes unités : sans nom, contact ni adresse, sous un pseudonyme.
        Les caractéristiques trop rares sont masquées (« * »).
      </p>
      <ul className="plain-list downloads__list">{group('cases')}</ul>
      <p role="status" aria-live="polite" className={message && !message.ok ? 'alert alert--error' : 'small'}>
        {message?.text ?? ''}
      </p>
    </section>
  )
}

import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Link } from 'react-router'
import type { AttachmentKind, AttachmentRead, VisitRead } from '../api/types'
import { saveBlob } from '../api/reporting'
import { ConfirmStep } from '../components/ConfirmStep'
import { Feedback } from '../components/Feedback'
import { useFeedback } from '../components/useFeedback'
import { Loading, QueryError } from '../components/Status'
import { formatDateTime } from '../lib/datetime'
import { ApiError, normalizeFieldPath } from '../lib/errors'
import { ATTACHMENT_KIND_LABELS, label, options } from '../lib/labels'
import type { OutboxItem } from '../offline/db'
import { isNetworkFailure } from '../offline/drafts'
import { enqueue, newKey, pendingCreations } from '../offline/queue'
import { currentOwner, useLive } from '../offline/store'
import { fetchContent, uploadPath, useDeleteAttachment, useUploadAttachment, useVisitAttachments } from '../api/attachments'
import { ACCEPT, checkUpload, formatSize, IMAGE_ACCEPT, isPhotoKind, multipartOf, type FormProblem } from './upload'

type Errors = Partial<Record<FormProblem['field'] | 'caption', string>>

/** « Photo : compteur – chaudière au sous-sol »: the image's text alternative and the item's title. */
function describe(kind: string, caption: string): string {
  const text = label(ATTACHMENT_KIND_LABELS, kind as AttachmentKind)
  return caption ? `${text} – ${caption}` : text
}

const objectUrls = typeof URL.createObjectURL === 'function'

/**
 * « Photos et documents » of a visit: the pair (whoever may write the diagnostics) adds photos and
 * documents, online or queued on the device offline (src/offline/); everyone who reads the visit sees
 * the list. Thumbnails and PDFs are read with the session's token.
 */
export function VisitAttachments({ visit }: { visit: VisitRead }) {
  const householdId = visit.household.id
  const mayUpload = visit.allowed_actions.includes('write_technical_diagnostic')
  const list = useVisitAttachments(householdId, visit.id)
  const owner = currentOwner()
  const queued = useLive(() => pendingCreations(uploadPath(visit.id)), [owner, visit.id])
  const feedback = useFeedback()
  const heading = useRef<HTMLHeadingElement>(null)

  const items = list.data ?? []
  const waiting = queued ?? []
  return (
    <section className="card attachments" aria-labelledby="s-attachments">
      <h2 id="s-attachments" ref={heading} tabIndex={-1}>
        Photos et documents
      </h2>
      <Feedback message={feedback.message} />
      {mayUpload && (
        <UploadForm
          visit={visit}
          onDone={(text) => feedback.ok(text)}
          onQueued={(text) => feedback.ok(text)}
          onError={feedback.fail}
        />
      )}
      <h3 id="s-attachments-list">Pour cette visite</h3>
      {list.isPending && !waiting.length ? (
        <Loading />
      ) : list.isError && !(list.error instanceof ApiError && list.error.status === 0) ? (
        <QueryError error={list.error} />
      ) : (
        <>
          {list.isError && (
            <p className="muted">Hors ligne : la liste enregistrée sur le serveur n’est pas disponible sur cet appareil.</p>
          )}
          {!items.length && !waiting.length && !list.isError && <p>Aucune photo ni aucun document pour cette visite.</p>}
          {(items.length > 0 || waiting.length > 0) && (
            <ul className="plain-list attachment-list" aria-labelledby="s-attachments-list">
              {waiting.map((item) => (
                <QueuedAttachment key={item.id} item={item} />
              ))}
              {items.map((a) => (
                <AttachmentCard
                  key={a.id}
                  attachment={a}
                  householdId={householdId}
                  visitId={visit.id}
                  onDeleted={() => {
                    feedback.ok(`${isPhotoKind(a.kind) ? 'La photo a été supprimée' : 'Le document a été supprimé'} : ${describe(a.kind, a.caption)}.`)
                    heading.current?.focus()
                  }}
                  onError={(e) => {
                    feedback.fail(e)
                    if (e instanceof ApiError && e.status === 404) void list.refetch()
                  }}
                />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  )
}

function UploadForm({
  visit,
  onDone,
  onQueued,
  onError,
}: {
  visit: VisitRead
  onDone: (message: string) => void
  onQueued: (message: string) => void
  onError: (e: unknown) => void
}) {
  const [file, setFile] = useState<File | null>(null)
  const [kind, setKind] = useState<AttachmentKind | ''>('')
  const [caption, setCaption] = useState('')
  const [errors, setErrors] = useState<Errors>({})
  const [busy, setBusy] = useState(false)
  const upload = useUploadAttachment(visit.household.id, visit.id)
  const fileInput = useRef<HTMLInputElement>(null)
  const camera = useRef<HTMLInputElement>(null)
  const kindSelect = useRef<HTMLSelectElement>(null)
  const captionInput = useRef<HTMLInputElement>(null)

  const choose = (picked: File | null, from: 'file' | 'camera') => {
    setFile(picked)
    setErrors((e) => ({ ...e, file: undefined }))
    // One file at a time: the other input forgets its choice.
    const other = from === 'file' ? camera.current : fileInput.current
    if (other) other.value = ''
  }
  const show = (problems: Errors) => {
    setErrors(problems)
    const first = problems.file ? fileInput.current : problems.kind ? kindSelect.current : problems.caption ? captionInput.current : null
    first?.focus()
  }
  const reset = () => {
    setFile(null)
    setCaption('')
    if (fileInput.current) fileInput.current.value = ''
    if (camera.current) camera.current.value = ''
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (busy) return
    const problem = checkUpload(file, kind)
    if (problem || !file || !kind) {
      if (problem) show({ [problem.field]: problem.message })
      return
    }
    setErrors({})
    const multipart = multipartOf(file, kind, caption)
    // One key for this upload, kept by the queue: a retry after a lost answer stores nothing twice.
    const idempotencyKey = newKey()
    const photo = isPhotoKind(kind)
    const what = describe(kind, caption.trim())
    const queueIt = async () => {
      await enqueue({
        method: 'POST',
        path: uploadPath(visit.id),
        body: { kind, caption: caption.trim(), filename: file.name, size_bytes: file.size },
        label: `${what} – ${visit.household.display_name}`,
        visitId: visit.id,
        householdId: visit.household.id,
        multipart,
        idempotencyKey,
      })
      reset()
      onQueued(
        `Hors ligne : ${photo ? 'la photo est gardée' : 'le document est gardé'} sur cet appareil et sera ${photo ? 'envoyée' : 'envoyé'} au retour du réseau (${what}).`,
      )
    }
    setBusy(true)
    try {
      if (navigator.onLine === false) return await queueIt()
      // The visit's list is read again by the hook before the message.
      await upload.mutateAsync({ multipart, idempotencyKey })
      reset()
      onDone(`${photo ? 'Photo ajoutée' : 'Document ajouté'} : ${what}.`)
    } catch (err) {
      if (isNetworkFailure(err)) await queueIt()
      else if (err instanceof ApiError && (err.status === 413 || err.status === 415)) show({ file: err.detail })
      else if (err instanceof ApiError && err.fields.length) {
        const problems: Errors = {}
        for (const f of err.fields) {
          const field = normalizeFieldPath(f.field)
          const key = field === 'kind' || field === 'caption' ? field : 'file'
          problems[key] = problems[key] ?? f.message
        }
        show(problems)
      } else onError(err)
    } finally {
      setBusy(false)
    }
  }

  const described = (id: string, hint?: boolean) =>
    [hint ? `${id}-hint` : '', errors[id.replace('attachment-', '') as keyof Errors] ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined

  return (
    <form className="attachment-form" onSubmit={onSubmit} noValidate aria-labelledby="s-attachment-form">
      <h3 id="s-attachment-form">Ajouter une photo ou un document</h3>
      <div className={`field${errors.file ? ' field--invalid' : ''}`}>
        <label htmlFor="attachment-file">Fichier</label>
        <p id="attachment-file-hint" className="hint">
          Photo JPEG, PNG ou WebP, ou document PDF ; 15 Mo au plus. La position GPS et les autres métadonnées des photos sont effacées à
          l’envoi.
        </p>
        <div className="attachment-form__pick">
          <input
            id="attachment-file"
            ref={fileInput}
            type="file"
            accept={ACCEPT}
            aria-invalid={errors.file ? true : undefined}
            aria-describedby={described('attachment-file', true)}
            onChange={(e) => choose(e.target.files?.[0] ?? null, 'file')}
          />
          <button type="button" className="button button--secondary" onClick={() => camera.current?.click()}>
            Prendre une photo
          </button>
          <input
            ref={camera}
            type="file"
            accept={IMAGE_ACCEPT}
            capture="environment"
            hidden
            tabIndex={-1}
            aria-hidden="true"
            onChange={(e) => choose(e.target.files?.[0] ?? null, 'camera')}
          />
        </div>
        <p className="hint" aria-live="polite" data-testid="attachment-chosen">
          {file ? `Fichier choisi : ${file.name || 'photo'} (${formatSize(file.size)})` : ''}
        </p>
        {errors.file && (
          <p id="attachment-file-error" className="field-error">
            {errors.file}
          </p>
        )}
      </div>
      <div className={`field${errors.kind ? ' field--invalid' : ''}`}>
        <label htmlFor="attachment-kind">
          Type <span className="required">(obligatoire)</span>
        </label>
        <select
          id="attachment-kind"
          ref={kindSelect}
          value={kind}
          aria-required
          aria-invalid={errors.kind ? true : undefined}
          aria-describedby={described('attachment-kind')}
          onChange={(e) => {
            setKind(e.target.value as AttachmentKind | '')
            setErrors((x) => ({ ...x, kind: undefined }))
          }}
        >
          <option value="">Choisir le type</option>
          {options(ATTACHMENT_KIND_LABELS).map(([k, text]) => (
            <option key={k} value={k}>
              {text}
            </option>
          ))}
        </select>
        {errors.kind && (
          <p id="attachment-kind-error" className="field-error">
            {errors.kind}
          </p>
        )}
      </div>
      <div className={`field${errors.caption ? ' field--invalid' : ''}`}>
        <label htmlFor="attachment-caption">Légende</label>
        <p id="attachment-caption-hint" className="hint">
          Ce que montre la photo ou le document (300 caractères au plus).
        </p>
        <input
          id="attachment-caption"
          ref={captionInput}
          type="text"
          maxLength={300}
          value={caption}
          aria-invalid={errors.caption ? true : undefined}
          aria-describedby={described('attachment-caption', true)}
          onChange={(e) => setCaption(e.target.value)}
        />
        {errors.caption && (
          <p id="attachment-caption-error" className="field-error">
            {errors.caption}
          </p>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Envoi en cours…' : 'Ajouter à la visite'}
        </button>
      </div>
    </form>
  )
}

/** An object URL for a Blob while the component lives (revoked on unmount). */
function useObjectUrl(blob: Blob | null | undefined, key: unknown): string | null {
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => {
    if (!blob || !objectUrls) return
    const created = URL.createObjectURL(blob)
    setUrl(created)
    return () => {
      URL.revokeObjectURL(created)
      setUrl(null)
    }
    // One URL per item: the live queue hands out a new Blob object on every change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key])
  return url
}

/** A photo or document still on the device, waiting for the network (or refused: see /synchronisation). */
function QueuedAttachment({ item }: { item: OutboxItem }) {
  const file = item.multipart?.files[0]
  const kind = item.multipart?.fields.kind ?? ''
  const caption = item.multipart?.fields.caption ?? ''
  const image = !!file && file.blob.type.startsWith('image/')
  const url = useObjectUrl(image ? file?.blob : null, item.id)
  return (
    <li className="attachment attachment--queued">
      <div className="attachment__preview">
        {image ? (
          url && <img src={url} alt={describe(kind, caption)} className="attachment__image" />
        ) : (
          <p className="muted">{file ? `${file.filename} (${formatSize(file.blob.size)})` : ''}</p>
        )}
      </div>
      <div className="attachment__body">
        <p className="attachment__kind">
          <strong>{label(ATTACHMENT_KIND_LABELS, kind as AttachmentKind)}</strong>
        </p>
        {caption && <p className="attachment__caption">{caption}</p>}
        {item.status === 'pending' ? (
          <p className="badge badge--progress attachment__badge" data-testid="attachment-queued">
            En attente de synchronisation
          </p>
        ) : (
          <p className="field-error">
            Refusé par le serveur{item.error ? ` : ${item.error}` : ''} <Link to="/synchronisation">Voir la synchronisation</Link>
          </p>
        )}
        <p className="muted">Ajouté sur cet appareil le {formatDateTime(new Date(item.createdAt))}</p>
      </div>
    </li>
  )
}

/** A photo (its thumbnail, read with the session's token) or a PDF (downloaded on demand). */
function AttachmentCard({
  attachment: a,
  householdId,
  visitId,
  onDeleted,
  onError,
}: {
  attachment: AttachmentRead
  householdId: number
  visitId: number
  onDeleted: () => void
  onError: (e: unknown) => void
}) {
  const deleteAttachment = useDeleteAttachment(householdId, visitId)
  const image = a.content_type.startsWith('image/')
  const [blob, setBlob] = useState<Blob | null>(null)
  const [previewError, setPreviewError] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const deleteButton = useRef<HTMLButtonElement>(null)
  const url = useObjectUrl(blob, blob)
  const text = describe(a.kind, a.caption)

  useEffect(() => {
    if (!image) return
    let cancelled = false
    fetchContent(a)
      .then(({ blob: b }) => !cancelled && setBlob(b))
      .catch((e: unknown) => {
        if (!cancelled) setPreviewError(e instanceof ApiError && e.status === 0 ? 'Aperçu indisponible hors ligne.' : 'Aperçu indisponible.')
      })
    return () => {
      cancelled = true
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [a.id, image])

  const openPdf = async () => {
    try {
      const { blob: b, filename } = await fetchContent(a)
      saveBlob(b, filename)
    } catch (e) {
      onError(e)
    }
  }
  const remove = async () => {
    setBusy(true)
    try {
      // The visit's list is read again by the hook (this card leaves it) before the message.
      await deleteAttachment.mutateAsync(a.id)
      setConfirming(false)
      onDeleted()
    } catch (e) {
      setConfirming(false)
      onError(e)
      deleteButton.current?.focus()
    } finally {
      setBusy(false)
    }
  }
  const taken = a.taken_at ? `Prise le ${formatDateTime(a.taken_at)}. ` : ''
  return (
    <li className="attachment" data-testid={`attachment-${a.id}`}>
      <div className="attachment__preview">
        {image ? (
          url ? (
            <img src={url} alt={text} className="attachment__image" width={a.width ?? undefined} height={a.height ?? undefined} />
          ) : (
            <p className="muted">{previewError || 'Chargement de l’aperçu…'}</p>
          )
        ) : (
          <button type="button" className="button button--small button--secondary" onClick={() => void openPdf()}>
            Ouvrir le document (PDF)
          </button>
        )}
      </div>
      <div className="attachment__body">
        <p className="attachment__kind">
          <strong>{label(ATTACHMENT_KIND_LABELS, a.kind)}</strong>
        </p>
        {a.caption && <p className="attachment__caption">{a.caption}</p>}
        <p className="muted">
          {taken}Ajouté le {formatDateTime(a.created_at)}
          {a.created_by ? ` par ${a.created_by.full_name}` : ''} ({formatSize(a.size_bytes)}).
        </p>
        {a.allowed_actions.includes('delete') &&
          (confirming ? (
            <ConfirmStep
              id={`attachment-delete-${a.id}`}
              question={`Supprimer « ${text} » ? Le fichier sera effacé du serveur.`}
              busy={busy}
              onConfirm={() => void remove()}
              onCancel={() => {
                setConfirming(false)
                setTimeout(() => deleteButton.current?.focus(), 0)
              }}
            />
          ) : (
            <button
              type="button"
              ref={deleteButton}
              className="button button--small button--secondary"
              aria-label={`Supprimer : ${text}`}
              onClick={() => setConfirming(true)}
            >
              Supprimer
            </button>
          ))}
      </div>
    </li>
  )
}

// What an upload must be, checked before sending (the API sends, lists and deletes: src/api/attachments.ts).
import type { AttachmentKind } from '../api/types'
import { formatDecimal } from '../lib/format'
import type { MultipartBody } from '../offline/db'

/** What the API accepts (api/services/uploads.py checks the content itself; this only spares a trip). */
export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const
export const ACCEPT = ACCEPTED_TYPES.join(',')
export const IMAGE_ACCEPT = ACCEPTED_TYPES.filter((t) => t.startsWith('image/')).join(',')
/** The API's default `attachment_max_bytes` (api/settings.py). */
export const MAX_BYTES = 15 * 1024 * 1024
const EXTENSIONS: Record<string, (typeof ACCEPTED_TYPES)[number]> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  pdf: 'application/pdf',
}

export const isPhotoKind = (kind: string) => kind.startsWith('photo_')

/** "850 ko", "1,2 Mo". */
export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} ko`
  return `${formatDecimal((bytes / (1024 * 1024)).toFixed(1))} Mo`
}

/** The file's type as the browser says, or from its extension when it says nothing. */
export function fileType(file: Pick<File, 'type' | 'name'>): string {
  if (file.type) return file.type
  const ext = file.name.split('.').pop()?.toLowerCase() ?? ''
  return EXTENSIONS[ext] ?? ''
}

export interface FormProblem {
  field: 'file' | 'kind'
  message: string
}

/** What the API would refuse, said before sending (in French, for the field concerned); null if fine. */
export function checkUpload(file: Pick<File, 'type' | 'name' | 'size'> | null, kind: AttachmentKind | ''): FormProblem | null {
  if (!file) return { field: 'file', message: 'Choisissez un fichier ou prenez une photo.' }
  const type = fileType(file)
  if (/hei[cf]/i.test(type) || /\.hei[cf]$/i.test(file.name))
    return {
      field: 'file',
      message: 'Les photos HEIC ne sont pas acceptées : réglez l’appareil photo sur « le plus compatible » (JPEG), ou choisissez une copie en JPEG.',
    }
  if (!(ACCEPTED_TYPES as readonly string[]).includes(type))
    return { field: 'file', message: 'Type de fichier non accepté : photo JPEG, PNG ou WebP, ou document PDF.' }
  if (file.size === 0) return { field: 'file', message: 'Le fichier est vide.' }
  if (file.size > MAX_BYTES)
    return { field: 'file', message: `Fichier trop volumineux (${formatSize(file.size)}) : au plus 15 Mo.` }
  if (!kind) return { field: 'kind', message: 'Choisissez le type de photo ou de document.' }
  if (isPhotoKind(kind) && type === 'application/pdf')
    return { field: 'kind', message: 'Une photo doit être une image (JPEG, PNG ou WebP) ; pour un PDF, choisissez un type de document.' }
  return null
}

/** When the device took the photo (the file's date), if plausible for the API (since 2000, not ahead). */
export function takenAtOf(file: Pick<File, 'type' | 'name' | 'lastModified'>, now = Date.now()): string | null {
  if (!fileType(file).startsWith('image/') || !file.lastModified) return null
  if (file.lastModified < Date.UTC(2000, 0, 1) || file.lastModified > now) return null
  return new Date(file.lastModified).toISOString()
}

/** The upload's form: the file (kept as it is) and its fields. */
export function multipartOf(file: File, kind: AttachmentKind, caption: string): MultipartBody {
  const fields: Record<string, string> = { kind, caption: caption.trim() }
  const takenAt = takenAtOf(file)
  if (takenAt) fields.taken_at = takenAt
  return { fields, files: [{ field: 'file', blob: file, filename: file.name || 'photo.jpg' }] }
}

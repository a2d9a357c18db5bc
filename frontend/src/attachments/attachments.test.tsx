import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { AttachmentRead, VisitRead } from '../api/types'
import { db, type MultipartBody } from '../offline/db'
import { enqueue, queueItems } from '../offline/queue'
import { setOwner } from '../offline/store'
import { runSync } from '../offline/sync'
import { jsonResponse } from '../test/renderApp'
import { uploadPath } from '../api/attachments'
import { checkUpload, MAX_BYTES, multipartOf, takenAtOf } from './upload'
import { VisitAttachments } from './VisitAttachments'

/**
 * jsdom's Blob cannot go through IndexedDB's structured clone (fake-indexeddb uses Node's) nor into the
 * Request's multipart body; a browser's can. The queue tests therefore use Node's Blob and FormData,
 * as a browser would hand them over.
 */
const NodeFormData = async () => (await new Response(new URLSearchParams('a=1')).formData()).constructor as typeof FormData
const NodeBlob = (await new Response('').blob()).constructor as typeof Blob
const jpegBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 0x00, 0x10, 0x45, 0x78, 0x69, 0x66, 0xff, 0xd9])
const photo = (): MultipartBody => ({
  fields: { kind: 'photo_damp_mould', caption: 'Salle de bain, angle nord', taken_at: '2026-11-28T09:15:00.000Z' },
  files: [{ field: 'file', blob: new NodeBlob([jpegBytes], { type: 'image/jpeg' }), filename: 'IMG_0042.jpg' }],
})

beforeEach(async () => {
  setOwner(1)
  await Promise.all([db.outbox.clear(), db.drafts.clear()])
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  session.clear()
})

describe('client-side checks', () => {
  const file = (name: string, type: string, size: number) => ({ name, type, size })
  it('refuses what the API would refuse, in French, for the field concerned', () => {
    expect(checkUpload(null, 'photo_meter')).toEqual({ field: 'file', message: 'Choisissez un fichier ou prenez une photo.' })
    expect(checkUpload(file('a.jpg', 'image/jpeg', MAX_BYTES + 1), 'photo_meter')).toEqual({
      field: 'file',
      message: 'Fichier trop volumineux (15 Mo) : au plus 15 Mo.',
    })
    expect(checkUpload(file('a.jpg', 'image/jpeg', MAX_BYTES), 'photo_meter')).toBeNull()
    expect(checkUpload(file('a.gif', 'image/gif', 10), 'photo_meter')?.message).toBe(
      'Type de fichier non accepté : photo JPEG, PNG ou WebP, ou document PDF.',
    )
    expect(checkUpload(file('IMG_1.HEIC', '', 10), 'photo_meter')?.message).toMatch(/^Les photos HEIC ne sont pas acceptées/)
    expect(checkUpload(file('scan.pdf', '', 10), 'document_bill')).toBeNull() // no type given: the extension says PDF
    expect(checkUpload(file('scan.pdf', 'application/pdf', 10), '')).toEqual({ field: 'kind', message: 'Choisissez le type de photo ou de document.' })
    expect(checkUpload(file('scan.pdf', 'application/pdf', 10), 'photo_meter')?.field).toBe('kind')
    expect(checkUpload(file('vide.jpg', 'image/jpeg', 0), 'photo_meter')?.message).toBe('Le fichier est vide.')
  })

  it('sends the photo’s date only when the API would accept it', () => {
    const now = Date.UTC(2026, 10, 30)
    expect(takenAtOf({ name: 'a.jpg', type: 'image/jpeg', lastModified: Date.UTC(2026, 10, 28, 9) }, now)).toBe('2026-11-28T09:00:00.000Z')
    expect(takenAtOf({ name: 'a.jpg', type: 'image/jpeg', lastModified: Date.UTC(1999, 0, 1) }, now)).toBeNull()
    expect(takenAtOf({ name: 'a.jpg', type: 'image/jpeg', lastModified: now + 1000 }, now)).toBeNull()
    expect(takenAtOf({ name: 'a.pdf', type: 'application/pdf', lastModified: Date.UTC(2026, 10, 28) }, now)).toBeNull()
    const form = multipartOf(new File(['x'], 'a.pdf', { type: 'application/pdf' }), 'document_dpe', '  DPE 2019 ')
    expect(form.fields).toEqual({ kind: 'document_dpe', caption: 'DPE 2019' })
    expect(form.files[0]).toMatchObject({ field: 'file', filename: 'a.pdf' })
  })
})

describe('an upload in the outbox', () => {
  it('keeps the file as a Blob with its fields, and the key an online attempt already used', async () => {
    const id = await enqueue({
      method: 'POST',
      path: uploadPath(7),
      body: { kind: 'photo_damp_mould' },
      label: 'Photo : humidité, moisissures – Famille Martin',
      visitId: 7,
      householdId: 3,
      multipart: photo(),
      idempotencyKey: 'online-attempt-key-0001',
    })
    const stored = await db.outbox.get(id)
    expect(stored).toMatchObject({ method: 'POST', path: '/api/v1/visits/7/attachments', idempotencyKey: 'online-attempt-key-0001', baseVersion: null, status: 'pending' })
    expect(stored?.multipart?.fields).toEqual(photo().fields)
    const file = stored!.multipart!.files[0]
    expect(file.filename).toBe('IMG_0042.jpg')
    expect(file.blob.type).toBe('image/jpeg')
    expect(new Uint8Array(await file.blob.arrayBuffer())).toEqual(jpegBytes)
    // A second photo is a second item (creations are never merged).
    await enqueue({ method: 'POST', path: uploadPath(7), body: {}, label: 'Photo 2', multipart: photo() })
    expect((await queueItems()).map((i) => i.idempotencyKey)).toEqual(['online-attempt-key-0001', expect.stringMatching(/.{16,}/)])
  })

  it('is sent as multipart/form-data built from the stored Blob, with the same key on every retry', async () => {
    vi.stubGlobal('FormData', await NodeFormData())
    const sent: { key: string | null; type: string | null; form: FormData }[] = []
    let networkUp = false
    vi.stubGlobal('fetch', async (req: Request) => {
      if (!networkUp) throw new TypeError('Failed to fetch')
      sent.push({ key: req.headers.get('Idempotency-Key'), type: req.headers.get('Content-Type'), form: await req.formData() })
      if (sent.length === 1) return jsonResponse(503, { error: 'unavailable', detail: 'Indisponible.' })
      return jsonResponse(201, { id: 41 })
    })
    await enqueue({ method: 'POST', path: uploadPath(7), body: {}, label: 'Photo', multipart: photo() })
    const key = (await queueItems())[0].idempotencyKey

    expect(await runSync()).toBe(0) // no network: kept
    expect(await queueItems()).toHaveLength(1)
    networkUp = true
    expect(await runSync()).toBe(0) // the server failed (503): kept, sent again later
    expect(await runSync()).toBe(1)
    expect(await queueItems()).toHaveLength(0)

    expect(sent.map((s) => s.key)).toEqual([key, key])
    const { form, type } = sent[1]
    expect(type).toMatch(/^multipart\/form-data; boundary=/)
    expect(form.get('kind')).toBe('photo_damp_mould')
    expect(form.get('caption')).toBe('Salle de bain, angle nord')
    expect(form.get('taken_at')).toBe('2026-11-28T09:15:00.000Z')
    const file = form.get('file') as File
    expect(file.name).toBe('IMG_0042.jpg')
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(jpegBytes)
  })

  it('shows a 409 on an upload as a refusal with its message (there are no fields to compare)', async () => {
    vi.stubGlobal('FormData', await NodeFormData())
    vi.stubGlobal('fetch', async () =>
      jsonResponse(409, { error: 'conflict', detail: 'Cette clé d’envoi a déjà servi pour un autre fichier.' }),
    )
    await enqueue({ method: 'POST', path: uploadPath(7), body: {}, label: 'Photo', multipart: photo() })
    expect(await runSync()).toBe(0)
    expect((await queueItems()).map((i) => [i.status, i.error])).toEqual([['failed', 'Cette clé d’envoi a déjà servi pour un autre fichier.']])
  })
})

const visit = (actions: string[]) =>
  ({ id: 7, household: { id: 3, display_name: 'Famille Martin', commune: 'Dole' }, allowed_actions: actions }) as unknown as VisitRead

const attachment = (over: Partial<AttachmentRead>): AttachmentRead => ({
  id: 11,
  household_id: 3,
  visit_id: 7,
  kind: 'document_dpe',
  technical: false,
  content_type: 'application/pdf',
  size_bytes: 120_000,
  width: null,
  height: null,
  sha256: 'a'.repeat(64),
  caption: 'DPE de 2019',
  taken_at: null,
  created_by: { id: 2, full_name: 'Claire Animatrice' },
  created_at: '2026-11-28T09:15:00Z',
  client_key: null,
  content_url: '/api/v1/attachments/11/content',
  allowed_actions: ['delete'],
  ...over,
})

function renderSection(actions: string[], items: AttachmentRead[], onDelete?: (id: string) => Response) {
  const calls: string[] = []
  vi.stubGlobal('fetch', async (req: Request) => {
    const url = new URL(req.url)
    calls.push(`${req.method} ${url.pathname}`)
    if (req.method === 'GET' && url.pathname === '/api/v1/households/3/attachments') {
      expect(url.searchParams.get('visit_id')).toBe('7')
      return jsonResponse(200, { items, total: items.length, limit: 100, offset: 0, next: null })
    }
    const del = /^\/api\/v1\/attachments\/(\d+)$/.exec(url.pathname)
    if (req.method === 'DELETE' && del && onDelete) return onDelete(del[1])
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <VisitAttachments visit={visit(actions)} />
      </MemoryRouter>
    </QueryClientProvider>,
  )
  return calls
}

describe('« Photos et documents »', () => {
  it('is read-only for who may not write the diagnostics', async () => {
    renderSection(['read_syntheses'], [attachment({ allowed_actions: [] })])
    const section = screen.getByRole('region', { name: 'Photos et documents' })
    expect(await within(section).findByText('Document : DPE')).toBeInTheDocument()
    expect(within(section).getByText('DPE de 2019')).toBeInTheDocument()
    expect(within(section).getByText(/Ajouté le 28\/11\/2026 à 10:15 par Claire Animatrice/)).toBeInTheDocument()
    expect(within(section).getByRole('button', { name: 'Ouvrir le document (PDF)' })).toBeInTheDocument()
    expect(within(section).queryByLabelText('Fichier')).toBeNull()
    expect(within(section).queryByRole('button', { name: /Supprimer/ })).toBeNull()
  })

  it('ties the client-side checks to their field and moves focus there', async () => {
    const user = userEvent.setup()
    const calls = renderSection(['write_technical_diagnostic'], [])
    expect(await screen.findByText('Aucune photo ni aucun document pour cette visite.')).toBeInTheDocument()
    const input = screen.getByLabelText('Fichier')
    expect(input).toHaveAttribute('accept', 'image/jpeg,image/png,image/webp,application/pdf')
    expect(screen.getByRole('button', { name: 'Prendre une photo' })).toBeInTheDocument()
    expect(document.querySelector('input[capture="environment"]')).not.toBeNull()

    await user.click(screen.getByRole('button', { name: 'Ajouter à la visite' }))
    expect(input).toHaveAttribute('aria-invalid', 'true')
    expect(input).toHaveAccessibleDescription(/Choisissez un fichier ou prenez une photo\./)
    expect(input).toHaveFocus()

    await user.upload(input, new File(['%PDF-1.7'], 'dpe.pdf', { type: 'application/pdf' }))
    expect(screen.getByTestId('attachment-chosen')).toHaveTextContent('Fichier choisi : dpe.pdf (1 ko)')
    await user.selectOptions(screen.getByLabelText(/^Type/), 'photo_meter')
    await user.click(screen.getByRole('button', { name: 'Ajouter à la visite' }))
    const kind = screen.getByLabelText(/^Type/)
    expect(kind).toHaveAttribute('aria-invalid', 'true')
    expect(kind).toHaveAccessibleDescription(/Une photo doit être une image/)
    expect(kind).toHaveFocus()

    const big = new File(['x'], 'grande.jpg', { type: 'image/jpeg' })
    Object.defineProperty(big, 'size', { value: 20 * 1024 * 1024 })
    await user.upload(input, big)
    await user.click(screen.getByRole('button', { name: 'Ajouter à la visite' }))
    expect(input).toHaveAccessibleDescription(/Fichier trop volumineux \(20 Mo\) : au plus 15 Mo\./)
    expect(calls.filter((c) => c.startsWith('POST'))).toEqual([]) // nothing was sent
  })

  it('deletes only after the confirmation step, and says why in French when the API refuses', async () => {
    const user = userEvent.setup()
    let answer = jsonResponse(403, { error: 'forbidden', detail: 'Seuls son auteur, la coordination SLIME et l’encadrement peuvent supprimer cette photo ou ce document.' })
    const calls = renderSection(['write_technical_diagnostic'], [attachment({})], () => answer)
    await user.click(await screen.findByRole('button', { name: 'Supprimer : Document : DPE – DPE de 2019' }))
    const confirm = screen.getByRole('alertdialog', { name: /Supprimer « Document : DPE – DPE de 2019 » \?/ })
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([])
    await user.click(within(confirm).getByRole('button', { name: 'Annuler' }))
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual([])

    await user.click(screen.getByRole('button', { name: /^Supprimer : / }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Confirmer' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Seuls son auteur, la coordination SLIME')
    expect(calls.filter((c) => c.startsWith('DELETE'))).toEqual(['DELETE /api/v1/attachments/11'])

    answer = jsonResponse(404, { error: 'not_found', detail: 'Photo ou document introuvable.' })
    await user.click(screen.getByRole('button', { name: /^Supprimer : / }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Confirmer' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Photo ou document introuvable.'))
  })
})

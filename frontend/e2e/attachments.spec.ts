import { readFileSync } from 'node:fs'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { ADVISOR, apiToken, COORDINATOR, login, parisDayFromNow } from './helpers'

/**
 * Issue 21 point 6: the visit's photos, online and offline. The fixture is a 2600 × 1700 JPEG whose EXIF
 * carries a GPS position (46°05'30" N, 5°29'10" E), made once with Pillow:
 *   exif = Image.Exif(); exif[0x010F] = "TestCam"; exif[0x8825] = {1: "N", 2: (46.0, 5.0, 30.0), 3: "E", 4: (5.0, 29.0, 10.0)}
 *   img.save("e2e/fixtures/photo-gps.jpg", "JPEG", quality=70, exif=exif.tobytes())  # img: 2600 × 1700, a few shapes
 * The server must keep neither the EXIF nor more than 2048 px on the long side.
 */
const FIXTURE = new URL('./fixtures/photo-gps.jpg', import.meta.url).pathname
const KIND = 'Photo : humidité, moisissures'

interface JpegFacts {
  exif: boolean
  gps: boolean
  width: number
  height: number
}

/** Walks the JPEG's segments: an APP1 "Exif" segment (and a GPS IFD in it), and the frame's size. */
function jpegFacts(bytes: Buffer): JpegFacts {
  expect(bytes.readUInt16BE(0), 'a JPEG starts with SOI').toBe(0xffd8)
  const facts: JpegFacts = { exif: false, gps: false, width: 0, height: 0 }
  let i = 2
  while (i + 4 <= bytes.length) {
    expect(bytes[i], `a segment marker at ${i}`).toBe(0xff)
    const marker = bytes[i + 1]
    if (marker === 0xda) break // start of scan: no more headers
    const length = bytes.readUInt16BE(i + 2)
    const segment = bytes.subarray(i + 4, i + 2 + length)
    if (marker === 0xe1 && segment.subarray(0, 6).toString('latin1') === 'Exif\0\0') {
      facts.exif = true
      // The GPS IFD pointer tag (0x8825), in either byte order.
      facts.gps = segment.includes(Buffer.from([0x88, 0x25])) || segment.includes(Buffer.from([0x25, 0x88]))
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      facts.height = segment.readUInt16BE(1)
      facts.width = segment.readUInt16BE(3)
    }
    i += 2 + length
  }
  return facts
}

test('the fixture does carry a GPS position in its EXIF (so the checks below can fail)', () => {
  expect(jpegFacts(readFileSync(FIXTURE))).toEqual({ exif: true, gps: true, width: 2600, height: 1700 })
})

interface Setup {
  auth: Record<string, string>
  householdId: number
  visitId: number
  /** The household's display name (the visit page's title, the queue's labels). */
  name: string
}

/** A household and a planned visit of the coordinator and the demo advisor in the next days. */
async function householdWithVisit(request: APIRequestContext, prefix: string): Promise<Setup> {
  const auth = { Authorization: `Bearer ${await apiToken(request, COORDINATOR)}` }
  const lastName = `${prefix}${Date.now().toString(36)}`
  const created = await request.post('/api/v1/households', {
    headers: auth,
    data: {
      first_name: 'Léa',
      last_name: lastName,
      commune: 'Dole',
      postcode: '39100',
      tenure: 'private_tenant',
      members: [{ first_name: 'Léa', birth_year: 1980, relation: 'applicant' }],
      dwelling: { dwelling_type: 'apartment', construction_period: 'before_1975', surface_m2: '55.0', altitude_class: 'below_400', main_heating_energy: 'electricity' },
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const householdId = ((await created.json()) as { id: number }).id
  const me = (await (await request.get('/api/v1/auth/me', { headers: auth })).json()) as { id: number }
  const advisors = ((await (await request.get('/api/v1/users?role=advisor', { headers: auth })).json()) as { items: { id: number; email: string }[] }).items
  const advisorId = advisors.find((u) => u.email === ADVISOR)!.id
  const slots = await request.get(
    `/api/v1/agenda/free-slots?user_id=${me.id}&user_id=${advisorId}&start=${parisDayFromNow(1)}&end=${parisDayFromNow(5)}&duration_minutes=120`,
    { headers: auth },
  )
  expect(slots.ok(), await slots.text()).toBeTruthy()
  const items = ((await slots.json()) as { items: { starts_at: string }[] }).items
  const booked = await request.post('/api/v1/visits', {
    headers: auth,
    data: { household_id: householdId, coordinator_id: me.id, advisor_id: advisorId, starts_at: items[0].starts_at },
  })
  expect(booked.status(), await booked.text()).toBe(201)
  const visit = (await booked.json()) as { id: number; household: { display_name: string } }
  return { auth, householdId, visitId: visit.id, name: visit.household.display_name }
}

interface Listed {
  id: number
  kind: string
  caption: string
  width: number
  height: number
  content_url: string
  client_key: string | null
}

async function listed(request: APIRequestContext, s: Setup): Promise<Listed[]> {
  const res = await request.get(`/api/v1/households/${s.householdId}/attachments?visit_id=${s.visitId}`, { headers: s.auth })
  expect(res.status()).toBe(200)
  return ((await res.json()) as { items: Listed[] }).items
}

/** The stored file, fetched through the API: a JPEG without EXIF (no GPS), at most 2048 px long. */
async function expectCleanPhoto(request: APIRequestContext, s: Setup, item: Listed) {
  const res = await request.get(item.content_url, { headers: s.auth })
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toBe('image/jpeg')
  const bytes = await res.body()
  const facts = jpegFacts(bytes)
  expect(facts).toMatchObject({ exif: false, gps: false })
  expect(bytes.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false)
  expect(Math.max(facts.width, facts.height)).toBe(2048) // 2600 × 1700 reduced, proportions kept
  expect(facts.height).toBe(Math.round((1700 * 2048) / 2600))
  expect([item.width, item.height]).toEqual([facts.width, facts.height])
}

function section(page: Page) {
  return page.getByRole('region', { name: 'Photos et documents' })
}

async function addPhoto(page: Page, caption: string) {
  const s = section(page)
  await s.getByLabel('Fichier', { exact: true }).setInputFiles(FIXTURE)
  await expect(s.getByTestId('attachment-chosen')).toHaveText(/Fichier choisi : photo-gps\.jpg \(\d+ ko\)/)
  await s.getByLabel(/^Type/).selectOption({ label: KIND })
  await s.getByLabel('Légende').fill(caption)
  await s.getByRole('button', { name: 'Ajouter à la visite' }).click()
}

test('online: the coordinator adds a photo; the server keeps it without its GPS EXIF, at most 2048 px; then deletes it', async ({ page, request }) => {
  const s = await householdWithVisit(request, 'Photos')
  await login(page, COORDINATOR)
  await page.goto(`/visites/${s.visitId}`)
  await expect(section(page).getByText('Aucune photo ni aucun document pour cette visite.')).toBeVisible()

  // A PDF kind with a photo is refused before sending, next to the field.
  await section(page).getByLabel('Fichier', { exact: true }).setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') })
  await section(page).getByRole('button', { name: 'Ajouter à la visite' }).click()
  await expect(section(page).getByLabel('Fichier', { exact: true })).toHaveAccessibleDescription(/Type de fichier non accepté/)

  await addPhoto(page, 'Moisissures au plafond de la salle de bain')
  const alt = `${KIND} – Moisissures au plafond de la salle de bain`
  await expect(section(page).getByRole('status')).toHaveText(`Photo ajoutée : ${alt}.`)
  const thumbnail = section(page).getByRole('img', { name: alt })
  await expect(thumbnail).toBeVisible()
  // The thumbnail is the server's copy, read with the session's token into an object URL.
  expect(await thumbnail.getAttribute('src')).toMatch(/^blob:/)
  expect(await thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048)
  await expect(section(page).getByText(/Ajouté le \d\d\/\d\d\/\d{4} à \d\d:\d\d par /)).toBeVisible()

  const items = await listed(request, s)
  expect(items).toHaveLength(1)
  expect(items[0]).toMatchObject({ kind: 'photo_damp_mould', caption: 'Moisissures au plafond de la salle de bain' })
  await expectCleanPhoto(request, s, items[0])

  await expectNoSeriousA11yViolations(page, 'the visit’s photos and documents')
  // A phone: the section reflows at 360 px with no horizontal scroll.
  await page.setViewportSize({ width: 360, height: 740 })
  await expect(thumbnail).toBeVisible()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)

  // Deleting asks first.
  await section(page).getByRole('button', { name: `Supprimer : ${alt}` }).click()
  const confirm = section(page).getByRole('alertdialog')
  await expect(confirm).toBeFocused()
  await confirm.getByRole('button', { name: 'Confirmer' }).click()
  await expect(section(page).getByRole('status')).toHaveText(`La photo a été supprimée : ${alt}.`)
  await expect(section(page).getByText('Aucune photo ni aucun document pour cette visite.')).toBeVisible()
  expect(await listed(request, s)).toHaveLength(0)
})

test('offline: a photo taken with no network waits on the device, survives a reload, and reaches the server once without its GPS EXIF', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000)
  const s = await householdWithVisit(request, 'PhotoHorsLigne')
  await login(page, COORDINATOR)
  await page.getByRole('button', { name: 'Préparer mes visites' }).click()
  await expect(page.getByTestId('prepare-status')).toContainText(/visites? prêtes? hors ligne/)
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
  })

  await context.setOffline(true)
  await page.goto(`/visites/${s.visitId}`)
  await expect(page.getByRole('heading', { level: 1, name: `Visite : ${s.name}` })).toBeVisible()
  await expect(section(page).getByText('Aucune photo ni aucun document pour cette visite.')).toBeVisible() // the prepared list
  await addPhoto(page, 'Sous l’évier')
  const alt = `${KIND} – Sous l’évier`
  await expect(section(page).getByRole('status')).toContainText('Hors ligne : la photo est gardée sur cet appareil')
  await expect(section(page).getByTestId('attachment-queued')).toHaveText('En attente de synchronisation')
  const local = section(page).getByRole('img', { name: alt })
  await expect(local).toBeVisible()
  expect(await local.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2600) // the device's own copy
  await expect(page.getByTestId('sync-badge')).toContainText('Hors ligne : 1 modification en attente')
  await expectNoSeriousA11yViolations(page, 'the visit’s photos offline')

  // A reload with the network still cut: the photo is still on the device.
  await page.reload()
  await expect(section(page).getByTestId('attachment-queued')).toHaveText('En attente de synchronisation')
  await expect(section(page).getByRole('img', { name: alt })).toBeVisible()
  await page.goto('/synchronisation')
  await expect(page.getByText(`${alt} – ${s.name} – En attente`)).toBeVisible()
  expect(await listed(request, s)).toHaveLength(0)

  // The network returns: sent once, and the page shows the server's copy.
  await page.goto(`/visites/${s.visitId}`)
  await context.setOffline(false)
  await expect(page.getByTestId('sync-badge')).toHaveCount(0, { timeout: 20_000 })
  await expect(section(page).getByTestId('attachment-queued')).toHaveCount(0)
  const server = section(page).getByRole('img', { name: alt })
  await expect(server).toBeVisible()
  await expect.poll(() => server.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(2048)
  const items = await listed(request, s)
  expect(items).toHaveLength(1)
  expect(items[0]).toMatchObject({ kind: 'photo_damp_mould', caption: 'Sous l’évier' })
  expect(items[0].client_key).toMatch(/.{16,}/)
  await expectCleanPhoto(request, s, items[0])
})

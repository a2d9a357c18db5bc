import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { apiToken, COORDINATOR, frenchDate, login, MANAGER, parisDayFromNow } from './helpers'

/** No horizontal scroll outside the tables' own scrolling area (RGAA reflow at 320 px). */
async function expectNoPageScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
}

test('a manager answers a subject access request, sees who read the record, and filters the journal', async ({
  page,
  request,
}) => {
  // Claire (coordinator) reads the Jacquet household: someone's read to find afterwards.
  const token = await apiToken(request, COORDINATOR)
  const auth = { Authorization: `Bearer ${token}` }
  const found = await request.get('/api/v1/households', { params: { q: 'Jacquet' }, headers: auth })
  const householdId = ((await found.json()) as { items: { id: number }[] }).items[0].id
  expect((await request.get(`/api/v1/households/${householdId}`, { headers: auth })).ok()).toBeTruthy()

  await login(page, MANAGER)
  await page.goto(`/menages/${householdId}`)
  const privacy = page.getByRole('region', { name: 'Données personnelles (RGPD)' })
  await expect(privacy).toBeVisible()
  await expect(privacy.getByRole('button', { name: /Effacer/ })).toHaveCount(0) // erasure is the admin's

  // Subject access as a PDF: an authenticated download, a real PDF.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    privacy.getByRole('button', { name: 'Télécharger les données (PDF)' }).click(),
  ])
  expect(download.suggestedFilename()).toBe(`acces-donnees-${householdId}.pdf`)
  const chunks: Buffer[] = []
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer)
  expect(Buffer.concat(chunks).subarray(0, 4).toString('latin1')).toBe('%PDF')
  await expect(privacy.getByRole('status').filter({ hasText: 'téléchargé' })).toBeVisible()

  // Who read this record: Claire's read, in French.
  await expect(privacy.getByRole('heading', { name: 'Qui a consulté ce dossier' })).toBeVisible()
  await privacy.getByRole('button', { name: 'Afficher les accès au dossier' }).click()
  const log = privacy.getByRole('table', { name: 'Qui a consulté ce dossier' })
  const claireRead = log.getByRole('row').filter({ hasText: 'Claire Martin' }).filter({ hasText: 'Consultation' })
  await expect(claireRead.first()).toContainText('Ménage')
  // The subject access export of a moment ago is there too, under its French name.
  await expect(log.getByRole('row').filter({ hasText: 'Accès aux données (RGPD)' }).first()).toContainText('Sophie Durand')
  await expectNoSeriousA11yViolations(page, 'household page, GDPR section')

  // The journal, filtered by person: names and French labels, the filter in the address.
  await page.goto('/journal')
  await expect(page.getByRole('heading', { level: 1, name: "Journal d'audit" })).toBeVisible()
  await page.getByLabel('Personne', { exact: true }).selectOption({ label: 'Claire Martin' })
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Consultation' })
  // From today, typed the French way: one Tab stop per date (a native date field has three), ISO in the address.
  const today = parisDayFromNow(0)
  const from = page.getByLabel('Du', { exact: true })
  await from.fill(frenchDate(today))
  await from.press('Tab')
  await expect(page.getByLabel('Au (inclus)')).toBeFocused()
  await page.getByRole('button', { name: 'Filtrer' }).click()
  await expect(page).toHaveURL(/personne=\d+/)
  await expect(page).toHaveURL(/action=read/)
  await expect(page).toHaveURL(new RegExp(`du=${today}`))
  await expect(page.getByLabel('Du', { exact: true })).toHaveValue(frenchDate(today))
  const table = page.getByRole('table', { name: "Événements du journal d'audit" })
  const rows = table.getByRole('row').filter({ has: page.getByRole('cell') })
  await expect(rows.first()).toContainText('Claire Martin')
  await expect(rows.first()).toContainText('Consultation')
  const people = await table.getByRole('rowheader').allTextContents()
  expect(new Set(people)).toEqual(new Set(['Claire Martin']))
  await expect(table.getByRole('link', { name: 'JACQUET Hélène' }).first()).toBeVisible()
  await expect(page.getByRole('button', { name: 'Télécharger en CSV' })).toBeEnabled()
  await expectNoSeriousA11yViolations(page, 'audit journal')

  // Reflow at 320 px: only the tables scroll sideways.
  await page.setViewportSize({ width: 320, height: 800 })
  await expectNoPageScroll(page)
  await page.goto(`/menages/${householdId}`)
  await expect(privacy).toBeVisible()
  await expectNoPageScroll(page)
})

import { stat } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { apiToken, login, MANAGER } from './helpers'

interface Campaign {
  year: number
  units: { id: number; name: string }[]
}

test('dashboard: the manager follows the objective per unit, filters and downloads the XLSX', async ({ page, request }) => {
  test.setTimeout(120_000)
  const cspViolations: string[] = []
  page.on('console', (msg) => {
    if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text())
  })

  // The demo campaigns: this year's and last year's, each with its own units.
  const token = await apiToken(request, MANAGER)
  const res = await request.get('/api/v1/campaigns', { headers: { Authorization: `Bearer ${token}` } })
  expect(res.ok()).toBeTruthy()
  const campaigns = ((await res.json()) as { items: Campaign[] }).items
  const year = new Date().getFullYear()
  const current = campaigns.find((c) => c.year === year)
  const previous = campaigns.find((c) => c.year === year - 1)
  expect(current && previous, 'demo campaigns for this year and last year').toBeTruthy()
  expect(current!.units.length).toBeGreaterThan(1)

  await login(page, MANAGER)
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: "Bilan d'activité" }).click()
  await expect(page.getByRole('heading', { level: 1, name: "Bilan d'activité" })).toBeVisible()
  await expect(page.getByLabel('Année de campagne')).toHaveValue(String(year))

  // This year's objective, unit by unit, with a total row.
  const objective = page.getByTestId('objective-table')
  await expect(objective.getByRole('caption')).toHaveText(`Objectif et visites réalisées en ${year}`)
  for (const unit of current!.units) await expect(objective.getByRole('row', { name: new RegExp(unit.name) })).toBeVisible()
  await expect(objective.getByRole('row', { name: /^Total/ })).toBeVisible()
  await expect(page.getByTestId('headline')).toContainText('Coût par ménage visité')
  // The charts are drawn on canvases (under the Content-Security-Policy) and described for screen readers.
  const progressChart = page.getByRole('img', { name: /Courbes des visites cumulées/ })
  await expect(progressChart).toBeVisible()
  expect((await progressChart.boundingBox())!.height).toBeGreaterThan(100)
  await expect(page.getByTestId('referrals-by-kind')).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'dashboard')

  // One unit only.
  const [first, second] = current!.units
  await page.getByRole('combobox', { name: 'Unité territoriale' }).selectOption({ label: second.name })
  await page.getByRole('button', { name: 'Afficher' }).click()
  await expect(page).toHaveURL(new RegExp(`unite=${second.id}`))
  await expect(page.getByRole('heading', { level: 2, name: new RegExp(second.name) })).toBeVisible()
  await expect(objective.getByRole('row', { name: new RegExp(second.name) })).toBeVisible()
  await expect(objective.getByRole('row', { name: new RegExp(first.name) })).toHaveCount(0)

  // Last year: its own units are offered, the unit filter is reset.
  await page.getByLabel('Année de campagne').selectOption(String(year - 1))
  await expect(page.getByRole('combobox', { name: 'Unité territoriale' })).toHaveValue('')
  await page.getByRole('button', { name: 'Afficher' }).click()
  await expect(page).toHaveURL(new RegExp(`annee=${year - 1}`))
  await expect(objective.getByRole('caption')).toHaveText(`Objectif et visites réalisées en ${year - 1}`)
  for (const unit of previous!.units) await expect(objective.getByRole('row', { name: new RegExp(unit.name) })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Bilan' })).toHaveText(`Bilan ${year - 1} affiché.`)

  // The XLSX download, fetched with the token and saved from a blob.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Télécharger : Bilan (Excel, XLSX)' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  const size = (await stat(await download.path())).size
  expect(size).toBeGreaterThan(0)
  await expect(page.getByRole('status').filter({ hasText: 'téléchargé' })).toContainText(download.suggestedFilename())

  // The pseudonymised cases extract, as CSV.
  const downloadingCases = page.getByRole('button', { name: /dossiers pseudonymisés \(CSV\)/ })
  const casesEvent = page.waitForEvent('download')
  await downloadingCases.click()
  expect((await casesEvent).suggestedFilename()).toMatch(/\.csv$/)

  await expectNoSeriousA11yViolations(page, 'dashboard, last year')
  expect(cspViolations, 'no Content-Security-Policy violation').toEqual([])
})

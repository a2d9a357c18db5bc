import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { ADVISOR, COORDINATOR, login, logout } from './helpers'

const SEARCH = 'Rechercher un ménage, une demande, un compte rendu'

test('a coordinator finds a household by phone or name, follows its timeline; the next person lands at home', async ({ page }) => {
  await login(page, COORDINATOR)

  // By phone, typed the international way: the demo household René Bourgeois has "06 18 20 30 48".
  const search = page.getByRole('search', { name: SEARCH })
  await search.getByRole('searchbox', { name: SEARCH }).fill('+33 6 18 20 30 48')
  await search.getByRole('searchbox', { name: SEARCH }).press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Recherche : « +33 6 18 20 30 48 »' })).toBeVisible()
  const households = page.getByRole('region', { name: 'Ménages' })
  await expect(households.getByRole('link', { name: 'BOURGEOIS René' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'search results')

  // By name, with the keyboard only.
  await search.getByRole('searchbox', { name: SEARCH }).fill('bourgeois')
  await search.getByRole('button', { name: 'Rechercher' }).focus()
  await page.keyboard.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Recherche : « bourgeois »' })).toBeVisible()
  await page.getByRole('region', { name: 'Ménages' }).getByRole('link', { name: 'BOURGEOIS René' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'BOURGEOIS René' })).toBeVisible()

  // The timeline: the visit and the report, each a link to its page.
  const timeline = page.getByRole('region', { name: 'Parcours du ménage' })
  await expect(timeline.getByRole('link', { name: 'Visite à domicile réalisée' })).toBeVisible()
  const report = timeline.getByRole('link', { name: /^Compte-rendu CR-\d+-1$/ })
  await expect(report).toBeVisible()
  await expect(timeline.getByText(/\d{2}\/\d{2}\/\d{4}/).first()).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'household page with its timeline')
  await report.click()
  await expect(page.getByRole('heading', { level: 1, name: /^Compte-rendu : BOURGEOIS René/ })).toBeVisible()
  await page.goBack()
  await timeline.getByRole('link', { name: 'Visite à domicile réalisée' }).click()
  await expect(page).toHaveURL(/\/visites\/\d+$/)

  // « Se déconnecter »: the advisor who logs in next lands on their own home page, not on this visit.
  await logout(page)
  await expect(page).toHaveURL(/\/connexion$/)
  await login(page, ADVISOR)
  await expect(page).toHaveURL(/\/$/)
})

test('at 320 px the search box fits under the brand, without horizontal scrolling', async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 700 })
  await login(page, COORDINATOR)
  const box = page.getByRole('searchbox', { name: SEARCH })
  await expect(box).toBeVisible()
  const brand = await page.locator('.brand').boundingBox()
  const form = await page.getByRole('search', { name: SEARCH }).boundingBox()
  expect(brand && form && form.y >= brand.y + brand.height - 1).toBeTruthy()
  expect(form && form.x + form.width <= 320).toBeTruthy()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(overflow).toBeLessThanOrEqual(0)
  await box.fill('dole')
  await box.press('Enter')
  await expect(page.getByRole('heading', { level: 1, name: 'Recherche : « dole »' })).toBeVisible()
  const after = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
  expect(after).toBeLessThanOrEqual(0)
})

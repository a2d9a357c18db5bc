import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { COORDINATOR, login } from './helpers'

const MENTION = 'Accessibilité : totalement conforme'

/** axe with the WCAG 2.1 A/AA and best-practice rules: any violation fails, whatever its impact. */
async function expectAxeClean(page: Page, where: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'])
    .analyze()
  expect(
    results.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} – ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    `accessibility violations on ${where}`,
  ).toEqual([])
}

test('the statement is reached logged out from the login page, by keyboard, and is axe-clean', async ({ page }) => {
  await page.goto('/connexion')
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible()
  const mention = page.getByRole('link', { name: MENTION })
  await expect(mention).toHaveAttribute('href', '/accessibilite')
  await expectAxeClean(page, 'login page')

  // Keyboard only: tab to the link and follow it.
  for (let i = 0; i < 10 && !(await mention.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press('Tab')
  }
  await expect(mention).toBeFocused()
  await page.keyboard.press('Enter')

  const heading = page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' })
  await expect(heading).toBeFocused()
  await expect(page).toHaveURL(/\/accessibilite$/)
  await expect(page).toHaveTitle('Déclaration d’accessibilité – Binôme')
  await expect(page.locator('strong', { hasText: 'totalement conforme' })).toBeVisible()
  await expect(page.getByRole('link', { name: /formulaire en ligne/ })).toHaveAttribute(
    'href',
    'https://formulaire.defenseurdesdroits.fr/',
  )
  await expectAxeClean(page, 'accessibility statement')

  // At 320 px the statement reflows: nothing wider than the screen.
  await page.setViewportSize({ width: 320, height: 800 })
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320)
  await expectAxeClean(page, 'accessibility statement at 320 px')

  // Opened directly (a bookmark): public too.
  await page.goto('/accessibilite')
  await expect(heading).toBeVisible()
  await expect(page.getByLabel('Mot de passe')).toHaveCount(0)
})

test('every page of the application links to the statement from its footer', async ({ page }) => {
  await login(page, COORDINATOR)
  const footer = page.getByRole('contentinfo')
  await footer.getByRole('link', { name: MENTION }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Déclaration d’accessibilité' })).toBeFocused()
  await page.getByRole('link', { name: 'Retour à l’accueil de Binôme' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Accueil' })).toBeVisible()
})

test('the login form ties its errors to its fields and focuses the summary', async ({ page }) => {
  await page.goto('/connexion')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toBeFocused()
  await expect(page.getByLabel('Adresse e-mail')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Mot de passe')).toHaveAccessibleDescription('Saisissez votre mot de passe.')
  await expectAxeClean(page, 'login page with errors')

  await page.getByLabel('Adresse e-mail').fill(COORDINATOR)
  await page.getByLabel('Mot de passe').fill('pas-le-bon-mot-de-passe')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(alert).toBeFocused()
  await expect(page.getByLabel('Mot de passe')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Adresse e-mail')).toHaveAccessibleDescription(/incorrect/)
})

import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { COORDINATOR, login, logout, REFERRER } from './helpers'

async function search(page: Page, text: string) {
  await page.getByLabel('Nom, commune ou téléphone').fill(text)
  await page.getByRole('search', { name: 'Rechercher des ménages' }).getByRole('button', { name: 'Rechercher' }).click()
  await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(text)}`))
}

test('login page is accessible and in French', async ({ page }) => {
  await page.goto('/connexion')
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr')
  await expect(page).toHaveTitle(/Connexion/)
  await expectNoSeriousA11yViolations(page, 'login page')
})

test('a wrong password shows an error and keeps the user on the login page', async ({ page }) => {
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(COORDINATOR)
  await page.getByLabel('Mot de passe').fill('not-the-password')
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible()
})

test('coordinator creates a household that the referrer cannot see', async ({ page }) => {
  const lastName = `Essai${Date.now().toString(36)}`

  // --- Coordinator ---
  await login(page, COORDINATOR)
  const nav = page.getByRole('navigation', { name: 'Navigation principale' })
  await expect(page.getByRole('banner')).toContainText('Animatrice SLIME')
  await nav.getByRole('link', { name: 'Ménages' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ménages' })).toBeVisible()
  await expect(nav.getByRole('link', { name: 'Nouveau ménage' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'household list')

  await nav.getByRole('link', { name: 'Nouveau ménage' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nouveau ménage' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'household form')

  // A first submit with a birth year in the future: the server's message appears next to the field.
  await page.getByLabel('Prénom (obligatoire)', { exact: true }).fill('Camille')
  await page.getByLabel('Nom (obligatoire)', { exact: true }).fill(lastName)
  await page.getByLabel('Commune (obligatoire)', { exact: true }).fill('Dole')
  await page.getByLabel("Statut d'occupation (obligatoire)").selectOption('private_tenant')
  await page.getByLabel('Prénom (membre 1) (obligatoire)').fill('Camille')
  await page.getByLabel('Année de naissance (membre 1) (obligatoire)').fill('1980')
  await page.getByRole('button', { name: 'Ajouter un membre' }).click()
  await page.getByLabel('Prénom (membre 2) (obligatoire)').fill('Noé')
  const childYear = page.getByLabel('Année de naissance (membre 2) (obligatoire)')
  await childYear.fill('2999')
  await page.getByLabel('Lien (membre 2) (obligatoire)').selectOption('child')
  await page.getByRole('button', { name: 'Créer le ménage' }).click()
  await expect(page.getByRole('alert')).toBeVisible()
  await expect(childYear).toHaveAttribute('aria-invalid', 'true')
  await expect(page.locator('#field-members-1-birth_year-error')).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'household form with errors')

  // Fixed: the household is created.
  await childYear.fill('2018')
  await page.getByRole('button', { name: 'Créer le ménage' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(lastName.toUpperCase(), { ignoreCase: true })

  // Found by search in the list.
  await nav.getByRole('link', { name: 'Ménages' }).click()
  await search(page, lastName)
  const row = page.getByRole('row').filter({ hasText: lastName })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Dole')
  await expect(row).toContainText('1,3')
  await row.getByRole('link').click()

  // The household page: its consumption units in French.
  await expect(page.getByRole('heading', { level: 1 })).toContainText(lastName, { ignoreCase: true })
  await expect(page.getByTestId('consumption-units')).toHaveText('1,3')
  await expect(page.getByText('0,3 par enfant de moins de 14 ans')).toBeVisible()
  await expect(page.getByRole('cell', { name: '2018' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'household page')
  const householdUrl = page.url()

  await logout(page)

  // --- Referrer: no household list at all, and not this household ---
  await login(page, REFERRER, 'Mes demandes')
  await expect(page.getByRole('banner')).toContainText('Prescripteur')
  const referrerNav = page.getByRole('navigation', { name: 'Navigation principale' })
  await expect(referrerNav.getByRole('link', { name: 'Ménages' })).toHaveCount(0)
  await expect(referrerNav.getByRole('link', { name: 'Nouveau ménage' })).toHaveCount(0)
  await page.goto('/menages')
  await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible()
  await expect(page.getByRole('alert')).toHaveText("Vous n'avez pas accès à cette page.")
  await expect(page.getByText(lastName)).toHaveCount(0)

  // Opening the household by its address: no access, the user stays logged in.
  await page.goto(householdUrl)
  await expect(page.getByRole('alert')).toHaveText("Vous n'avez pas accès à cette page.")
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible()
  await expect(page.getByText(lastName)).toHaveCount(0)
})

test('a 403 shows "no access" without logging the user out', async ({ page }) => {
  await login(page, REFERRER, 'Mes demandes')
  await page.goto('/journal')
  await expect(page.getByText("Vous n'avez pas accès à cette page.")).toBeVisible()
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible()
  // The session survives the reload (refresh token in sessionStorage).
  await page.goto('/')
  await expect(page.getByRole('heading', { level: 1, name: 'Mes demandes' })).toBeVisible()
})

import { expect, test, type Page } from '@playwright/test'
import { COORDINATOR, login } from './helpers'

async function loginToHouseholds(page: Page) {
  await login(page, COORDINATOR)
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Ménages' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ménages' })).toBeVisible()
}

async function openEditForm(page: Page, name: string) {
  await page.getByLabel('Nom, commune ou téléphone').fill(name)
  await page.getByRole('search', { name: 'Rechercher des ménages' }).getByRole('button', { name: 'Rechercher' }).click()
  await page.getByRole('row').filter({ hasText: name }).getByRole('link').click()
  await page.getByRole('link', { name: 'Modifier' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Modifier')
}

test('editing a household that changed meanwhile: 409, then reload', async ({ page, context }) => {
  // Two tabs: each has its own session (the refresh token lives in sessionStorage).
  await loginToHouseholds(page)
  await openEditForm(page, 'PERRIN')

  const other = await context.newPage()
  await loginToHouseholds(other)
  await openEditForm(other, 'PERRIN')
  await other.getByLabel('Téléphone', { exact: true }).fill('03 84 00 00 01')
  await other.getByRole('button', { name: 'Enregistrer les modifications' }).click()
  await expect(other.getByRole('status').filter({ hasText: 'Les modifications ont été enregistrées.' })).toBeVisible()
  await other.close()

  // The first tab still holds the old version.
  await page.getByLabel('Adresse', { exact: true }).fill('1 place de la Mairie')
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click()
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('modifié entre-temps')
  await alert.getByRole('button', { name: 'Recharger la fiche' }).click()
  await expect(page.getByLabel('Téléphone', { exact: true })).toHaveValue('03 84 00 00 01')

  // Saving again now works.
  await page.getByLabel('Adresse', { exact: true }).fill('1 place de la Mairie')
  await page.getByRole('button', { name: 'Enregistrer les modifications' }).click()
  await expect(page.getByText('1 place de la Mairie')).toBeVisible()
})

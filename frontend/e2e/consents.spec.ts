import { expect, test } from '@playwright/test'
import { COORDINATOR, login } from './helpers'

test('coordinator records a consent and withdraws it', async ({ page }) => {
  await login(page, COORDINATOR)
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Ménages' }).click()
  await page.getByLabel('Nom, commune ou téléphone').fill('GIRARD')
  await page.getByRole('search', { name: 'Rechercher des ménages' }).getByRole('button', { name: 'Rechercher' }).click()
  await page.getByRole('row').filter({ hasText: 'GIRARD' }).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 2, name: 'Consentements' })).toBeVisible()

  await page.getByRole('button', { name: 'Enregistrer un consentement' }).click()
  await page.getByLabel('Objet du consentement').selectOption('share_with_prescriber')
  await page.getByLabel('Note (facultatif)').fill('Accord oral lors de la visite')
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Le consentement a été enregistré.' })).toBeVisible()

  const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date())
  const row = page.getByRole('row').filter({ hasText: 'Accord oral lors de la visite' })
  await expect(row).toContainText('Partage avec le prescripteur')
  await expect(row).toContainText(today)
  await row.getByRole('button', { name: /Retirer/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Consentement retiré' })).toBeVisible()
  await expect(row.getByRole('cell').nth(1)).toHaveText(today)
  await expect(row.getByRole('button', { name: /Retirer/ })).toHaveCount(0)
})

import { expect, test } from '@playwright/test'
import { login, PASSWORD } from './helpers'

// Inès Roux works in both demo programmes (api/demo.py): she chooses one at login.
const INES = 'conseillere2@ajena.demo'
const NETWORK = 'reseau@binome.demo'

test('a person of two programmes chooses one at login, then sees only its households', async ({ page }) => {
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(INES)
  await page.getByLabel('Mot de passe').fill(PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()

  const choice = page.getByRole('group', {
    name: 'Vous intervenez dans plusieurs programmes : choisissez celui où vous travaillez',
  })
  await expect(choice).toBeFocused()
  await expect(choice.getByRole('radio')).toHaveCount(2)
  await choice.getByLabel('SLIME de Haute-Vallée (fictif)').check()
  await page.getByRole('button', { name: 'Se connecter' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Accueil' })).toBeVisible()
  await expect(page.getByTestId('programme-name')).toContainText('SLIME de Haute-Vallée')

  // Girard is a household of the Jura: from Haute-Vallée, it is not there.
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Ménages' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Ménages' })).toBeVisible()
  const search = page.getByRole('search', { name: 'Rechercher des ménages' })
  await search.getByLabel('Nom, commune ou téléphone').fill('Girard')
  await search.getByRole('button', { name: 'Rechercher' }).click()
  await expect(page.getByText('Aucun ménage trouvé.')).toBeVisible()
})

test('the national network lands on the national figures', async ({ page }) => {
  await login(page, NETWORK, 'Chiffres nationaux')
  await expect(page.getByTestId('programme-name')).toContainText('Plateforme nationale')
  await expect(page.getByTestId('national-programmes')).toBeVisible()
  await expect(page.getByRole('link', { name: 'Ménages' })).toHaveCount(0)
})

import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { login } from './helpers'

const ADMIN = 'admin@binome.demo'

async function openAdmin(page: Page, path: string, title: string) {
  await page.goto(`/administration/${path}`)
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible()
}

test('an administrator issues a landlord token, sees its secret once, and revokes it', async ({ page, request, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  await login(page, ADMIN)
  await openAdmin(page, 'jetons', "Jetons d'intégration")
  await expectNoSeriousA11yViolations(page, 'tokens')

  const name = `Logiciel Jura Habitat (e2e ${Date.now()})`
  await page.getByRole('button', { name: 'Créer un jeton' }).click()
  // Nothing chosen: the form says what is missing, next to the fields.
  await page.getByRole('button', { name: 'Créer le jeton' }).click()
  await expect(page.getByText('Donnez un nom au jeton')).toBeVisible()
  await expect(page.getByLabel(/^Nom du jeton/)).toHaveAttribute('aria-invalid', 'true')

  await page.getByLabel(/^Nom du jeton/).fill(name)
  await page.getByLabel(/^Type de jeton/).selectOption({ label: "Système d'un bailleur" })
  await page.getByRole('combobox', { name: /^Bailleur/ }).selectOption({ label: 'Jura Habitat' })
  // Only the landlord scopes are offered, with their French descriptions, all ticked.
  const scopes = page.getByRole('group', { name: /Portées/ })
  await expect(scopes.getByRole('checkbox')).toHaveCount(2)
  await expect(scopes.getByLabel(/déclarer l'avancement des travaux/)).toBeChecked()
  await expect(scopes).not.toContainText('reporting:read')
  await expectNoSeriousA11yViolations(page, 'token form')
  await page.getByRole('button', { name: 'Créer le jeton' }).click()

  // The secret, once, with a warning and a copy button.
  const panel = page.getByRole('region', { name: /Secret du jeton/ })
  await expect(panel).toContainText('ne sera plus jamais affiché')
  const secret = await panel.getByLabel(/^Secret du jeton/).inputValue()
  expect(secret).toMatch(/^bnm_/)
  await panel.getByRole('button', { name: 'Copier le secret' }).click()
  await expect(panel.getByText(/Secret copié|Copie automatique impossible/)).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'token secret')
  await panel.getByRole('button', { name: /J’ai copié le secret/ }).click()
  await expect(page.getByText(secret)).toHaveCount(0)
  await expect(page.locator(`input[value="${secret}"]`)).toHaveCount(0)

  // The token works on the landlord API; the list then shows its last use.
  const dwellings = await request.get('/api/v1/landlord/dwellings', { headers: { Authorization: `Bearer ${secret}` } })
  expect(dwellings.status(), await dwellings.text()).toBe(200)
  await page.reload()
  const row = page.getByRole('row').filter({ hasText: name })
  await expect(row).toContainText('Actif')
  await expect(row).not.toContainText('Jamais utilisé')

  // Revoke, with a confirmation step; the token then gets 401.
  await row.getByRole('button', { name: `Révoquer le jeton ${name}` }).click()
  const confirm = page.getByRole('alertdialog')
  await expect(confirm).toContainText('définitif')
  await confirm.getByRole('button', { name: 'Confirmer' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est révoqué' })).toBeVisible()
  await expect(row).toContainText('Révoqué')
  const refused = await request.get('/api/v1/landlord/dwellings', { headers: { Authorization: `Bearer ${secret}` } })
  expect(refused.status()).toBe(401)
})

test('an administrator subscribes a landlord, sends a test event and sees it in the log', async ({ page, baseURL }) => {
  await login(page, ADMIN)
  await openAdmin(page, 'webhooks', 'Abonnements webhook')
  await page.getByRole('button', { name: 'Ajouter un abonnement' }).click()
  await page.getByRole('combobox', { name: /^Bailleur/ }).selectOption({ label: 'Jura Habitat' })
  // The demo server accepts a local receiver (BINOME_WEBHOOK_ALLOW_PRIVATE_TARGETS in playwright.config.ts).
  await page.getByLabel(/^Adresse de réception/).fill(`${baseURL}/api/v1/healthz?e2e=${Date.now()}`)
  await page.getByRole('button', { name: 'Ajouter l’abonnement' }).click()
  const panel = page.getByRole('region', { name: /Secret de signature/ })
  await expect(panel.getByLabel(/^Secret de signature/)).toHaveValue(/^whsec_/)
  await panel.getByRole('button', { name: /J’ai copié le secret/ }).click()
  await expectNoSeriousA11yViolations(page, 'webhooks')

  const card = page.getByRole('listitem').filter({ hasText: 'e2e=' }).last()
  await card.getByRole('button', { name: /Envoyer un événement de test/ }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Événement de test mis en file' })).toBeVisible()
  const log = card.getByRole('region', { name: 'Journal des envois – Jura Habitat', exact: true })
  await expect(log.getByRole('row').filter({ hasText: 'Événement de test' })).toBeVisible()
  await expect(log.getByRole('status')).toHaveText('1 envoi.')
  await expectNoSeriousA11yViolations(page, 'webhook delivery log')
})

test('an administrator adds a dated reference value and sees the history', async ({ page }) => {
  await login(page, ADMIN)
  await openAdmin(page, 'referentiel', 'Valeurs de référence')
  await page.getByLabel('Table', { exact: true }).selectOption({ value: 'wood_moisture_factor' })
  const inForce = page.getByRole('region', { name: /Valeurs en vigueur/ })
  const green = inForce.getByRole('row').filter({ hasText: 'green' })
  await expect(green).toContainText('à renseigner')
  await expectNoSeriousA11yViolations(page, 'reference values')

  await green.getByRole('button', { name: /Historique et nouvelle valeur/ }).click()
  const history = page.getByRole('region', { name: 'Historique de « green »', exact: true })
  await expect(history.getByRole('heading', { name: /Historique de « green »/ })).toBeFocused()
  await history.getByLabel(/^Valeur/).fill('0,6')
  await history.getByLabel(/^Source/).fill('Mesures Ajena sur bois vert, hiver 2026')
  await history.getByRole('button', { name: 'Enregistrer la valeur' }).click()
  await expect(history.getByRole('status')).toContainText('Nouvelle valeur enregistrée')
  const rows = history.locator('tbody tr')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0)).toContainText('à renseigner')
  await expect(rows.nth(1)).toContainText('0,6')
  await expect(rows.nth(1)).toContainText('En vigueur')
  await expect(green).toContainText('0,6')

  // The same key and date again: refused, nothing overwritten.
  await history.getByLabel(/^Valeur/).fill('0,7')
  await history.getByLabel(/^Source/).fill('Autre mesure')
  await history.getByRole('button', { name: 'Enregistrer la valeur' }).click()
  await expect(history.getByRole('alert')).toContainText('ne se remplace pas')
  await expect(rows).toHaveCount(2)
  await expectNoSeriousA11yViolations(page, 'reference value history')
})

test('the catalogues list orientation types and equipment with French amounts', async ({ page }) => {
  await login(page, ADMIN)
  await openAdmin(page, 'catalogues', 'Catalogues')
  const equipment = page.getByRole('region', { name: 'Petit équipement', exact: true })
  await expect(equipment.getByRole('row').filter({ hasText: 'Ampoule LED' })).toContainText(/3,50\s€/)
  await equipment.getByRole('button', { name: 'Modifier Ampoule LED' }).click()
  await equipment.getByLabel(/^Coût unitaire/).fill('3,20')
  await equipment.getByRole('button', { name: 'Enregistrer' }).click()
  await expect(equipment.getByRole('status').filter({ hasText: 'enregistré' })).toBeVisible()
  await expect(equipment.getByRole('row').filter({ hasText: 'Ampoule LED' })).toContainText(/3,20\s€/)
  const types = page.getByRole('region', { name: 'Types d’orientation', exact: true })
  await expect(types.getByRole('row').filter({ hasText: 'fsl_energy' })).toContainText('Proposé')
  await expectNoSeriousA11yViolations(page, 'catalogues')
})

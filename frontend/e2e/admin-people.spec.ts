import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { apiToken, logout } from './helpers'

const ADMIN = 'admin@binome.demo'
const ADMIN_PASSWORD = 'Binome-demo-2026'
const INVITED = { name: 'Nora Invitée', email: 'nora.invitee@ajena.demo', password: 'Choisi-par-Nora-2026' }
const GIVEN = { name: 'Paul Premier', email: 'paul.premier@ajena.demo', password: 'Premier-mot-2026!' }

async function loginAs(page: Page, email: string, password: string) {
  await page.goto('/connexion')
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe').fill(password)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible()
}

/** The link of the newest e-mail to `to` in the development outbox (written by the background sender). */
async function invitationLink(request: APIRequestContext, to: string): Promise<string> {
  const auth = { Authorization: `Bearer ${await apiToken(request, ADMIN)}` }
  let file = ''
  await expect
    .poll(
      async () => {
        const body = (await (await request.get('/api/v1/outbox', { headers: auth })).json()) as
          | { recipient: string; file_name: string }[]
          | { items: { recipient: string; file_name: string }[] }
        const messages = Array.isArray(body) ? body : body.items
        file = messages.find((m) => m.recipient === to)?.file_name ?? ''
        return file
      },
      { timeout: 40_000, intervals: [1_000] },
    )
    .not.toBe('')
  const eml = await (await request.get(`/api/v1/outbox/${file}`, { headers: auth })).text()
  // Quoted-printable: soft line breaks joined, "=3D" back to "=".
  const text = eml.replace(/=\r?\n/g, '').replace(/=3D/g, '=')
  const match = /\/mot-de-passe\?jeton=([A-Za-z0-9_-]+)/.exec(text)
  expect(match, 'a password link in the invitation').toBeTruthy()
  return `/mot-de-passe?jeton=${match![1]}`
}

async function createAccount(page: Page, person: { name: string; email: string }, password?: string) {
  await page.getByRole('button', { name: 'Créer un compte' }).click()
  const form = page.getByRole('region', { name: 'Créer un compte' })
  await form.getByLabel('Nom complet').fill(person.name)
  await form.getByLabel('Adresse e-mail').fill(person.email)
  await form.getByLabel('Organisation').selectOption({ label: 'Ajena' })
  await form.getByRole('group', { name: 'Rôles (au moins un)' }).getByLabel('Conseiller énergie').check()
  if (password) {
    await form.getByLabel('Donner un premier mot de passe').check()
    await form.getByLabel(/^Premier mot de passe/).fill('court')
    await form.getByRole('button', { name: 'Créer le compte' }).click()
    await expect(form.getByText('Le mot de passe doit faire au moins 12 caractères.')).toBeVisible()
    await expect(form.getByLabel(/^Premier mot de passe/)).toHaveAttribute('aria-invalid', 'true')
    await form.getByLabel(/^Premier mot de passe/).fill(password)
    await form.getByRole('button', { name: 'Créer le compte' }).click()
  } else {
    await form.getByRole('button', { name: "Créer et envoyer l'invitation" }).click()
  }
  await expect(page.getByRole('status').filter({ hasText: `Compte créé pour ${person.name}` })).toBeVisible()
}

test('an admin invites an energy advisor and gives another a first password; both log in', async ({ page, request }) => {
  await loginAs(page, ADMIN, ADMIN_PASSWORD)
  await page.goto('/administration/personnes')
  await expect(page.getByRole('heading', { level: 1, name: 'Personnes' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'people administration')

  await createAccount(page, INVITED)
  await createAccount(page, GIVEN, GIVEN.password)
  await page.getByLabel('Nom ou adresse e-mail').fill('ajena.demo')
  const invitedRow = page.getByRole('row').filter({ hasText: INVITED.email })
  await expect(invitedRow.getByRole('cell', { name: 'Lien de mot de passe en attente' })).toBeVisible()
  await invitedRow.getByRole('button', { name: `Gérer le compte de ${INVITED.name}` }).click()
  await expect(page.getByRole('heading', { level: 2, name: `Compte de ${INVITED.name}` })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'people administration with a create form result and an account panel')
  await logout(page)

  // The first-password account logs in at once.
  await loginAs(page, GIVEN.email, GIVEN.password)
  await logout(page)

  // The invited advisor opens the link of the e-mail, chooses a password, and logs in.
  const link = await invitationLink(request, INVITED.email)
  await page.goto(link)
  await expect(page.getByRole('heading', { level: 1, name: 'Choisir votre mot de passe' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'password link page')
  await page.getByLabel('Nouveau mot de passe').fill(INVITED.password)
  await page.getByLabel('Confirmer le mot de passe').fill(INVITED.password)
  await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Votre mot de passe est enregistré' })).toBeVisible()
  // The link works once.
  await page.goto(link)
  await page.getByLabel('Nouveau mot de passe').fill('Encore-un-autre-2026')
  await page.getByLabel('Confirmer le mot de passe').fill('Encore-un-autre-2026')
  await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click()
  await expect(page.getByRole('alert').filter({ hasText: "Ce lien n'est plus valable" })).toBeVisible()
  await loginAs(page, INVITED.email, INVITED.password)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
})

test('the admin fixes the 2026 campaign to cover the four units and sees the objective change', async ({ page }) => {
  const year = new Date().getFullYear()
  await loginAs(page, ADMIN, ADMIN_PASSWORD)

  await page.goto('/administration/unites')
  await expect(page.getByRole('heading', { level: 1, name: 'Unités territoriales' })).toBeVisible()
  await expect(page.getByRole('row')).toHaveCount(5)
  await expectNoSeriousA11yViolations(page, 'units administration')

  await page.goto('/administration/organisations')
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Ajena' }).getByRole('cell', { name: 'Association énergie' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'organisations administration')

  await page.goto('/administration/campagnes')
  await expect(page.getByRole('heading', { level: 1, name: 'Campagnes' })).toBeVisible()
  const objective = page.getByTestId(`objective-${year}`)
  const before = await objective.innerText()
  await page.getByRole('button', { name: `Modifier la campagne ${year}` }).click()
  const units = page.getByRole('group', { name: 'Unités territoriales actives cette année' })
  for (const name of ['Dole', 'Champagnole', 'Lons-le-Saunier', 'Saint-Claude']) await units.getByLabel(new RegExp(`^${name} `)).check()
  // Households of the whole Jura (116 653) × 2 ‰, rounded up.
  await expect(page.getByText('Objectif de visites avec ces unités : 234 visites.')).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'campaign form')
  await page.getByRole('button', { name: 'Enregistrer la campagne' }).click()
  await expect(page.getByRole('status').filter({ hasText: `Campagne ${year} enregistrée : objectif de 234 visites.` })).toBeVisible()
  await expect(objective).toHaveText('234 visites')
  expect(before).not.toBe('234 visites')
  await expect(page.getByRole('row').filter({ hasText: String(year) }).first()).toContainText('Champagnole, Dole, Lons-le-Saunier, Saint-Claude')
})

import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { apiToken, COORDINATOR, login, parisDayFromNow } from './helpers'

const ADMIN = 'admin@binome.demo'

const card = (page: Page, name: string) => page.getByRole('article', { name })

test('follow-up: board, FSL obtained, landlord works update through the API, case closed', async ({ page, request }) => {
  test.setTimeout(180_000)

  // --- Coordinator: the board lists Jacquet's orientations; she opens the FSL one.
  await login(page, COORDINATOR)
  await expect(page.getByRole('heading', { level: 2, name: 'Suivis à relancer' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Suivi des orientations' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Suivi des orientations' })).toBeVisible()
  await expect(page.getByTestId('follow-up-board')).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'follow-up board')
  await page.getByLabel("Type d'orientation").selectOption({ label: 'FSL énergie' })
  await page.getByRole('button', { name: 'Filtrer' }).click()
  await expect(page).toHaveURL(/kind=fsl_energy/)
  const row = page.getByRole('row').filter({ hasText: /Jacquet/i })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('En cours')
  await row.getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/Jacquet/i)
  await expect(page.getByRole('heading', { level: 2, name: 'Suivi' })).toBeVisible()
  const householdId = Number(new URL(page.url()).pathname.split('/').pop())
  expect(householdId).toBeGreaterThan(0)

  // Records the FSL aid as obtained, 350 €.
  const fsl = card(page, 'FSL énergie')
  await fsl.getByRole('button', { name: /^Enregistrer comme obtenue/ }).click()
  await fsl.getByLabel('Montant obtenu (€)').fill('350')
  await fsl.getByLabel('Résultat').fill('Aide FSL accordée pour la dette d’électricité.')
  await fsl.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(fsl.getByRole('status')).toContainText('c’est enregistré')
  await expect(fsl.locator('.status-line .badge')).toHaveText('Obtenue')
  await expect(fsl).toContainText(/350,00\s€/)
  await expect(fsl.getByRole('row').filter({ hasText: 'Statut : Obtenue' })).toContainText('Aide FSL accordée')

  // --- Admin (API): a landlord token for Jura Habitat; the landlord's system reports the works done.
  const admin = { Authorization: `Bearer ${await apiToken(request, ADMIN)}` }
  const orgs = ((await (await request.get('/api/v1/organisations?q=Jura%20Habitat', { headers: admin })).json()) as {
    items: { id: number; name: string }[]
  }).items
  const juraHabitat = orgs.find((o) => o.name === 'Jura Habitat')
  expect(juraHabitat, 'Jura Habitat in the directory').toBeTruthy()
  const created = await request.post('/api/v1/integration-tokens', {
    headers: admin,
    data: { name: `Logiciel Jura Habitat (e2e ${Date.now()})`, kind: 'landlord', organisation_id: juraHabitat!.id },
  })
  expect(created.status(), await created.text()).toBe(201)
  const secret = ((await created.json()) as { token: string }).token
  expect(secret).toMatch(/^bnm_/)
  const comment = 'Combles isolés par l’entreprise Jura Isolation.'
  const reported = await request.post(`/api/v1/landlord/dwellings/${householdId}/works-updates`, {
    headers: { Authorization: `Bearer ${secret}`, 'Idempotency-Key': `e2e-works-${Date.now()}` },
    data: { work_priority: 1, status: 'done', on: parisDayFromNow(0), actual_cost_eur: '2300.00', comment },
  })
  expect(reported.status(), await reported.text()).toBe(201)

  // --- Coordinator: reloads and sees the works update.
  await page.reload()
  const works = page.getByTestId('works-updates')
  await expect(works).toBeVisible()
  const worksRow = works.getByRole('row').filter({ hasText: comment })
  await expect(worksRow).toContainText('Réalisés')
  await expect(worksRow).toContainText(/2\s300,00\s€/)
  await expect(worksRow).toContainText('Jura Habitat')
  await expectNoSeriousA11yViolations(page, 'household follow-up')

  // The closing form waits for the two other orientations.
  await expect(page.getByRole('button', { name: 'Clore le dossier' })).toBeDisabled()

  // Mediation with the landlord: refused.
  const mediation = card(page, 'Médiation avec le bailleur')
  await mediation.getByRole('button', { name: /^Enregistrer comme refusée/ }).click()
  await mediation.getByLabel('Motif ou résultat').fill('Le bailleur a réalisé les combles mais refuse la VMC.')
  await mediation.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(mediation.locator('.status-line .badge')).toHaveText('Refusée')

  // Social referent: a log note, handed over, then settled as abandoned here.
  const referent = card(page, 'Suivi par le référent social')
  await referent.getByRole('button', { name: /^Ajouter une note/ }).click()
  await referent.getByLabel('Personne ou organisme contacté').fill('Marc Leroy (CAF)')
  await referent.getByRole('textbox', { name: /^Note/ }).fill('Rendez-vous budgétaire fixé avec la famille.')
  await referent.getByRole('button', { name: 'Ajouter la note' }).click()
  await expect(referent.getByRole('row').filter({ hasText: 'Rendez-vous budgétaire fixé' })).toContainText('Marc Leroy (CAF)')
  await referent.getByRole('button', { name: /^Confier au référent social/ }).click()
  await referent.getByRole('button', { name: 'Confier au référent social' }).click()
  await expect(referent.getByRole('row').filter({ hasText: 'Passage de relais' })).toBeVisible()
  await referent.getByRole('button', { name: /^Abandonner/ }).click()
  await referent.getByLabel('Motif ou résultat').fill('Suivi poursuivi par le référent social.')
  await referent.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await expect(referent.locator('.status-line .badge')).toHaveText('Abandonnée')

  // --- Closing the case.
  const summary = 'FSL obtenu (350 €), combles isolés par le bailleur, suivi budgétaire confié à la CAF.'
  const closeButton = page.getByRole('button', { name: 'Clore le dossier' })
  await expect(closeButton).toBeEnabled()
  await page.getByLabel(/^Synthèse de clôture/).fill(summary)
  await closeButton.click()
  const closed = page.getByTestId('closed-case')
  await expect(closed).toContainText('Dossier clos')
  await expect(closed).toContainText(summary)
  await expect(closed).toContainText(/Claire Martin|par /)
  await expect(page.locator('.status-line .badge').first()).toHaveText('Clos')
  await expect(page.getByRole('button', { name: 'Rouvrir' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'household follow-up (closed)')
})

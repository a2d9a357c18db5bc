import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { startVisitNow } from './demoDatabase'
import {
  ADVISOR,
  advisorFinalisesTechnicalSynthesis,
  coordinatorStartsTheReport,
  COORDINATOR,
  login,
  logout,
  MANAGER,
  parisDate,
  REFERRER,
  section,
} from './helpers'

const NOT_DONE = /n'est pas encore marquée comme réalisée : marquez-la réalisée depuis la page de la visite/

test('a case from the alert to the report sent: the chain waits for the visit, the alert giver sees « compte-rendu envoyé »', async ({
  page,
}) => {
  test.setTimeout(300_000)
  const lastName = `Cycle${Date.now().toString(36)}`
  const upper = lastName.toUpperCase()

  // --- Alert giver: sends the referral.
  await login(page, REFERRER, 'Mes demandes')
  await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click()
  await page.getByLabel('Prénom (obligatoire)', { exact: true }).fill('Lucie')
  await page.getByLabel('Nom (obligatoire)', { exact: true }).fill(lastName)
  await page.getByLabel(/^Téléphone/).fill('06 98 76 54 32')
  await page.getByLabel('Adresse', { exact: true }).fill('12 rue Pasteur')
  await page.getByLabel('Commune (obligatoire)', { exact: true }).fill('Dole')
  await page.getByLabel('Froid, humidité, moisissures').check()
  await page.getByLabel('Situation du ménage').fill('Logement froid, moisissures dans la chambre.')
  await page.getByRole('checkbox', { name: /accepté d'être contacté/ }).check()
  await page.getByRole('button', { name: 'Envoyer la demande' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Demande envoyée' })).toBeVisible()
  await logout(page)

  // --- Coordinator: calls, writes the triage note, books the visit (a confirmed free slot).
  await login(page, COORDINATOR, 'Accueil')
  await page.goto('/demandes?status=received')
  await page.getByLabel('Nom ou commune').fill(lastName)
  await page.getByRole('button', { name: 'Filtrer' }).click()
  await page.getByRole('row').filter({ hasText: upper }).getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1, name: upper })).toBeVisible()
  await page.getByRole('button', { name: 'Noter un appel' }).click()
  await page.getByLabel("Résultat de l'appel").selectOption('reached')
  await page.getByRole('button', { name: "Enregistrer l'appel" }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Appel noté' })).toBeVisible()
  await page.getByLabel("Situation relevée pendant l'appel").fill('Moisissures, chauffage au bois insuffisant.')
  await page.getByRole('button', { name: 'Enregistrer la fiche de note' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Fiche de note enregistrée' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Appel noté' })).toHaveCount(0)

  await page.getByRole('link', { name: 'Planifier la visite' }).click()
  await page.getByLabel('Conseiller énergie').selectOption({ label: 'Lucas Bernard (Ajena)' })
  const slot = page.getByRole('button', { name: /^Planifier le / }).first()
  await expect(slot).toBeVisible({ timeout: 20_000 })
  await slot.click()
  const confirmation = page.getByRole('alertdialog')
  await expect(confirmation).toBeFocused()
  await expect(confirmation).toContainText(`chez ${upper}`)
  await confirmation.getByRole('button', { name: 'Confirmer' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Visite planifiée le' })).toBeVisible()
  const visitId = Number(new URL(page.url()).pathname.split('/').pop())
  expect(visitId).toBeGreaterThan(0)

  // A visit to come cannot be marked done yet: the API says why.
  await page.getByRole('button', { name: 'Réalisée', exact: true }).click()
  await page.getByRole('button', { name: 'Confirmer : visite réalisée' }).click()
  await expect(page.getByRole('alert')).toContainText("n'a pas encore commencé")

  // --- Both write their synthesis and review each other's, before the visit is marked done.
  await page.goto(`/visites/${visitId}/syntheses`)
  let family = section(page, 'Synthèse famille')
  await family.getByLabel('Texte de la synthèse famille').fill('Madame vit avec ses deux enfants ; la chambre est humide.')
  await family.getByRole('button', { name: 'Enregistrer la synthèse famille' }).click()
  await expect(family.getByText('Brouillon', { exact: true })).toBeVisible()
  await family.getByRole('button', { name: 'Soumettre à relecture (synthèse famille)' }).click()
  await expect(family.getByText('En relecture', { exact: true })).toBeVisible()
  await logout(page)

  await login(page, ADVISOR)
  await page.goto(`/visites/${visitId}/syntheses`)
  const technical = section(page, 'Synthèse technique')
  await technical.getByLabel('Texte de la synthèse technique').fill('Poêle à bois sous-dimensionné, pas de ventilation.')
  await technical.getByRole('button', { name: 'Enregistrer la synthèse technique' }).click()
  await expect(technical.getByText('Brouillon', { exact: true })).toBeVisible()
  await technical.getByRole('button', { name: 'Soumettre à relecture (synthèse technique)' }).click()
  await expect(technical.getByText('En relecture', { exact: true })).toBeVisible()
  family = section(page, 'Synthèse famille')
  // A plain remark, without a suggested change.
  await family.getByRole('textbox', { name: /^Remarque/ }).fill('Préciser l’âge des enfants.')
  await family.getByRole('button', { name: 'Envoyer la remarque' }).click()
  await expect(family.getByRole('status').filter({ hasText: 'Remarque envoyée.' })).toBeVisible()
  await family.getByRole('button', { name: 'Marquer comme relue (synthèse famille)' }).click()
  await expect(family.getByText('Relue', { exact: true })).toBeVisible()
  await logout(page)

  await login(page, COORDINATOR)
  await page.goto(`/visites/${visitId}/syntheses`)
  family = section(page, 'Synthèse famille')
  // The remark is acknowledged in one click; no accept / refuse for it.
  await expect(family.getByRole('button', { name: /^Refuser/ })).toHaveCount(0)
  await family.getByRole('button', { name: /^Pris en compte/ }).click()
  await expect(family.getByText('Prise en compte', { exact: true })).toBeVisible()
  await section(page, 'Synthèse technique').getByRole('button', { name: 'Marquer comme relue (synthèse technique)' }).click()
  await expect(section(page, 'Synthèse technique').getByText('Relue', { exact: true })).toBeVisible()
  // Finalising waits for the visit: the API's message, as is, says what to do.
  await family.getByRole('button', { name: 'Finaliser (synthèse famille)' }).click()
  await expect(family.getByRole('alert')).toContainText(NOT_DONE)
  await expect(family.getByText('Relue', { exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'syntheses page (visit not done)')

  // --- The visit takes place (test clock: its start moves to a minute ago), then is marked done.
  startVisitNow(visitId)
  await page.goto(`/visites/${visitId}`)
  await page.getByRole('button', { name: 'Réalisée', exact: true }).click()
  await page.getByRole('button', { name: 'Confirmer : visite réalisée' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'La visite est maintenant' })).toContainText('Réalisée')

  await page.goto(`/visites/${visitId}/syntheses`)
  family = section(page, 'Synthèse famille')
  await family.getByRole('button', { name: 'Finaliser (synthèse famille)' }).click()
  await expect(family.getByText('Finalisée', { exact: true })).toBeVisible()
  await logout(page)

  await advisorFinalisesTechnicalSynthesis(page, visitId)

  // --- Coordinator: compiles and submits the report.
  await coordinatorStartsTheReport(page, visitId)
  await page.getByRole('button', { name: 'Créer le compte-rendu' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Compte-rendu/ })).toContainText(lastName, { ignoreCase: true })
  const reportUrl = new URL(page.url()).pathname
  await page.getByRole('button', { name: 'Soumettre à validation' }).click()
  await expect(page.getByText('Soumis à validation', { exact: true })).toBeVisible()
  await logout(page)

  // --- Manager: validates.
  await login(page, MANAGER)
  await page.goto(reportUrl)
  await page.getByRole('button', { name: 'Valider', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'est validé' })).toBeVisible()
  await logout(page)

  // --- Coordinator: sends the household copy by post.
  await login(page, COORDINATOR)
  await page.goto(reportUrl)
  await expect(page.locator('.status-line .badge')).toHaveText('Validé')
  // The frozen figures load above the sending panel once validated: wait for them, or the page moves under the click.
  await expect(page.getByRole('region', { name: 'Chiffres du compte-rendu' }).getByTestId('figures-frozen-on')).toBeVisible()
  const household = page.getByRole('form', { name: 'Ménage' })
  await household.getByLabel('Courrier').check()
  await household.getByRole('button', { name: /Envoyer/ }).click()
  await expect(household.getByRole('status')).toContainText('Envoi par courrier enregistré')
  await expect(page.locator('.status-line .badge')).toHaveText('Envoyé')
  await logout(page)

  // --- Alert giver: « compte-rendu envoyé », with its date.
  await login(page, REFERRER, 'Mes demandes')
  await page.getByRole('list', { name: 'Mes demandes' }).getByRole('link', { name: new RegExp(upper) }).click()
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(upper) })).toBeVisible()
  const today = parisDate(new Date()).split('-').reverse().join('/')
  const sent = page.getByRole('listitem').filter({ hasText: /compte-rendu envoyé/i })
  await expect(sent).toContainText(`le ${today}`)
  await expect(page.getByRole('listitem').filter({ hasText: /visite réalisée/i })).toContainText(`le ${today}`)
  await expectNoSeriousA11yViolations(page, 'my referral (report sent)')
})

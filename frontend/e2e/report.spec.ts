import { expect, test, type APIRequestContext } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import {
  ADVISOR,
  advisorFinalisesTechnicalSynthesis,
  coordinatorStartsTheReport,
  apiToken,
  COORDINATOR,
  login,
  logout,
  MANAGER,
  parisDayFromNow,
  section,
} from './helpers'

/** A done visit of Claire Martin and Lucas Bernard, three weeks ago or more, for a new household. */
async function doneVisit(request: APIRequestContext, lastName: string): Promise<number> {
  const auth = { Authorization: `Bearer ${await apiToken(request, COORDINATOR)}` }
  const created = await request.post('/api/v1/households', {
    headers: auth,
    data: {
      first_name: 'Rose',
      last_name: lastName,
      address_line: '4 rue des Tanneurs',
      commune: 'Dole',
      postcode: '39100',
      tenure: 'private_tenant',
      members: [{ first_name: 'Rose', birth_year: 1968, relation: 'applicant' }],
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const householdId = ((await created.json()) as { id: number }).id
  const me = (await (await request.get('/api/v1/auth/me', { headers: auth })).json()) as { id: number }
  const advisors = ((await (await request.get('/api/v1/users?role=advisor', { headers: auth })).json()) as {
    items: { id: number; email: string }[]
  }).items
  const advisorId = advisors.find((u) => u.email === ADVISOR)!.id
  // A visit that already happened is entered afterwards (« saisie a posteriori », created as done):
  // try past afternoons, Monday to Saturday, until one is free for both.
  let booked = null
  for (let days = 21; days < 60 && !booked; days += 3) {
    if (new Date(`${parisDayFromNow(-days)}T00:00:00Z`).getUTCDay() === 0) continue
    const res = await request.post('/api/v1/visits', {
      headers: auth,
      data: {
        household_id: householdId,
        coordinator_id: me.id,
        advisor_id: advisorId,
        starts_at: `${parisDayFromNow(-days)}T13:00:00Z`,
        entered_afterwards: true,
        afterwards_reason: 'Fiche papier saisie au retour (données de test).',
      },
    })
    if (res.status() === 201) booked = res
    else expect(res.status(), await res.text()).toBe(409)
  }
  expect(booked, 'a free past afternoon for the pair').not.toBeNull()
  const visit = (await booked!.json()) as { id: number; status: string }
  expect(visit.status).toBe('done')
  return visit.id
}


test('syntheses cross-reviewed, report written, validated from the queue, sent by post; the PDF opens', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000)
  const lastName = `Synthese${Date.now().toString(36)}`
  const visitId = await doneVisit(request, lastName)
  const familyText = 'Madame vit seule. Elle chauffe une seule pièce pour limiter sa facture.'
  const technicalText = 'Logement ancien, simple vitrage, chaudière fioul de 1992.'

  // --- Coordinator: writes the family synthesis and submits it for review.
  await login(page, COORDINATOR)
  await page.goto(`/visites/${visitId}`)
  await page.getByRole('link', { name: 'Synthèses et compte-rendu' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Synthèses/ })).toContainText(lastName, { ignoreCase: true })
  let family = section(page, 'Synthèse famille')
  await family.getByLabel('Texte de la synthèse famille').fill(familyText)
  await family.getByRole('button', { name: 'Enregistrer la synthèse famille' }).click()
  await expect(family.getByText('Brouillon', { exact: true })).toBeVisible()
  await family.getByRole('button', { name: 'Soumettre à relecture (synthèse famille)' }).click()
  await expect(family.getByText('En relecture', { exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'syntheses page (coordinator)')
  await logout(page)

  // --- Advisor: writes and submits the technical synthesis, suggests a change to the family one.
  await login(page, ADVISOR)
  await page.goto(`/visites/${visitId}/syntheses`)
  const technical = section(page, 'Synthèse technique')
  await technical.getByLabel('Texte de la synthèse technique').fill(technicalText)
  await technical.getByRole('button', { name: 'Enregistrer la synthèse technique' }).click()
  await expect(technical.getByText('Brouillon', { exact: true })).toBeVisible()
  await technical.getByRole('button', { name: 'Soumettre à relecture (synthèse technique)' }).click()
  await expect(technical.getByText('En relecture', { exact: true })).toBeVisible()

  family = section(page, 'Synthèse famille')
  await expect(family.getByTestId('synthesis-text-family')).toHaveText(familyText)
  // Select a passage of the text, then quote it.
  await family.getByTestId('synthesis-text-family').evaluate((el, passage) => {
    const node = el.firstChild as Text
    const start = node.data.indexOf(passage)
    const range = document.createRange()
    range.setStart(node, start)
    range.setEnd(node, start + passage.length)
    const sel = window.getSelection()!
    sel.removeAllRanges()
    sel.addRange(range)
  }, 'une seule pièce')
  await family.getByRole('button', { name: 'Citer la sélection' }).click()
  await expect(family.getByLabel('Passage à remplacer')).toHaveValue('une seule pièce')
  await family.getByLabel('Remplacer par').fill('uniquement le séjour')
  await family.getByRole('textbox', { name: /^Remarque/ }).fill('Plus précis : c’est le séjour.')
  await family.getByRole('button', { name: 'Envoyer la remarque' }).click()
  await expect(family.getByRole('status').filter({ hasText: 'Suggestion de modification envoyée.' })).toBeVisible()
  await family.getByRole('button', { name: 'Marquer comme relue (synthèse famille)' }).click()
  await expect(family.getByText('Relue', { exact: true })).toBeVisible()
  await logout(page)

  // --- Coordinator: accepts the suggestion, reviews the technical synthesis, finalises hers.
  await login(page, COORDINATOR)
  await page.goto(`/visites/${visitId}/syntheses`)
  family = section(page, 'Synthèse famille')
  await family.getByRole('button', { name: 'Accepter la remarque de Lucas Bernard' }).click()
  await expect(family.getByLabel('Texte de la synthèse famille')).toHaveValue(
    'Madame vit seule. Elle chauffe uniquement le séjour pour limiter sa facture.',
  )
  await section(page, 'Synthèse technique').getByRole('button', { name: 'Marquer comme relue (synthèse technique)' }).click()
  await expect(section(page, 'Synthèse technique').getByText('Relue', { exact: true })).toBeVisible()
  await family.getByRole('button', { name: 'Finaliser (synthèse famille)' }).click()
  await expect(family.getByText('Finalisée', { exact: true })).toBeVisible()
  await logout(page)

  // --- Advisor: finalises the technical synthesis.
  await advisorFinalisesTechnicalSynthesis(page, visitId)

  // --- Coordinator: writes the report with one orientation and submits it.
  await coordinatorStartsTheReport(page, visitId)
  await page.getByRole('button', { name: 'Ajouter une orientation' }).click()
  await page.getByLabel('Type (orientation 1)').selectOption('fsl_energy')
  await page.getByLabel('Description (orientation 1)').fill('Constituer un dossier FSL énergie pour la dette EDF.')
  await page.getByLabel('Partenaire (orientation 1)').fill('CCAS de Dole')
  await page.getByRole('button', { name: 'Créer le compte-rendu' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Compte-rendu/ })).toContainText(lastName, { ignoreCase: true })
  await expect(page.getByText('FSL énergie', { exact: true })).toBeVisible()
  await expect(page.getByText('uniquement le séjour', { exact: false }).first()).toBeVisible()
  const reportUrl = new URL(page.url()).pathname
  const reportId = Number(reportUrl.split('/').pop())
  await page.getByRole('button', { name: 'Soumettre à validation' }).click()
  await expect(page.getByText('Soumis à validation', { exact: true })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'report page (submitted)')
  await logout(page)

  // --- Manager: validates it from the queue.
  await login(page, MANAGER)
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Validation' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Comptes-rendus à valider' })).toBeVisible()
  const row = page.getByRole('row').filter({ hasText: new RegExp(lastName, 'i') })
  await expect(row).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'validation queue')
  await row.getByRole('link').click()
  await expect(page.getByRole('heading', { level: 1, name: /Compte-rendu/ })).toBeVisible()
  await page.getByLabel('Avis complémentaire (facultatif)').fill('Prévoir un point à trois mois.')
  await page.getByRole('button', { name: 'Valider', exact: true }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Comptes-rendus à valider' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'est validé' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: new RegExp(lastName, 'i') })).toHaveCount(0)
  await logout(page)

  // --- Coordinator: the household PDF opens; the household copy is sent by post and logged.
  await login(page, COORDINATOR)
  const pdfResponse = page.waitForResponse((r) => r.url().includes(`/api/v1/reports/${reportId}/pdf?recipient=household`))
  await page.goto(reportUrl)
  const pdf = await pdfResponse
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toContain('application/pdf')
  // The preview is the fetched PDF held as a blob URL: read it back from the page.
  const frame = page.locator('iframe[title^="Aperçu PDF"]')
  await expect(frame).toBeVisible()
  const blob = await frame.evaluate(async (el) => {
    const b = await (await fetch((el as HTMLIFrameElement).src)).blob()
    return { type: b.type, size: b.size, head: await b.slice(0, 5).text() }
  })
  expect(blob.type).toBe('application/pdf')
  expect(blob.size).toBeGreaterThan(1024)
  expect(blob.head).toBe('%PDF-')
  await expect(page.locator('.status-line .badge')).toHaveText('Validé')
  await expect(page.getByText('Prévoir un point à trois mois.')).toBeVisible()
  // The figures frozen at validation, dated, with the reference rows used behind a disclosure.
  const figures = page.getByRole('region', { name: 'Chiffres du compte-rendu' })
  await expect(figures.getByTestId('figures-frozen-on')).toContainText(/Chiffres figés le \d{2}\/\d{2}\/\d{4}, valeurs de référence en vigueur le \d{2}\/\d{2}\/\d{4}/)
  await expect(figures.getByTestId('frozen-class')).toContainText('pas un DPE')
  const rows = figures.getByTestId('frozen-reference-rows')
  await rows.getByText('Valeurs de référence utilisées', { exact: false }).click()
  await expect(rows).toContainText('en vigueur depuis le')

  const household = page.getByRole('form', { name: 'Ménage' })
  await household.getByLabel('Courrier').check()
  await household.getByRole('button', { name: /Envoyer/ }).click()
  await expect(household.getByRole('status')).toContainText('Envoi par courrier enregistré')
  const log = page.getByTestId('delivery-log')
  const logged = log.getByRole('row').filter({ hasText: 'Ménage' })
  await expect(logged).toContainText('Courrier')
  await expect(logged).toContainText('4 rue des Tanneurs')
  await expect(logged).toContainText(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/)
  await expect(page.locator('.status-line .badge')).toHaveText('Envoyé')
  await expectNoSeriousA11yViolations(page, 'report page (sent)')
})

import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { ADVISOR, COORDINATOR, frenchDate, login, logout, parisDate, parisDayFromNow, REFERRER } from './helpers'

const PHONE = { width: 375, height: 740 }
const DESKTOP = { width: 1280, height: 900 }

function mondayIndex(day: string): number {
  const d = new Date(`${day}T00:00:00Z`)
  const monday = d.getTime() - ((d.getUTCDay() + 6) % 7) * 86_400_000
  return Math.round(monday / (7 * 86_400_000))
}

test('a referral goes from the referrer to a booked visit the advisor prepares', async ({ page }) => {
  test.setTimeout(180_000)
  const lastName = `Essai${Date.now().toString(36)}`
  const upper = lastName.toUpperCase()
  const triageText = `Chauffage électrique d'appoint, facture de 900 euros (${lastName}).`

  // --- Referrer, on a phone ---
  await page.setViewportSize(PHONE)
  await login(page, REFERRER, 'Mes demandes')
  const nav = page.getByRole('navigation', { name: 'Navigation principale' })
  await expect(nav.getByRole('link', { name: 'Ménages' })).toHaveCount(0)
  await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle demande' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'referral form (phone)')
  // Single column: nothing wider than the phone.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)

  await page.getByLabel('Prénom (obligatoire)', { exact: true }).fill('Camille')
  await page.getByLabel('Nom (obligatoire)', { exact: true }).fill(lastName)
  await page.getByLabel(/^Téléphone/).fill('06 12 34 56 78')
  await page.getByLabel('Commune (obligatoire)', { exact: true }).fill('Dole')
  await page.getByLabel('Impayés, risque de coupure').check()
  await page.getByLabel('Froid, humidité, moisissures').check()
  await page.getByLabel('Situation du ménage').fill('Facture impayée, courrier de coupure reçu.')
  // Consent not given yet: the form says so, next to the checkbox.
  await page.getByRole('button', { name: 'Envoyer la demande' }).click()
  await expect(page.getByRole('alert')).toContainText('Accord du ménage')
  const consent = page.getByRole('checkbox', { name: /accepté d'être contacté/ })
  await expect(consent).toHaveAttribute('aria-invalid', 'true')
  await consent.check()
  await page.getByRole('button', { name: 'Envoyer la demande' }).click()

  await expect(page.getByRole('heading', { level: 1, name: 'Demande envoyée' })).toBeVisible()
  const receipt = page.getByRole('status').filter({ hasText: 'a bien été reçue' })
  await expect(receipt).toContainText(upper)
  await expect(receipt).toContainText('Reçue')
  await page.getByRole('link', { name: 'Voir mes demandes' }).click()
  const myTile = page.getByRole('listitem').filter({ hasText: upper })
  await expect(myTile).toContainText('Reçue')
  await logout(page)

  // --- Coordinator: inbox, call, triage note, booking ---
  await page.setViewportSize(DESKTOP)
  await login(page, COORDINATOR, 'Accueil')
  await expect(page.getByRole('heading', { level: 2, name: 'Appels à passer' })).toBeVisible()
  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Demandes' }).click()
  await expect(page.getByRole('heading', { level: 1, name: "Demandes d'intervention" })).toBeVisible()
  await page.getByLabel('Nom ou commune').fill(lastName)
  await page.getByLabel('État').selectOption('received')
  await page.getByRole('button', { name: 'Filtrer' }).click()
  const row = page.getByRole('row').filter({ hasText: upper })
  await expect(row).toHaveCount(1)
  await expect(row).toContainText('Risque de coupure')
  await expect(row).toContainText('Reçue')
  await expectNoSeriousA11yViolations(page, 'referral inbox')
  await row.getByRole('link').click()

  await expect(page.getByRole('heading', { level: 1, name: upper })).toBeVisible()
  await expect(page.getByRole('link', { name: /06 12 34 56 78/ })).toHaveAttribute('href', 'tel:0612345678')
  await expectNoSeriousA11yViolations(page, 'referral page')

  await page.getByRole('button', { name: 'Noter un appel' }).click()
  await page.getByLabel("Résultat de l'appel").selectOption('reached')
  await page.getByLabel("Note sur l'appel (facultatif)").fill('Joint du premier coup.')
  await page.getByRole('button', { name: "Enregistrer l'appel" }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Appel noté' })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: 'Joint du premier coup.' })).toContainText('Ménage joint')

  await page.getByLabel("Situation relevée pendant l'appel").fill(triageText)
  await page.getByLabel('Questions pour le conseiller énergie').fill('Vérifier la ventilation de la chambre.')
  await page.getByRole('button', { name: 'Enregistrer la fiche de note' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Fiche de note enregistrée' })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Appel noté' })).toHaveCount(0)
  await expect(page.locator('.status-line')).toContainText('Contactée')
  await expect(page.getByText(triageText)).toBeVisible()

  await page.getByRole('link', { name: 'Planifier la visite' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Planifier la visite/ })).toBeVisible()
  await expect(page.getByLabel('Animatrice SLIME')).toHaveValue(/\d+/)
  await expect(page.getByLabel('Animatrice SLIME').locator('option:checked')).toHaveText(/Claire Martin/)
  await page.getByLabel('Conseiller énergie').selectOption({ label: 'Lucas Bernard (Ajena)' })
  const firstSlot = page.getByRole('button', { name: /^Planifier le / }).first()
  await expect(firstSlot).toBeVisible({ timeout: 20_000 })
  await firstSlot.click()
  // Nothing is booked before the confirmation, which names the day, the hours and the household.
  const confirmation = page.getByRole('alertdialog')
  await expect(confirmation).toBeFocused()
  await expect(confirmation).toContainText(
    new RegExp(`^Confirmer la visite du [a-z]+ \\d{2}/\\d{2}/\\d{4} de \\d{2}:\\d{2} à \\d{2}:\\d{2} chez ${upper}`),
  )
  await expectNoSeriousA11yViolations(page, 'booking confirmation')
  await confirmation.getByRole('button', { name: 'Confirmer' }).click()

  await expect(page.getByRole('heading', { level: 1, name: new RegExp(`Visite : ${upper}`) })).toBeVisible()
  await expect(page.getByRole('status').filter({ hasText: 'Visite planifiée le' })).toBeVisible()
  await expect(page.getByText('Lucas Bernard').first()).toBeVisible()
  const startsAt = await page.locator('.status-line time').getAttribute('datetime')
  expect(startsAt).toBeTruthy()
  await logout(page)

  // --- Advisor: agenda week, briefing ---
  await login(page, ADVISOR, 'Accueil')
  const briefings = page.getByRole('region', { name: 'Briefings à lire' })
  await expect(briefings.getByRole('link', { name: new RegExp(upper) })).toBeVisible()

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Agenda' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Agenda' })).toBeVisible()
  // The agenda opens on this week, or on the week to come on a Saturday or Sunday.
  const today = parisDate(new Date())
  const weekend = [0, 6].includes(new Date(`${today}T00:00:00Z`).getUTCDay())
  const weeks = mondayIndex(parisDate(new Date(startsAt!))) - mondayIndex(today) - (weekend ? 1 : 0)
  for (let i = 0; i < weeks; i++) await page.getByRole('button', { name: 'Semaine suivante' }).click()
  for (let i = 0; i > weeks; i--) await page.getByRole('button', { name: 'Semaine précédente' }).click()
  const entry = page.getByRole('link', { name: new RegExp(`Visite ${upper}`) })
  await expect(entry).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'agenda')

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Accueil' }).click()
  await page.getByRole('region', { name: 'Briefings à lire' }).getByRole('link', { name: new RegExp(upper) }).click()
  await expect(page.getByRole('heading', { level: 2, name: 'Briefing avant la visite' })).toBeVisible()
  await expect(page.getByText(triageText)).toBeVisible()
  await expect(page.getByText('Vérifier la ventilation de la chambre.')).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'briefing')
  await page.getByRole('button', { name: "J'ai lu le briefing" }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Briefing marqué comme lu.' })).toBeVisible()
  await expect(page.getByRole('button', { name: "J'ai lu le briefing" })).toHaveCount(0)
  await logout(page)

  // --- Referrer again: the visit is planned ---
  await page.setViewportSize(PHONE)
  await login(page, REFERRER, 'Mes demandes')
  await expect(page.getByRole('listitem').filter({ hasText: upper })).toContainText('Visite planifiée')
})

test('a clashing booking shows the conflict in an alert', async ({ page }) => {
  await login(page, COORDINATOR, 'Accueil')
  // A weekday three weeks ahead or more (visits are booked Monday to Saturday, 08:00 to 20:00).
  let ahead = 21
  while ([0, 6].includes(new Date(`${parisDayFromNow(ahead)}T00:00:00Z`).getUTCDay())) ahead++
  const date = parisDayFromNow(ahead)

  // Two households waiting for a visit: one planned visit per household, so the clash is between two.
  const bookByHand = async (row: number) => {
    await page.goto('/demandes?status=contacted')
    await page.getByRole('row').nth(row).getByRole('link').click()
    await page.getByRole('link', { name: 'Planifier la visite' }).click()
    await page.getByLabel('Conseiller énergie').selectOption({ label: 'Lucas Bernard (Ajena)' })
    await page.getByLabel('Date', { exact: true }).fill(frenchDate(date))
    await page.getByLabel('Heure de début (heure de Paris)').fill('10:00')
    await page.getByRole('button', { name: 'Planifier à cette date' }).click()
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirmer' }).click()
  }
  await bookByHand(1)
  await expect(page.getByRole('status').filter({ hasText: 'Visite planifiée le' })).toContainText('10:00 – 12:00')

  // The same pair, the same time, another household: the server names the clashing visit.
  await bookByHand(1)
  const alert = page.getByRole('alert')
  await expect(alert).toContainText('Conflit avec la visite')
  await expect(alert).toContainText('temps de trajet')
  await expect(page).toHaveURL(/\/visites\/nouvelle\?referral=\d+$/)
})

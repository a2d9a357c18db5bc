import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { ADVISOR, COORDINATOR, householdWithVisit, login, logout } from './helpers'

/** Spaces as typed: the app uses narrow and ordinary no-break spaces in figures. */
const plain = (s: string | null) => (s ?? '').replace(/[\u202f\u00a0]/g, ' ').replace(/\s+/g, ' ').trim()

/** Half-up rounding of a non-negative number to `decimals`, on integers of cents to avoid float noise. */
function roundHalfUp(value: number, decimals: number): number {
  const f = 10 ** decimals
  return Math.round(Number((value * f).toFixed(6))) / f
}

function frenchAmount(value: number): string {
  const [int, frac] = value.toFixed(2).split('.')
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ')},${frac} €`
}

const pad2 = (n: number) => String(n).padStart(2, '0')

test('coordinator types a year of electricity bills with the keyboard; the advisor reads the analysis (bands, no income amount) but not the social diagnostic', async ({
  page,
  request,
}) => {
  test.setTimeout(180_000)
  // --- Setup through the API: a household of one adult, a visit with the advisor (who gets access).
  const { householdId, visitId, name: lastName } = await householdWithVisit(request, 'Factures', {
    firstName: 'Inès',
    birthYear: 1975,
    days: [35, 49],
    slot: 'last',
  })

  // --- Coordinator: the social diagnostic, with a monthly income of 1 250 €.
  await login(page, COORDINATOR)
  await page.goto(`/menages/${householdId}`)
  await expect(page.getByRole('heading', { level: 1 })).toContainText(lastName, { ignoreCase: true })
  const recordNav = page.getByRole('navigation', { name: 'Dossier du ménage' })
  await recordNav.getByRole('link', { name: 'Diagnostic social' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Diagnostic social/ })).toBeVisible()
  await page.getByRole('button', { name: 'Ajouter une ressource' }).click()
  await page.getByLabel(/^Source \(ressource 1\)/).selectOption('salary')
  await page.getByLabel(/^Montant mensuel \(€\) \(ressource 1\)/).fill('1 250')
  // The tax notice, for the eligibility panel (Anah category, chèque énergie).
  await page.getByLabel('Revenu fiscal de référence (€)').fill('14 200')
  await page.getByLabel(/^Année des revenus/).fill(String(new Date().getFullYear() - 2))
  await page.getByRole('button', { name: 'Enregistrer le diagnostic social' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Le diagnostic social a été enregistré.' })).toBeVisible()
  await expect.poll(async () => plain(await page.getByTestId('yearly-income').textContent())).toBe('15 000,00 €')
  const eligibility = page.getByRole('region', { name: 'Éligibilité aux aides' })
  await expect(eligibility.getByTestId('anah-category')).toBeVisible()
  await expect(eligibility.getByTestId('cheque-energie')).toBeVisible()
  await expect(eligibility.getByTestId('fsl')).toContainText('Non calculable')
  await expect(page.getByLabel('Revenu fiscal de référence (€)')).toHaveValue('14200')
  await expectNoSeriousA11yViolations(page, 'social diagnostic with the eligibility panel')
  const yearlyIncome = 1250 * 12

  // --- The bill grid: twelve monthly electricity bills, keyboard only.
  await page.goto(`/menages/${householdId}`)
  await recordNav.getByRole('link', { name: 'Factures et analyse' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Factures et analyse/ })).toBeVisible()

  const year = new Date().getFullYear() - 1
  const amounts = ['145,50', '138,20', '120,10', '95,35', '80,00', '65,45', '60,10', '62,30', '75,75', '98,40', '125,90', '148,65']
  const quantities = ['780', '742', '650', '512', '430', '351', '322', '335', '406', '528', '676', '798']
  const bills = amounts.map((amount, m) => {
    const last = new Date(Date.UTC(year, m + 1, 0)).getUTCDate()
    return {
      start: `01/${pad2(m + 1)}/${year}`,
      end: `${pad2(last)}/${pad2(m + 1)}/${year}`,
      days: last,
      quantity: quantities[m],
      amount,
    }
  })

  const first = page.getByLabel('Énergie (facture 1)', { exact: true })
  await expect(first).toHaveValue('electricity')
  await first.focus()
  let keystrokes = 0
  const type = async (text: string) => {
    await page.keyboard.type(text)
    keystrokes += text.length
  }
  const press = async (key: string) => {
    await page.keyboard.press(key)
    keystrokes += 1
  }
  const started = Date.now()
  for (const [i, bill] of bills.entries()) {
    await expect(page.getByLabel(`Énergie (facture ${i + 1})`, { exact: true })).toBeFocused()
    await press('Tab') // énergie (kept from the previous row) -> fournisseur
    if (i === 0) {
      await type('EDF')
      await press('Tab')
      await type(bill.start)
    } else {
      // Supplier and start (the day after the previous end) are filled in: Tab past them.
      await expect(page.getByLabel(`Début (facture ${i + 1})`, { exact: true })).toHaveValue(bill.start)
      await press('Tab')
    }
    await press('Tab')
    await type(bill.end)
    await press('Tab')
    await type(bill.quantity)
    await press('Tab') // unité: kWh, the only one for electricity
    await press('Tab')
    await type(bill.amount)
    await press('Tab') // impayé: none
    await press('Tab') // estimé: no
    await press('Enter')
  }
  await expect(page.getByLabel('Énergie (facture 13)', { exact: true })).toBeFocused()
  for (let i = 1; i <= 12; i++) await expect(page.getByTestId(`bill-status-${i}`)).toHaveText('Enregistrée')
  const elapsed = (Date.now() - started) / 1000
  console.log(
    `Typing 12 bills with the keyboard: ${elapsed.toFixed(1)} s in the browser (${keystrokes} keystrokes, ` +
      `${Math.round(keystrokes / 12)} per bill; at 3 keystrokes per second a person needs about ` +
      `${Math.floor(keystrokes / 3 / 60)} min ${Math.round((keystrokes / 3) % 60)} s).`,
  )

  // Expected figures, from the typed data (prorata of the days covered, as the API does).
  const days = bills.reduce((s, b) => s + b.days, 0)
  const totalEur = bills.reduce((s, b) => s + Number(b.amount.replace(',', '.')), 0)
  const totalKwh = bills.reduce((s, b) => s + Number(b.quantity), 0)
  const yearlyEur = roundHalfUp((totalEur * 365) / days, 2)
  const yearlyKwh = Math.round((totalKwh * 365) / days)
  const tee = roundHalfUp(yearlyEur / yearlyIncome, 4)
  const teeText = `${roundHalfUp(tee * 100, 1).toFixed(1).replace('.', ',')} %`

  const panel = page.getByRole('region', { name: 'Analyse' })
  await expect.poll(async () => plain(await panel.getByTestId('energy-spending').textContent())).toBe(`${frenchAmount(yearlyEur)} par an`)
  await expect.poll(async () => plain(await panel.getByTestId('tee').textContent())).toBe(teeText)
  await expect(panel.getByTestId('energy-year-electricity')).toContainText(
    `${String(yearlyKwh).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f')} kWh PCI/an`,
  )
  await expect(panel.getByTestId('tee-thresholds')).toContainText(tee > 0.1 ? 'Au-dessus du seuil SLIME' : 'Sous le seuil SLIME')
  await expect(panel.getByTestId('tee-thresholds')).toContainText(tee > 0.08 ? 'Au-dessus du seuil ONPE' : 'Sous le seuil ONPE')
  await expect(panel.getByTestId('estimated-class')).toContainText('pas un DPE')
  await expect(panel.getByText('Taux d\'effort énergétique avant chèque énergie :', { exact: false })).toBeVisible()
  await expect(panel.getByTestId('analysis-reference')).toContainText(/Valeurs de référence en vigueur le \d{2}\/\d{2}\/\d{4}/)
  // A figure's sources, one click away: the TEE's thresholds, each with its value, date and source.
  const teeSources = panel.getByTestId('tee-sources')
  await teeSources.getByText('Sources', { exact: false }).click()
  await expect(teeSources).toHaveAttribute('open', '')
  await expect(teeSources).toContainText('threshold / tee_slime')
  await expect(teeSources).toContainText('en vigueur depuis le')
  await expect(teeSources).toContainText('Source :')
  console.log(`Analysis: ${frenchAmount(yearlyEur)} a year, ${yearlyKwh} kWh, TEE ${teeText} for ${frenchAmount(yearlyIncome)} of income.`)
  await expectNoSeriousA11yViolations(page, 'bill grid and analysis')
  await logout(page)

  // --- Advisor: the technical diagnostic of the visit, the bills and the analysis, not the social diagnostic.
  await login(page, ADVISOR)
  await page.goto(`/visites/${visitId}`)
  await page.getByRole('link', { name: 'Diagnostic technique' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Diagnostic technique/ })).toBeVisible()
  await expect(page.getByLabel(/^Surface habitable/)).toHaveValue('55')
  await expectNoSeriousA11yViolations(page, 'technical diagnostic form')
  await page.getByRole('button', { name: 'Ajouter une paroi' }).click()
  await page.getByLabel(/^Paroi \(paroi 1\)/).selectOption('wall')
  await page.getByLabel(/^Surface \(m²\) \(paroi 1\)/).fill('62,5')
  await page.getByRole('button', { name: 'Ajouter un système' }).click()
  await page.getByLabel(/^Énergie \(système 1\)/).selectOption('electricity')
  await page.getByLabel(/^Équipement \(système 1\)/).fill('convecteurs')
  await page.getByLabel(/^Rendement \(système 1\)/).fill('1')
  await page.getByRole('button', { name: 'Enregistrer le diagnostic technique' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Le diagnostic technique a été enregistré.' })).toBeVisible()
  await expect(page.getByTestId('defaulted-u-values')).toContainText('valeur par défaut')
  await expect(page.getByLabel(/^U \(W\/m²\.K\) \(paroi 1\)/)).toHaveAccessibleDescription(/Valeur par défaut/)
  await expectNoSeriousA11yViolations(page, 'technical diagnostic form after save')

  await page.goto(`/menages/${householdId}`)
  await expect(recordNav.getByRole('link', { name: 'Diagnostic social' })).toHaveCount(0)
  await recordNav.getByRole('link', { name: 'Factures et analyse' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Factures et analyse/ })).toBeVisible()
  await expect(page.getByRole('row').filter({ hasText: `Du 01/12/${year} au 31/12/${year}` })).toContainText('148,65')
  await expect(page.getByLabel('Montant (€) (facture 1)', { exact: true })).toHaveCount(0)
  await expect.poll(async () => plain(await panel.getByTestId('energy-spending').textContent())).toBe(`${frenchAmount(yearlyEur)} par an`)
  // An energy advisor sees no amount tied to income: the TEE's band instead of its value, and why.
  const teeBand = tee > 0.1 ? 'au-dessus de 10 %' : tee > 0.08 ? 'entre 8 % et 10 %' : 'sous 8 %'
  await expect.poll(async () => plain(await panel.getByTestId('tee').textContent())).toBe(`Taux d'effort énergétique ${teeBand}.`)
  await expect(panel.getByTestId('income-hidden-note')).toContainText('réservés à l’équipe sociale')
  await expect(panel.getByTestId('income-per-uc')).toHaveText('Réservé à l’équipe sociale')
  await expect(panel).not.toContainText(teeText)
  // Eligibility beside the bills: category and yes/no only, never the revenu fiscal de référence.
  const advisorEligibility = page.getByRole('region', { name: 'Éligibilité aux aides' })
  await expect(advisorEligibility.getByTestId('eligibility-hidden-note')).toContainText('réservés à l’équipe sociale')
  await expect(advisorEligibility).not.toContainText('14 200')
  await expect(advisorEligibility).not.toContainText('14\u202f200')
  await expect(panel.getByTestId('tee-thresholds')).toContainText(tee > 0.08 ? 'Au-dessus du seuil ONPE' : 'Sous le seuil ONPE')
  await expectNoSeriousA11yViolations(page, 'analysis without income amounts')

  await page.goto(`/menages/${householdId}/diagnostic-social`)
  await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible()
  await expect(page.getByText('1 250')).toHaveCount(0)

  // The works view: the estimate, and a plan built from it.
  await page.goto(`/menages/${householdId}/travaux`)
  await expect(page.getByRole('heading', { level: 1, name: /Travaux/ })).toBeVisible()
  // Each work alone, the note that the lines do not add up, and the works in sequence.
  await expect(page.getByTestId('non-cumulative-note')).toContainText("Ces économies ne s'additionnent pas.")
  await expect(page.getByRole('heading', { level: 3, name: 'Chaque travail seul' })).toBeVisible()
  const firstScenario = page.getByRole('article').filter({ has: page.getByRole('heading', { level: 3, name: /^Scénario : / }) }).first()
  await expect(firstScenario).toContainText('Total du scénario')
  await expect(firstScenario.getByTestId('scenario-money')).toContainText('Temps de retour après aides')
  // An energy advisor: the TEE and the reste à vivre after works stay with the social team.
  await expect(firstScenario.getByTestId('tee-before-after')).toHaveCount(0)
  await expect(page.getByTestId('estimate-sources').locator('summary')).toHaveText(/Sources/)
  const addButtons = page.getByRole('button', { name: /^Ajouter « / })
  await expect(addButtons.first()).toBeVisible()
  await addButtons.first().click()
  await page.getByRole('button', { name: 'Enregistrer le programme' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Le programme de travaux a été enregistré.' })).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'works view')
})

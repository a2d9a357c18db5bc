import { expect, test } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { ADVISOR, COORDINATOR, login, logout } from './helpers'

const VUILLET = 5 // demo household: propane bills, a social and a technical diagnostic (api/demo.py)

test('the works page: each work alone under the non-cumulative note, scenarios in sequence with their money', async ({ page }) => {
  await login(page, ADVISOR)
  await page.goto(`/menages/${VUILLET}/travaux`)
  await expect(page.getByRole('heading', { level: 1, name: /Travaux/ })).toBeVisible()
  await expect(page.getByTestId('non-cumulative-note')).toContainText("Ces économies ne s'additionnent pas.")
  await expect(page.getByTestId('underheating')).toContainText('Sous-chauffe probable')
  await expect(page.getByRole('table', { name: /Chaque travail estimé seul/ })).toContainText('centimes le kWh économisé')
  const scenario = page.getByRole('article', { name: 'Scénario : Isolation et régulation' })
  await expect(scenario).toContainText('Total du scénario')
  await expect(scenario.getByTestId('scenario-money')).toContainText('Temps de retour après aides')
  // The energy advisor: no TEE nor reste à vivre after works (social team only).
  await expect(scenario.getByTestId('tee-before-after')).toHaveCount(0)
  const sources = page.getByTestId('estimate-sources')
  await sources.locator('summary').click()
  await expect(sources.getByRole('listitem').first()).toBeVisible()
  await expectNoSeriousA11yViolations(page, 'works page (advisor)')
  // A scenario's steps copy into the plan.
  await page.getByRole('button', { name: 'Ajouter les étapes du scénario « Isolation et régulation »' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'du scénario « Isolation et régulation » ajoutée(s)' })).toBeVisible()
  await logout(page)

  // The social team reads the TEE before → after.
  await login(page, COORDINATOR)
  await page.goto(`/menages/${VUILLET}/travaux`)
  await expect(page.getByRole('article', { name: 'Scénario : Isolation et régulation' }).getByTestId('tee-before-after')).toContainText('→')
  await expectNoSeriousA11yViolations(page, 'works page (coordinator)')
  for (const width of [320, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await page.screenshot({ path: `test-results/works-${width}.png`, fullPage: true })
    // 320 px reflow: the page itself never scrolls sideways (wide tables scroll in their own box).
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect(overflow, `horizontal overflow at ${width}px`).toBeLessThanOrEqual(0)
  }
})

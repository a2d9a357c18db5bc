import { test } from '@playwright/test'
import { login, MANAGER } from './helpers'
test('screens at three widths', async ({ page }) => {
  await login(page, MANAGER)
  for (const width of [320, 768, 1280]) {
    await page.setViewportSize({ width, height: 900 })
    await page.goto('/menages/1')
    await page.getByRole('button', { name: 'Afficher les accès au dossier' }).click()
    await page.getByRole('table', { name: 'Qui a consulté ce dossier' }).waitFor()
    const section = page.getByRole('region', { name: 'Données personnelles (RGPD)' })
    await section.screenshot({ path: `/tmp/gdpr-${width}.png` })
    await page.goto('/journal?action=read')
    await page.getByRole('table').waitFor()
    await page.screenshot({ path: `/tmp/journal-${width}.png` })
  }
})

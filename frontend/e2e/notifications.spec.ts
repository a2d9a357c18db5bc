import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { COORDINATOR, login, logout, REFERRER } from './helpers'

const SIZES = [
  { width: 320, height: 700 },
  { width: 768, height: 900 },
  { width: 1280, height: 900 },
]

/** The header link: its accessible name carries the unread count (« Notifications, 2 non lues »). */
const headerLink = (page: Page) => page.getByRole('banner').getByRole('link', { name: /^Notifications, / })


test('a coordinator is told, in the header and on her notifications page, of a referral an alert giver sent', async ({
  page,
}) => {
  test.setTimeout(120_000)
  const lastName = `Notif${Date.now().toString(36)}`

  // What the coordinator has unread before.
  // (Other specs may have left some: read the count the header asks for, not a guess.)
  const counted = page.waitForResponse((r) => r.url().includes('/me/notifications/unread-count') && r.ok())
  await login(page, COORDINATOR, 'Accueil')
  const before = ((await (await counted).json()) as { unread: number }).unread
  await logout(page)

  // --- The alert giver submits a referral ---
  await login(page, REFERRER, 'Mes demandes')
  await page.getByRole('main').getByRole('link', { name: 'Nouvelle demande' }).click()
  await page.getByLabel('Prénom (obligatoire)', { exact: true }).fill('Camille')
  await page.getByLabel('Nom (obligatoire)', { exact: true }).fill(lastName)
  await page.getByLabel('Commune (obligatoire)', { exact: true }).fill('Dole')
  await page.getByLabel('Impayés, risque de coupure').check()
  await page.getByRole('checkbox', { name: /accepté d'être contacté/ }).check()
  await page.getByRole('button', { name: 'Envoyer la demande' }).click()
  const receipt = page.getByRole('status').filter({ hasText: 'a bien été reçue' })
  const receiptText = (await receipt.textContent()) ?? ''
  const referralId = receiptText.match(/n° (\d+)/)?.[1]
  expect(referralId).toBeTruthy()
  await logout(page)

  // --- The coordinator sees the count and the notification linking to the referral ---
  await page.setViewportSize(SIZES[2])
  await login(page, COORDINATOR, 'Accueil')
  const link = headerLink(page)
  await expect(link).toHaveAccessibleName(`Notifications, ${before + 1} non lue${before + 1 > 1 ? 's' : ''}`)
  await expect(link.getByTestId('unread-badge')).toHaveText(String(before + 1))
  await link.click()
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible()
  const title = `Nouvelle demande n° ${referralId} (Dole)`
  const item = page.getByRole('link', { name: `Non lue : ${title}` })
  await expect(item).toBeVisible()
  await expect(item).toHaveAttribute('href', `/demandes/${referralId}`)
  // The title says no more than the number and the commune.
  await expect(page.getByRole('main')).not.toContainText(lastName)
  await expectNoSeriousA11yViolations(page, 'notifications page')

  for (const size of SIZES) {
    await page.setViewportSize(size)
    // Reflow: nothing wider than the window (the header's link and badge wrap with the user box).
    expect(await page.evaluate(() => document.documentElement.scrollWidth), `width ${size.width}`).toBeLessThanOrEqual(
      size.width,
    )
    await page.screenshot({ path: `test-results/notifications-${size.width}.png`, fullPage: true })
  }
  await page.setViewportSize(SIZES[2])

  // Opening it marks it read and leads to the referral.
  await item.click()
  await expect(page).toHaveURL(new RegExp(`/demandes/${referralId}$`))
  await expect(page.getByRole('main').getByText(`Demande n° ${referralId} –`)).toBeVisible()
  await expect(headerLink(page)).toHaveAccessibleName(
    before === 0 ? 'Notifications, aucune non lue' : `Notifications, ${before} non lue${before > 1 ? 's' : ''}`,
  )

  // Preferences: the daily digest for new referrals.
  await headerLink(page).click()
  await expect(page.getByRole('link', { name: title, exact: true })).toBeVisible()
  const group = page.getByRole('group', { name: "Nouvelle demande d'intervention dans mon unité" })
  await group.getByRole('radio', { name: 'Aussi dans le résumé quotidien par e-mail' }).check()
  await page.getByRole('button', { name: 'Enregistrer les préférences' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Préférences enregistrées.' })).toBeVisible()
  await page.getByRole('button', { name: 'Tout marquer comme lu' }).click()
  await expect(headerLink(page)).toHaveAccessibleName('Notifications, aucune non lue')
  await expectNoSeriousA11yViolations(page, 'notifications page, all read')
})

import { expect, test, type Locator, type Page } from '@playwright/test'
import { ADMIN, ADVISOR, COORDINATOR, demoCase, login, MANAGER, REFERRER } from './helpers'

/**
 * Focus after navigation (RGAA 7.1, 12.8): every link of the main navigation, and the links into pages that
 * first show a loading state, followed with the keyboard (focus, Enter): focus lands on the new page's h1.
 */

async function followWithKeyboard(page: Page, link: Locator): Promise<string> {
  const name = (await link.innerText()).trim()
  await link.focus()
  await page.keyboard.press('Enter')
  const heading = page.locator('main h1')
  await expect(heading, `a heading after following « ${name} »`).toBeVisible()
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.tagName === 'H1' && !!document.activeElement.closest('main')), {
      message: `focus on the new page's h1 after « ${name} » (${page.url()})`,
    })
    .toBe(true)
  return name
}

/** Follows each main-navigation link in turn, from wherever the previous one led. */
async function followMainNavigation(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: 'Navigation principale' })
  const count = await nav.getByRole('link').count()
  expect(count).toBeGreaterThan(1)
  const followed: string[] = []
  for (let i = 0; i < count; i++) {
    const link = nav.getByRole('link').nth(i)
    // The link to the page one is on goes nowhere (and focus stays on it): follow the others.
    if ((await link.getAttribute('aria-current')) === 'page') continue
    followed.push(await followWithKeyboard(page, link))
  }
  return followed
}

for (const [role, email, home] of [
  ['coordinator', COORDINATOR, 'Accueil'],
  ['advisor', ADVISOR, 'Accueil'],
  ['manager', MANAGER, 'Accueil'],
  ['referrer', REFERRER, 'Mes demandes'],
  ['admin', ADMIN, 'Accueil'],
] as const) {
  test(`${role}: every main navigation link puts the focus on the new page's heading`, async ({ page }) => {
    await login(page, email, home)
    const followed = await followMainNavigation(page)
    expect(followed.length).toBeGreaterThan(0)
  })
}

test('links into pages that load first (household, social diagnostic, referral, technical diagnostic, report)', async ({
  page,
  request,
}) => {
  await login(page, COORDINATOR)
  const main = page.locator('main')

  await page.goto('/menages')
  await expect(page.getByRole('heading', { level: 1, name: 'Ménages' })).toBeVisible()
  await followWithKeyboard(page, main.getByRole('table').getByRole('link').first())
  await followWithKeyboard(page, main.getByRole('link', { name: /Diagnostic social/ }).first())

  await page.goto('/demandes')
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await followWithKeyboard(page, main.getByRole('table').getByRole('link').first())

  const demo = await demoCase(request)
  await page.goto(`/visites/${demo.visit}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await followWithKeyboard(page, main.getByRole('link', { name: 'Diagnostic technique' }))
  await page.goto(`/visites/${demo.visit}`)
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
  await followWithKeyboard(page, main.getByRole('link', { name: 'Ouvrir le compte-rendu' }))
})

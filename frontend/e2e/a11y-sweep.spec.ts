import AxeBuilder from '@axe-core/playwright'
import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { ADMIN, ADVISOR, apiToken, COORDINATOR, demoCase, login, MANAGER, REFERRER, type DemoCase } from './helpers'

/**
 * The accessibility sweep (RGAA 4.1 / WCAG 2.1 AA): every page of every role, at 320, 375 and 1,366 px, with
 * axe's WCAG 2.1 A/AA and best-practice rules (any impact fails), and reflow: no page wider than the viewport
 * at 320 px nor at 200 % zoom of a 1,366 px window (683 CSS px).
 */
const AXE_WIDTHS = [320, 375, 1366]
const REFLOW_WIDTHS = [320, 683]
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']

async function myReferral(request: APIRequestContext): Promise<number> {
  const token = await apiToken(request, REFERRER)
  const mine = await (await request.get('/api/v1/referrals/mine?limit=1', { headers: { Authorization: `Bearer ${token}` } })).json()
  return (mine.items as { id: number }[])[0].id
}

/** Waits until the page has its heading and nothing is loading any more. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('h1').first()).toBeVisible()
  // Sections load after the heading: wait for their loading states to end (the header polls, so no network idle).
  await expect(page.locator('.loading, [aria-busy="true"]')).toHaveCount(0)
}

/** What is wider than the viewport, as readable selectors (empty when the page reflows). */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth <= width) return []
    const offenders: string[] = []
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const rect = el.getBoundingClientRect()
      if (rect.right > width + 1 && rect.width > 0) {
        // Only the outermost offenders: a child of an offender is not news.
        const parent = el.parentElement
        if (parent && parent.getBoundingClientRect().right > width + 1) continue
        const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : ''
        offenders.push(`${el.tagName.toLowerCase()}${cls} (${Math.round(rect.right)} px)`)
      }
    }
    return [`page ${document.documentElement.scrollWidth} px > ${width} px`, ...offenders.slice(0, 5)]
  })
}

/** Waits for the layout at a new window width (two frames: resize observers and container queries settle). */
async function relayout(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width, height: 800 })
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))))
}

/** Each page loaded once, then looked at from the widest window to the narrowest. */
async function sweep(page: Page, paths: string[]): Promise<void> {
  const problems: string[] = []
  const widths = [...new Set([...AXE_WIDTHS, ...REFLOW_WIDTHS])].sort((a, b) => b - a)
  for (const path of paths) {
    await page.setViewportSize({ width: widths[0], height: 800 })
    await page.goto(path)
    await settled(page)
    for (const width of widths) {
      await relayout(page, width)
      if (AXE_WIDTHS.includes(width)) {
        const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze()
        for (const v of results.violations)
          problems.push(
            `${path} @${width}px axe ${v.id} [${v.impact}] ${v.help}: ${v.nodes
              .slice(0, 3)
              .map((n) => n.target.join(' '))
              .join(' | ')}`,
          )
      }
      if (REFLOW_WIDTHS.includes(width)) {
        const wide = await overflowing(page)
        if (wide.length) problems.push(`${path} @${width}px reflow: ${wide.join(', ')}`)
      }
    }
  }
  expect(problems, problems.join('\n')).toEqual([])
}

test.describe.configure({ timeout: 600_000 })

let ids: DemoCase
test.beforeAll(async ({ request }) => {
  ids = await demoCase(request)
})

test('public pages', async ({ page }) => {
  await sweep(page, ['/connexion', '/mot-de-passe?jeton=inconnu', '/accessibilite'])
})

test('coordinator pages', async ({ page }) => {
  await login(page, COORDINATOR)
  const h = ids.household
  await sweep(page, [
    '/',
    '/menages',
    '/menages/nouveau',
    `/menages/${h}`,
    `/menages/${h}/modifier`,
    `/menages/${h}/factures`,
    `/menages/${h}/diagnostic-social`,
    `/menages/${h}/travaux`,
    '/demandes',
    '/demandes/saisie',
    `/demandes/${ids.referral}`,
    `/visites/nouvelle?referral=${ids.referral}`,
    `/visites/${ids.visit}`,
    `/visites/${ids.visit}/syntheses`,
    `/comptes-rendus/${ids.report}`,
    '/agenda',
    '/suivi',
    '/recherche?q=dole',
    '/notifications',
  ])
})

test('advisor pages', async ({ page }) => {
  await login(page, ADVISOR)
  await sweep(page, [
    '/',
    '/agenda',
    `/visites/${ids.visit}`,
    `/visites/${ids.visit}/diagnostic-technique`,
    `/visites/${ids.visit}/syntheses`,
    `/menages/${ids.household}`,
    `/menages/${ids.household}/factures`,
    `/menages/${ids.household}/travaux`,
    `/comptes-rendus/${ids.report}`,
    '/synchronisation',
    '/notifications',
  ])
})

test('manager pages', async ({ page }) => {
  await login(page, MANAGER)
  await sweep(page, [
    '/',
    '/menages',
    `/menages/${ids.household}`,
    `/comptes-rendus/${ids.report}`,
    '/bilan',
    '/validation',
    '/journal',
    '/suivi',
    '/notifications',
  ])
})

test('referrer pages', async ({ page, request }) => {
  const mine = await myReferral(request)
  await login(page, REFERRER, 'Mes demandes')
  await sweep(page, ['/', '/demandes/nouvelle', `/mes-demandes/${mine}`, '/notifications'])
})

test('admin pages', async ({ page }) => {
  await login(page, ADMIN)
  await sweep(page, [
    '/administration',
    ...['programme', 'personnes', 'organisations', 'unites', 'campagnes', 'jetons', 'webhooks', 'referentiel', 'catalogues', 'communes'].map(
      (s) => `/administration/${s}`,
    ),
    '/journal',
  ])
})

test('platform pages', async ({ page }) => {
  await login(page, 'plateforme@binome.demo', 'Programmes de la plateforme')
  await sweep(page, ['/plateforme/programmes', '/reseau', '/notifications'])
})

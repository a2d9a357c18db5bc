import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { apiToken, COORDINATOR, login, section } from './helpers'

/**
 * The visit screens on a phone, a tablet and a laptop (issue 21): no sideways page scroll, 44 px touch
 * targets, a briefing sheet and a report that print without the application's chrome.
 *
 * The demo's visit done in October (BOURGEOIS René, Les Rousses): a technical diagnostic, bills,
 * a works estimate, final syntheses and a report.
 */
const VISIT = 4
const WIDTHS = [360, 768, 1366]

interface Screen {
  name: string
  path: string
  /** What shows the screen is loaded, with its widest content. */
  ready: (page: Page) => Promise<void>
}

function screens(householdId: number): Screen[] {
  return [
    {
      name: 'visit page',
      path: `/visites/${VISIT}`,
      ready: (page) => expect(page.getByRole('button', { name: 'Imprimer la fiche de visite' })).toBeVisible(),
    },
    {
      name: 'technical diagnostic',
      path: `/visites/${VISIT}/diagnostic-technique`,
      ready: (page) => expect(page.getByRole('button', { name: 'Enregistrer le diagnostic technique' })).toBeVisible(),
    },
    {
      name: 'social diagnostic',
      path: `/menages/${householdId}/diagnostic-social`,
      ready: (page) => expect(page.getByRole('button', { name: 'Enregistrer le diagnostic social' })).toBeVisible(),
    },
    {
      name: 'bills (24)',
      path: `/menages/${householdId}/factures`,
      ready: async (page) => {
        await expect(page.getByTestId('bill-row-24')).toBeVisible()
        await expect(page.locator('[data-testid^="bill-wood-"]')).toHaveCount(1)
      },
    },
    {
      name: 'works',
      path: `/menages/${householdId}/travaux`,
      ready: (page) => expect(page.getByTestId('work-lines')).toBeVisible(),
    },
    {
      name: 'syntheses',
      path: `/visites/${VISIT}/syntheses`,
      ready: (page) => expect(section(page, 'Synthèse technique')).toBeVisible(),
    },
  ]
}

/**
 * The page's width beyond the window, and the outermost elements that stick out (ignoring what a
 * scrolling box of the page's width clips), as selectors for the failure message.
 */
async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; offenders: string[] }> {
  await expect(page.locator('.loading')).toHaveCount(0)
  return page.evaluate(() => {
    const width = window.innerWidth
    const selector = (el: Element) => {
      const classes = typeof el.className === 'string' ? el.className.trim().split(/\s+/).filter(Boolean) : []
      const testId = el.getAttribute('data-testid')
      return (
        el.tagName.toLowerCase() +
        (el.id ? `#${el.id}` : '') +
        classes.map((c) => `.${c}`).join('') +
        (testId ? `[data-testid="${testId}"]` : '')
      )
    }
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5 && el.getBoundingClientRect().width > 0
    const clipped = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible' && !sticksOut(a)) return true
      }
      return false
    }
    const offenders: string[] = []
    for (const el of Array.from(document.body.querySelectorAll('*'))) {
      if (!sticksOut(el) || clipped(el)) continue
      if (el.parentElement && sticksOut(el.parentElement) && !clipped(el.parentElement)) continue
      const path = [el, el.parentElement, el.parentElement?.parentElement].filter(Boolean).reverse().map((e) => selector(e!))
      offenders.push(`${path.join(' > ')} (right edge ${Math.round(el.getBoundingClientRect().right)} px)`)
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 8) }
  })
}

/** Brings the household to 24 bills, among them gas in m³ (its coefficient column) and logs in stères. */
async function billsUpTo24(request: APIRequestContext, householdId: number, auth: Record<string, string>) {
  const listed = await request.get(`/api/v1/households/${householdId}/bills?limit=100`, { headers: auth })
  expect(listed.ok(), await listed.text()).toBeTruthy()
  const total = ((await listed.json()) as { total: number }).total
  const none = { contract_option: null, subscribed_kva: null, estimated: false, unpaid_eur: '0', wood_species: null, wood_moisture: null, log_length_cm: null, kwh_per_unit: null }
  for (let i = total; i < 24; i++) {
    const month = String((i % 12) + 1).padStart(2, '0')
    const year = 2022 - Math.floor(i / 12)
    const bill =
      i === 22
        ? { ...none, energy: 'natural_gas', supplier: 'Engie', period_start: `${year}-${month}-01`, period_end: `${year}-${month}-28`, delivery_date: null, quantity: '120', unit: 'm3_gas', gas_coefficient: '10.8', amount_eur: '150.40', unpaid_eur: '35.10' }
        : i === 23
          ? { ...none, energy: 'wood_logs', supplier: 'Scierie du Haut-Jura', period_start: null, period_end: null, delivery_date: `${year}-10-15`, quantity: '4', unit: 'stere', gas_coefficient: null, amount_eur: '340', wood_species: 'beech', wood_moisture: 'dry', log_length_cm: 50 }
          : { ...none, energy: 'water', supplier: 'Régie des eaux', period_start: `${year}-${month}-01`, period_end: `${year}-${month}-28`, delivery_date: null, quantity: '9', unit: 'm3_water', gas_coefficient: null, amount_eur: '31.20' }
    const res = await request.post(`/api/v1/households/${householdId}/bills`, { headers: auth, data: bill })
    expect(res.status(), await res.text()).toBe(201)
  }
}

async function setUp(request: APIRequestContext): Promise<{ householdId: number; reportId: number }> {
  const auth = { Authorization: `Bearer ${await apiToken(request, COORDINATOR)}` }
  const res = await request.get(`/api/v1/visits/${VISIT}`, { headers: auth })
  expect(res.ok(), await res.text()).toBeTruthy()
  const visit = (await res.json()) as { household: { id: number }; report_id: number | null }
  expect(visit.report_id).not.toBeNull()
  await billsUpTo24(request, visit.household.id, auth)
  return { householdId: visit.household.id, reportId: visit.report_id! }
}

test('the visit screens never scroll sideways at 360, 768 and 1,366 px', async ({ page, request }) => {
  test.setTimeout(180_000)
  const { householdId } = await setUp(request)
  await login(page, COORDINATOR)
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 })
    for (const screen of screens(householdId)) {
      await page.goto(screen.path)
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible()
      await screen.ready(page)
      const { scrollWidth, offenders } = await overflow(page)
      expect(scrollWidth, `${screen.name} at ${width} px is ${scrollWidth} px wide: ${offenders.join(' ; ')}`).toBeLessThanOrEqual(width)
    }
  }
})

test('the bill grid: a compact table on a laptop, one card per bill on a phone, the save button inside', async ({ page, request }) => {
  const { householdId } = await setUp(request)
  await login(page, COORDINATOR)
  await page.setViewportSize({ width: 1366, height: 900 })
  await page.goto(`/menages/${householdId}/factures`)
  const grid = page.getByRole('table', { name: /une ligne par facture/ })
  await expect(grid).toHaveAccessibleDescription(/Entrée pour enregistrer la ligne/)
  await expect(grid.getByRole('columnheader', { name: 'Quantité' })).toBeVisible()
  // Every column is within the window, the last one (state and actions) included.
  const state = grid.getByRole('columnheader', { name: 'État et actions' })
  expect((await state.boundingBox())!.x + (await state.boundingBox())!.width).toBeLessThanOrEqual(1366)
  // The gas bill brings its coefficient column; the empty last row is the new one.
  await expect(grid.getByRole('columnheader', { name: /Coefficient de conversion du gaz/ })).toBeVisible()
  await expect(page.getByTestId('bill-status-25')).toHaveText('Nouvelle ligne')

  await page.setViewportSize({ width: 360, height: 800 })
  await expect(grid.getByRole('columnheader', { name: 'Quantité' })).toBeHidden()
  const card = page.getByTestId('bill-row-3')
  // On a card the labels are shown, and typing a date or a figure still finds its field by its label.
  await expect(card.locator('label').filter({ hasText: /^Quantité/ })).toBeVisible()
  const amount = page.getByLabel('Montant (€) (facture 3)', { exact: true })
  const box = (await amount.boundingBox())!
  expect(box.x + box.width).toBeLessThanOrEqual(360)
  await amount.fill('33,40')
  const save = card.getByRole('button', { name: 'Enregistrer la facture 3' })
  await expect(save).toBeVisible()
  const saveBox = (await save.boundingBox())!
  const cardBox = (await card.boundingBox())!
  expect(saveBox.y).toBeGreaterThanOrEqual(cardBox.y)
  expect(saveBox.y + saveBox.height).toBeLessThanOrEqual(cardBox.y + cardBox.height)
  await save.click()
  await expect(page.getByTestId('bill-status-3')).toHaveText('Enregistrée')
})

test('on a touch screen, the targets of the visit screens are 44 px at least', async ({ browser, request }) => {
  test.setTimeout(120_000)
  const { householdId } = await setUp(request)
  const context = await browser.newContext({ hasTouch: true, viewport: { width: 768, height: 1024 } })
  const page = await context.newPage()
  expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true)
  await login(page, COORDINATOR)
  for (const screen of screens(householdId)) {
    await page.goto(screen.path)
    await screen.ready(page)
    await expect(page.locator('.loading')).toHaveCount(0)
    const small = await page.locator('main').evaluate((main) => {
      const out: string[] = []
      const targets = main.querySelectorAll('button, a.button, input:not([type="hidden"]), select, summary, [role="button"]')
      for (const el of Array.from(targets)) {
        const box = el.getBoundingClientRect()
        if (box.width <= 1 || box.height <= 1 || getComputedStyle(el).visibility === 'hidden') continue
        if (box.width < 43.5 || box.height < 43.5) {
          const name = el.getAttribute('aria-label') ?? el.id ?? ''
          out.push(`${el.tagName.toLowerCase()}${name ? ` « ${name} »` : ''} « ${(el.textContent ?? '').trim().slice(0, 30)} » ${Math.round(box.width)}×${Math.round(box.height)}`)
        }
      }
      return out
    })
    expect(small, `${screen.name}: targets under 44 px`).toEqual([])
  }
  await context.close()
})

/** The number of pages of the PDF Chromium prints (its page objects). */
function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length
}

test('the briefing sheet and the report print without the application around them', async ({ page, request }) => {
  const { reportId } = await setUp(request)
  await login(page, COORDINATOR)
  await page.goto(`/visites/${VISIT}`)
  const print = page.getByRole('button', { name: 'Imprimer la fiche de visite' })
  await expect(print).toBeVisible()
  await expect(page.getByTestId('briefing-print-head')).toBeHidden()

  const chrome = [page.locator('.site-header'), page.locator('nav.main-nav'), page.locator('.site-footer'), page.locator('nav.breadcrumb')]
  for (const part of chrome) await expect(part).toBeVisible()

  await page.emulateMedia({ media: 'print' })
  for (const part of chrome) await expect(part).toBeHidden()
  await expect(print).toBeHidden()
  await expect(page.getByRole('heading', { name: 'État de la visite' })).toBeHidden()
  // The sheet: household, slot, pair, address, phone, the reason and the briefing.
  const head = page.getByTestId('briefing-print-head')
  await expect(head).toBeVisible()
  await expect(head).toContainText('Fiche de visite : BOURGEOIS René')
  await expect(head).toContainText('Créneau')
  await expect(head).toContainText('Claire Martin (animatrice SLIME) et Lucas Bernard (conseiller énergie)')
  await expect(page.getByText('Téléphone du ménage')).toBeVisible()
  await expect(page.getByRole('heading', { name: 'La demande' })).toBeVisible()
  await expect(page.getByRole('heading', { name: "Fiche de note de l'appel" })).toBeVisible()
  // Black on white, and the phone link prints as plain text.
  const colours = await page.locator('body').evaluate((b) => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor])
  expect(colours).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)'])
  const pages = pageCount(await page.pdf({ format: 'A4' }))
  expect(pages).toBeGreaterThanOrEqual(1)
  expect(pages).toBeLessThanOrEqual(2)

  await page.emulateMedia({ media: 'screen' })
  await page.goto(`/comptes-rendus/${reportId}`)
  await expect(page.getByRole('heading', { level: 1, name: /Compte-rendu/ })).toBeVisible()
  const buttons = page.locator('main button, main a.button')
  expect(await buttons.count()).toBeGreaterThan(0)
  for (const part of chrome) await expect(part).toBeVisible()
  await page.emulateMedia({ media: 'print' })
  for (const part of chrome) await expect(part).toBeHidden()
  await expect(page.getByRole('heading', { level: 1, name: /Compte-rendu/ })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Synthèse famille' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Synthèse technique' })).toBeVisible()
  for (const button of await buttons.all()) await expect(button).toBeHidden()
})

import { expect, test, type Page } from '@playwright/test'
import { expectNoSeriousA11yViolations } from './a11y'
import { ADVISOR, apiToken, COORDINATOR, householdWithVisit, login } from './helpers'

/**
 * Issue 21: a visit done with the network cut after « Préparer mes visites ». The service worker answers
 * the navigations (the app shell is precached); the SPA answers its GETs from IndexedDB and queues its writes.
 */

/** « Préparer mes visites » (it also runs by itself at login), then the service worker in control. */
async function prepare(page: Page) {
  await page.getByRole('button', { name: 'Préparer mes visites' }).click()
  await expect(page.getByTestId('prepare-status')).toContainText(/visites? prêtes? hors ligne \(préparées le \d\d\/\d\d\/\d{4} à \d\d:\d\d\)/)
  // The app shell must be precached before the network goes: wait for the service worker to control the page.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
  })
}

async function fillBill(page: Page, n: number, start: string, end: string, quantity: string, amount: string) {
  await page.getByLabel(`Début (facture ${n})`, { exact: true }).fill(start)
  await page.getByLabel(`Fin (facture ${n})`, { exact: true }).fill(end)
  await page.getByLabel(`Quantité (facture ${n})`, { exact: true }).fill(quantity)
  await page.getByLabel(`Montant (€) (facture ${n})`, { exact: true }).fill(amount)
  await page.getByLabel(`Montant (€) (facture ${n})`, { exact: true }).press('Enter')
  await expect(page.getByTestId(`bill-status-${n}`)).toHaveText('En attente de synchronisation')
}

test('a visit done offline: diagnostic and three bills typed with no network, kept over a reload, sent once', async ({ page, context, request }) => {
  test.setTimeout(120_000)
  const s = await householdWithVisit(request, 'Horsligne')
  // The coordinator goes to the visit with the advisor and may write both the diagnostic and the bills.
  await login(page, COORDINATOR)
  await prepare(page)

  await context.setOffline(true)
  await page.goto(`/visites/${s.visitId}/diagnostic-technique`)
  await expect(page.getByRole('heading', { level: 1, name: /Diagnostic technique/ })).toBeVisible()
  await expect(page.getByTestId('sync-badge')).toContainText('Hors ligne')
  await page.getByRole('button', { name: 'Ajouter une paroi' }).click()
  await page.getByLabel(/^Paroi \(paroi 1\)/).selectOption('wall')
  await page.getByLabel(/^Surface \(m²\) \(paroi 1\)/).fill('42')
  await page.getByLabel('Ventilation', { exact: true }).fill('VMC simple flux')
  await page.getByLabel('Notes', { exact: true }).fill('Saisi hors ligne chez le ménage')
  await expect(page.getByTestId('save-state')).toHaveText('Brouillon sur cet appareil')
  await page.getByRole('button', { name: 'Enregistrer le diagnostic technique' }).click()
  await expect(page.getByText('Hors ligne : le diagnostic technique est gardé sur cet appareil')).toBeVisible()
  await expect(page.getByTestId('save-state')).toContainText('Hors ligne : 1 modification en attente')

  // Three bills in the grid, queued.
  await page.goto(`/menages/${s.householdId}/factures`)
  await expect(page.getByText('Les chiffres seront calculés à la synchronisation.')).toBeVisible()
  const year = new Date().getFullYear() - 1
  await fillBill(page, 1, `01/01/${year}`, `31/01/${year}`, '780', '145,50')
  await fillBill(page, 2, `01/02/${year}`, `28/02/${year}`, '742', '138,20')
  await fillBill(page, 3, `01/03/${year}`, `31/03/${year}`, '650', '120,10')
  await expect(page.getByTestId('sync-badge')).toContainText('4 modifications en attente')

  // A reload with the network still cut: the person is still in, everything is there.
  await page.reload()
  await expect(page.getByRole('heading', { level: 1, name: /Factures et analyse/ })).toBeVisible()
  for (const n of [1, 2, 3]) await expect(page.getByTestId(`bill-status-${n}`)).toHaveText('En attente de synchronisation')
  await expect(page.getByLabel('Montant (€) (facture 2)', { exact: true })).toHaveValue('138,2') // as the grid shows a saved amount
  await expect(page.getByTestId('sync-badge')).toContainText('Hors ligne : 4 modifications en attente')
  await page.goto(`/visites/${s.visitId}/diagnostic-technique`)
  await expect(page.getByText(/Brouillon restauré de cet appareil \(\d\d\/\d\d\/\d{4} à \d\d:\d\d\)/)).toBeVisible()
  await expect(page.getByLabel('Notes', { exact: true })).toHaveValue('Saisi hors ligne chez le ménage')
  await expect(page.getByLabel(/^Surface \(m²\) \(paroi 1\)/)).toHaveValue('42')

  // The network returns: the queue is sent in order, once.
  await context.setOffline(false)
  await expect(page.getByTestId('sync-badge')).toHaveCount(0, { timeout: 20_000 })
  const diagnostic = await request.get(`/api/v1/visits/${s.visitId}/technical-diagnostic`, { headers: s.auth })
  expect(diagnostic.status()).toBe(200)
  const d = (await diagnostic.json()) as { version: number; notes: string; ventilation: string; envelope: unknown[] }
  expect(d).toMatchObject({ version: 1, notes: 'Saisi hors ligne chez le ménage', ventilation: 'VMC simple flux' })
  expect(d.envelope).toHaveLength(1)
  const bills = (await (await request.get(`/api/v1/households/${s.householdId}/bills?limit=100`, { headers: s.auth })).json()) as {
    items: { amount_eur: string }[]
  }
  expect(bills.items.map((b) => Number(b.amount_eur)).sort()).toEqual([120.1, 138.2, 145.5])
  await page.goto(`/menages/${s.householdId}/factures`)
  for (const n of [1, 2, 3]) await expect(page.getByTestId(`bill-status-${n}`)).toHaveText('Enregistrée')
})

test('a conflict: the diagnostic changed on the server while the device was offline; the person keeps a value per field', async ({
  page,
  context,
  request,
}) => {
  test.setTimeout(120_000)
  const s = await householdWithVisit(request, 'Conflit')
  const advisorAuth = { Authorization: `Bearer ${await apiToken(request, ADVISOR)}` }
  const path = `/api/v1/visits/${s.visitId}/technical-diagnostic`
  const base = {
    dwelling_type: 'apartment',
    construction_period: 'before_1975',
    surface_m2: '55.0',
    levels: 1,
    ceiling_height_m: '2.5',
    altitude_class: 'below_400',
    envelope: [],
    systems: [],
    ventilation: 'Aucune',
    humidity_mould: false,
    condensation: false,
    humidity_notes: '',
    measurements: [],
    appliances: '',
    cooking_energy: null,
    decency: {},
    dpe: null,
    equipment_installed: [],
    notes: 'Premier passage',
  }
  const first = await request.put(path, { headers: advisorAuth, data: { ...base, version: null } })
  expect(first.status(), await first.text()).toBe(200)

  await login(page, ADVISOR)
  await prepare(page)
  await context.setOffline(true)
  await page.goto(`/visites/${s.visitId}/diagnostic-technique`)
  await page.getByLabel('Ventilation', { exact: true }).fill('VMC simple flux')
  await page.getByLabel('Notes', { exact: true }).fill('Vu sur place')
  await page.getByRole('button', { name: 'Enregistrer le diagnostic technique' }).click()
  await expect(page.getByTestId('save-state')).toContainText('1 modification en attente')

  // Meanwhile, someone at the office changes the same diagnostic.
  const office = await request.put(path, { headers: s.auth, data: { ...base, version: 1, ventilation: 'Grilles', notes: 'Changé au bureau', levels: 2 } })
  expect(office.status(), await office.text()).toBe(200)

  await context.setOffline(false)
  await expect(page.getByTestId('sync-badge')).toContainText('1 à vérifier', { timeout: 20_000 })
  await page.getByTestId('sync-badge').click()
  await expect(page.getByRole('heading', { level: 1, name: 'Synchronisation' })).toBeVisible()
  await expect(page.getByText(/Diagnostic technique – .* – Conflit : modifié sur le serveur/)).toBeVisible()
  await page.getByRole('button', { name: 'Comparer et choisir' }).click()
  const table = page.getByRole('table', { name: 'Choisissez, champ par champ, la valeur à garder' })
  await expect(table.getByRole('columnheader', { name: 'Sur cet appareil' })).toBeVisible()
  await expect(table.getByRole('columnheader', { name: 'Sur le serveur' })).toBeVisible()
  // Only the differing fields are offered: ventilation, notes, levels.
  await expect(table.getByRole('row')).toHaveCount(4)
  await expect(table.getByRole('row', { name: /Ventilation/ })).toContainText('Grilles')
  await table.getByRole('radio', { name: 'Notes : garder la valeur du serveur' }).check()
  await table.getByRole('radio', { name: 'Niveaux : garder la valeur du serveur' }).check()
  await expect(table.getByRole('radio', { name: 'Ventilation : garder la valeur de cet appareil' })).toBeChecked()
  await expectNoSeriousA11yViolations(page, 'the conflict comparison')
  await page.getByRole('button', { name: 'Enregistrer ce choix' }).click()
  await expect(page.getByText('Votre choix a été enregistré sur le serveur.')).toBeVisible()
  await expect(page.getByText('Aucune modification en attente')).toBeVisible()

  const saved = (await (await request.get(path, { headers: s.auth })).json()) as Record<string, unknown>
  expect(saved).toMatchObject({ version: 3, ventilation: 'VMC simple flux', notes: 'Changé au bureau', levels: 2 })
})

test('leaving a page with unsaved changes asks first; a refused save loses none of the typed rows', async ({ page, request }) => {
  const s = await householdWithVisit(request, 'Brouillon')
  await login(page, COORDINATOR)
  await page.goto(`/visites/${s.visitId}/diagnostic-technique`)
  await expect(page.getByTestId('save-state')).toHaveText('Enregistré')
  // Three walls, one of them a window without its glazing: the server refuses the save (422).
  for (const [n, kind, area] of [[1, 'wall', '30'], [2, 'wall', '25'], [3, 'window', '4']] as const) {
    await page.getByRole('button', { name: 'Ajouter une paroi' }).click()
    await page.getByLabel(new RegExp(`^Paroi \\(paroi ${n}\\)`)).selectOption(kind)
    await page.getByLabel(new RegExp(`^Surface \\(m²\\) \\(paroi ${n}\\)`)).fill(area)
  }
  await page.getByRole('button', { name: 'Enregistrer le diagnostic technique' }).click()
  await expect(page.getByRole('alert').filter({ hasText: /vitrage/ }).first()).toBeVisible()
  await expect(page.getByTestId('save-state')).toHaveText('Brouillon sur cet appareil')

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Agenda' }).click()
  const dialog = page.getByRole('alertdialog', { name: 'Quitter la page ?' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByRole('button', { name: 'Rester sur la page' })).toBeFocused()
  await expectNoSeriousA11yViolations(page, 'the leave dialog')
  await dialog.getByRole('button', { name: 'Rester sur la page' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Diagnostic technique/ })).toBeVisible()
  await expect(page.getByLabel(/^Surface \(m²\) \(paroi 3\)/)).toHaveValue('4')

  await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Agenda' }).click()
  await page.getByRole('alertdialog', { name: 'Quitter la page ?' }).getByRole('button', { name: 'Quitter la page' }).click()
  await expect(page.getByRole('heading', { level: 1, name: /Agenda/ })).toBeVisible()

  // Back on the diagnostic: the three rows come back from the device.
  await page.goto(`/visites/${s.visitId}/diagnostic-technique`)
  await expect(page.getByText(/Brouillon restauré de cet appareil/)).toBeVisible()
  for (const [n, area] of [[1, '30'], [2, '25'], [3, '4']] as const)
    await expect(page.getByLabel(new RegExp(`^Surface \\(m²\\) \\(paroi ${n}\\)`))).toHaveValue(area)
  await page.getByRole('button', { name: 'Revenir à la version enregistrée' }).click()
  await expect(page.getByRole('button', { name: 'Retirer : paroi 1' })).toHaveCount(0)
})

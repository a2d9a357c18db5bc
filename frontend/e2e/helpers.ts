import { expect, type APIRequestContext, type Page } from '@playwright/test'

/** Password of every demo account (see `api.cli demo-data`). */
export const PASSWORD = 'Binome-demo-2026'
export const COORDINATOR = 'animatrice@cd39.demo'
export const ADVISOR = 'conseiller@ajena.demo'
export const MANAGER = 'cheffe@cd39.demo'
export const REFERRER = 'referente@ccas-dole.demo'
export const ADMIN = 'admin@binome.demo'

/** Signs in through the login page and waits for the landing page titled `home`. */
export async function login(page: Page, email: string, home = 'Accueil') {
  await page.goto('/connexion')
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible()
  await page.getByLabel('Adresse e-mail').fill(email)
  await page.getByLabel('Mot de passe').fill(PASSWORD)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await expect(page.getByRole('heading', { level: 1, name: home })).toBeVisible()
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: 'Se déconnecter' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Connexion' })).toBeVisible()
}

/** A bearer token for setting up data through the API. */
export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const res = await request.post('/api/v1/auth/token', { form: { username: email, password: PASSWORD } })
  expect(res.ok()).toBeTruthy()
  return ((await res.json()) as { access_token: string }).access_token
}

/** Paris calendar date "YYYY-MM-DD" of an instant. */
export function parisDate(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant)
}

/** Paris calendar date "YYYY-MM-DD", `days` from now. */
export function parisDayFromNow(days: number): string {
  return parisDate(new Date(Date.now() + days * 86_400_000))
}

/** A titled region of a page (the syntheses page has one per synthesis). */
export const section = (page: Page, name: string) => page.getByRole('region', { name })

/** The advisor finalises the technical synthesis of a visit (cross-review done), then logs out. */
export async function advisorFinalisesTechnicalSynthesis(page: Page, visitId: string | number) {
  await login(page, ADVISOR)
  await page.goto(`/visites/${visitId}/syntheses`)
  await section(page, 'Synthèse technique').getByRole('button', { name: 'Finaliser (synthèse technique)' }).click()
  await expect(section(page, 'Synthèse technique').getByText('Finalisée', { exact: true })).toBeVisible()
  await logout(page)
}

/** The coordinator opens the report form of a visit whose syntheses are final, with its introduction. */
export async function coordinatorStartsTheReport(page: Page, visitId: string | number) {
  await login(page, COORDINATOR)
  await page.goto(`/visites/${visitId}/syntheses`)
  await page.getByRole('button', { name: 'Rédiger le compte-rendu' }).click()
  await page.getByLabel('Introduction').fill('Visite réalisée à la demande du CCAS de Dole.')
}

export interface DemoCase {
  household: number
  visit: number
  report: number
  referral: number
}

/** A household of the demo with a done visit and a report (found through the API, not hard-coded). */
export async function demoCase(request: APIRequestContext): Promise<DemoCase> {
  const token = await apiToken(request, MANAGER)
  const headers = { Authorization: `Bearer ${token}` }
  const households = await (await request.get('/api/v1/households?limit=100', { headers })).json()
  for (const { id } of households.items as { id: number }[]) {
    const timeline = await (await request.get(`/api/v1/households/${id}/timeline?limit=100`, { headers })).json()
    const first = (kind: string) =>
      (timeline.items as { kind: string; record_id: number }[]).find((i) => i.kind === kind)?.record_id
    const [visit, report, referral] = [first('visit'), first('report'), first('referral')]
    if (visit && report && referral) return { household: id, visit, report, referral }
  }
  throw new Error('no demo household with a visit and a report')
}

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

/** "2026-12-31" -> "31/12/2026", as a date is typed in the forms. */
export function frenchDate(iso: string): string {
  const [y, m, d] = iso.split('-')
  return `${d}/${m}/${y}`
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

export interface HouseholdWithVisit {
  auth: Record<string, string>
  householdId: number
  visitId: number
  name: string
}

/**
 * Set up through the API: a household of one adult (`firstName`) and a planned visit of the coordinator and
 * the demo advisor (who then has access), in the first or last free slot between `days[0]` and `days[1]` from now.
 */
export async function householdWithVisit(
  request: APIRequestContext,
  prefix: string,
  { firstName = 'Léa', birthYear = 1980, days = [1, 5], slot = 'first' }: { firstName?: string; birthYear?: number; days?: [number, number]; slot?: 'first' | 'last' } = {},
): Promise<HouseholdWithVisit> {
  const token = await apiToken(request, COORDINATOR)
  const auth = { Authorization: `Bearer ${token}` }
  const name = `${prefix}${Date.now().toString(36)}`
  const created = await request.post('/api/v1/households', {
    headers: auth,
    data: {
      first_name: firstName,
      last_name: name,
      commune: 'Dole',
      postcode: '39100',
      tenure: 'private_tenant',
      members: [{ first_name: firstName, birth_year: birthYear, relation: 'applicant' }],
      dwelling: {
        dwelling_type: 'apartment',
        construction_period: 'before_1975',
        surface_m2: '55.0',
        altitude_class: 'below_400',
        main_heating_energy: 'electricity',
      },
    },
  })
  expect(created.status(), await created.text()).toBe(201)
  const householdId = ((await created.json()) as { id: number }).id
  const me = (await (await request.get('/api/v1/auth/me', { headers: auth })).json()) as { id: number }
  const advisors = ((await (await request.get('/api/v1/users?role=advisor', { headers: auth })).json()) as {
    items: { id: number; email: string }[]
  }).items
  const advisorId = advisors.find((u) => u.email === ADVISOR)!.id
  const slots = await request.get(
    `/api/v1/agenda/free-slots?user_id=${me.id}&user_id=${advisorId}&start=${parisDayFromNow(days[0])}&end=${parisDayFromNow(days[1])}&duration_minutes=120`,
    { headers: auth },
  )
  expect(slots.ok(), await slots.text()).toBeTruthy()
  const items = ((await slots.json()) as { items: { starts_at: string }[] }).items
  expect(items.length).toBeGreaterThan(0)
  const booked = await request.post('/api/v1/visits', {
    headers: auth,
    data: { household_id: householdId, coordinator_id: me.id, advisor_id: advisorId, starts_at: (slot === 'first' ? items[0] : items[items.length - 1]).starts_at },
  })
  expect(booked.status(), await booked.text()).toBe(201)
  return { auth, householdId, visitId: ((await booked.json()) as { id: number }).id, name }
}

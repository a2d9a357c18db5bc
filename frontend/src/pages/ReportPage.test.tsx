import { screen } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { ReportRead } from '../api/types'
import { validatedReport } from '../test/fixtures'
import { jsonResponse, renderApp } from '../test/renderApp'

// The reader's roles say nothing here: what they may do comes with the report (allowed_actions).
const me = {
  kind: 'user',
  id: 2,
  email: 'animatrice@slime-jura.demo',
  full_name: 'Claire Martin',
  organisation: null,
  roles: ['coordinator'],
  scopes: ['reports:read', 'reports:write', 'reports:compile', 'reports:send'],
}

const base: ReportRead = { ...validatedReport, introduction: 'Visite du 2 mars.' }

/** GET /reports/{id}/analysis: a report validated before figures were frozen. */
const figures = (report: ReportRead) => ({
  report_id: report.id,
  frozen: false,
  note: 'Compte-rendu validé avant que ses chiffres ne soient conservés.',
  reference_date: null,
  validated_at: report.validated_at,
  income_hidden: false,
  analysis: null,
  works_estimate: null,
  reference_rows: [],
})

function serve(report: ReportRead) {
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/auth/me') return jsonResponse(200, me)
    if (path === `/api/v1/reports/${report.id}`) return jsonResponse(200, report)
    if (path === `/api/v1/reports/${report.id}/analysis`) return jsonResponse(200, figures(report))
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('ReportPage', () => {
  it('offers sending and correcting only when the report allows them', async () => {
    serve({ ...base, allowed_actions: ['send', 'correct'] })
    renderApp('/comptes-rendus/12')
    expect(await screen.findByRole('heading', { level: 2, name: 'Envoi du compte-rendu' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Corriger' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Modifier l.introduction/ })).toBeNull()
    expect(await screen.findByTestId('figures-not-frozen')).toHaveTextContent('Chiffres non figés : Compte-rendu validé avant')
  })

  it('hides them for a reader the report does not allow to, whatever their roles', async () => {
    serve(base)
    renderApp('/comptes-rendus/12')
    expect(await screen.findByRole('heading', { level: 1, name: /Compte-rendu : DUPONT Marie/ })).toBeInTheDocument()
    expect(screen.queryByRole('heading', { level: 2, name: 'Envoi du compte-rendu' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Corriger' })).toBeNull()
    expect(screen.queryByRole('heading', { level: 2, name: 'Actions' })).toBeNull()
  })

  it('lets the author edit and submit a draft when the report says so', async () => {
    serve({ ...base, status: 'draft', validated_by: null, validated_at: null, allowed_actions: ['submit', 'edit'] })
    renderApp('/comptes-rendus/12')
    expect(await screen.findByRole('button', { name: /Modifier l.introduction/ })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Soumettre à validation' })).toBeInTheDocument()
    expect(screen.queryByRole('heading', { level: 2, name: 'Envoi du compte-rendu' })).toBeNull()
  })
})

import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { session } from '../api/client'
import type { SynthesisRead, VisitRead } from '../api/types'
import { jsonResponse, renderApp } from '../test/renderApp'

// The advisor of the visit: writes the technical synthesis, reviews the family one.
const me = {
  kind: 'user',
  id: 3,
  email: 'conseiller@slime-jura.demo',
  full_name: 'Paul Girard',
  organisation: null,
  roles: ['advisor'],
  scopes: ['reports:read', 'reports:write'],
}

const visit: VisitRead = {
  id: 9,
  version: 2,
  household: { id: 5, display_name: 'DUPONT Marie', commune: 'Dole' },
  referral_id: null,
  coordinator: { id: 2, full_name: 'Claire Martin' },
  advisor: { id: 3, full_name: 'Paul Girard' },
  starts_at: '2026-03-02T09:00:00Z',
  ends_at: '2026-03-02T11:00:00Z',
  place: 'Domicile',
  status: 'done',
  rescheduled_to_id: null,
  rescheduled_from_id: null,
  notes: '',
  briefing_read_at: null,
  report_id: null,
  entered_afterwards: false,
  afterwards_reason: null,
  allowed_actions: ['read_syntheses'],
}

const synthesis = (kind: SynthesisRead['kind'], over: Partial<SynthesisRead>): SynthesisRead => ({
  id: kind === 'family' ? 1 : 2,
  visit_id: 9,
  household_id: 5,
  kind,
  owner: kind === 'family' ? visit.coordinator : visit.advisor,
  status: 'draft',
  version: 1,
  content: `Texte ${kind}`,
  works: [],
  comments: [],
  allowed_actions: [],
  updated_at: '2026-03-03T09:00:00Z',
  ...over,
})

function serve(v: VisitRead, syntheses: SynthesisRead[]) {
  vi.stubGlobal('fetch', async (req: Request) => {
    const path = new URL(req.url).pathname
    if (path === '/api/v1/auth/me') return jsonResponse(200, me)
    if (path === '/api/v1/visits/9') return jsonResponse(200, v)
    if (path === '/api/v1/visits/9/syntheses') return jsonResponse(200, { items: syntheses, total: syntheses.length, next: null })
    return jsonResponse(404, { error: 'not_found', detail: 'Introuvable.' })
  })
  session.setTokens({ access_token: 'a1', refresh_token: 'r1' })
}

afterEach(() => {
  vi.unstubAllGlobals()
  session.clear()
})

describe('SynthesesPage', () => {
  it('shows only the lifecycle steps as buttons; edit, comment and resolve_comment drive the editor and remarks', async () => {
    serve(visit, [
      synthesis('family', { status: 'in_review', allowed_actions: ['mark_reviewed', 'comment'] }),
      synthesis('technical', { allowed_actions: ['submit_for_review', 'edit', 'resolve_comment'] }),
    ])
    renderApp('/visites/9/syntheses')

    const family = await screen.findByRole('region', { name: 'Synthèse famille' })
    expect(within(family).getAllByRole('button').map((b) => b.textContent)).toEqual([
      'Marquer comme relue (synthèse famille)',
      'Citer la sélection',
      'Envoyer la remarque',
    ])
    expect(within(family).getByRole('form', { name: /Remarque sur la synthèse famille/ })).toBeInTheDocument()
    expect(within(family).queryByRole('textbox', { name: /Texte de la synthèse/ })).toBeNull()

    const technical = screen.getByRole('region', { name: 'Synthèse technique' })
    expect(within(technical).getByRole('textbox', { name: 'Texte de la synthèse technique' })).toHaveValue('Texte technical')
    expect(within(technical).getByRole('button', { name: /Soumettre à relecture/ })).toBeInTheDocument()
    expect(within(technical).queryByRole('button', { name: /edit|resolve_comment/ })).toBeNull()
    expect(within(technical).queryByRole('form', { name: /Remarque/ })).toBeNull()

    // Compiling the report is the visit's compile_report, which this reader does not have.
    expect(screen.queryByRole('heading', { level: 2, name: 'Compte-rendu' })).toBeNull()
  })

  it('offers to compile the report when the visit allows it', async () => {
    serve({ ...visit, allowed_actions: ['read_syntheses', 'compile_report'] }, [
      synthesis('family', { status: 'final' }),
      synthesis('technical', { status: 'final' }),
    ])
    renderApp('/visites/9/syntheses')
    expect(await screen.findByRole('button', { name: 'Rédiger le compte-rendu' })).toBeInTheDocument()
  })
})

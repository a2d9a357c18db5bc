import { useState, type FormEvent } from 'react'
import { useCampaigns, useSaveCampaign } from '../api/campaigns'
import { useTerritorialUnits } from '../api/directory'
import type { CampaignRead, TerritorialUnitRead } from '../api/types'
import { Feedback } from '../components/Feedback'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { ApiError } from '../lib/errors'
import { formatAmount, formatDecimal, formatInteger } from '../lib/format'
import { usePageTitle } from '../lib/usePageTitle'
import { CheckboxGroup, TextField } from './people/Field'
import {
  campaignBody,
  campaignDraft,
  campaignErrors,
  toggle,
  visitsObjective,
  type CampaignDraft,
  type FieldErrors,
} from './people/forms'
import { ScrollRegion } from '../components/ScrollRegion'

const NEW_CAMPAIGN: CampaignDraft = { year: String(new Date().getFullYear() + 1), unit_ids: [], objective_per_thousand: '2', budget_eur: '', notes: '' }

/** Yearly campaigns: active units, objective per 1,000 households, budget, and the visits objective. */
export function CampaignsAdmin() {
  usePageTitle('Campagnes – Administration')
  const [editing, setEditing] = useState<number | 'new' | null>(null)
  const feedback = useFeedback()
  const campaigns = useCampaigns()
  const units = useTerritorialUnits()
  const current = campaigns.data?.find((c) => c.id === editing)

  return (
    <>
      <h1>Campagnes</h1>
      <p>
        Chaque année, la campagne couvre certaines unités territoriales ; l&apos;objectif de visites est le nombre de
        ménages des unités actives × l&apos;objectif pour 1 000 ménages ÷ 1 000, arrondi à l&apos;unité supérieure.
      </p>
      <Feedback message={feedback.message} />
      {campaigns.isPending && <Loading />}
      {campaigns.isError && <QueryError error={campaigns.error} />}
      {campaigns.data && (
        <ScrollRegion label="Campagnes, de la plus récente à la plus ancienne">
          <table className="table">
            <caption className="visually-hidden">Campagnes, de la plus récente à la plus ancienne</caption>
            <thead>
              <tr>
                <th scope="col">Année</th>
                <th scope="col">Unités actives</th>
                <th scope="col">Ménages couverts</th>
                <th scope="col">Objectif pour 1 000</th>
                <th scope="col">Objectif de visites</th>
                <th scope="col">Budget</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.data.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.year}</th>
                  <td>{c.units.map((u) => u.name).join(', ')}</td>
                  <td>{formatInteger(c.households_in_scope)}</td>
                  <td>{formatDecimal(c.objective_per_thousand)} ‰</td>
                  <td data-testid={`objective-${c.year}`}>{formatInteger(c.visits_objective)} visites</td>
                  <td>{c.budget_eur ? formatAmount(c.budget_eur) : '—'}</td>
                  <td>
                    <button type="button" className="button button--secondary" onClick={() => { feedback.clear(); setEditing(c.id) }}>
                      Modifier<span className="visually-hidden"> la campagne {c.year}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {editing === null && (
        <p>
          <button type="button" className="button" onClick={() => { feedback.clear(); setEditing('new') }}>
            Ouvrir une campagne
          </button>
        </p>
      )}
      {units.isError && <QueryError error={units.error} />}
      {units.data && (editing === 'new' || current) && (
        <CampaignForm
          key={editing}
          campaign={current}
          units={units.data}
          onDone={(text) => {
            setEditing(null)
            if (text) feedback.ok(text)
          }}
        />
      )}
    </>
  )
}

function CampaignForm({ campaign, units, onDone }: { campaign?: CampaignRead; units: TerritorialUnitRead[]; onDone: (text: string | null) => void }) {
  const [draft, setDraft] = useState<CampaignDraft>(campaign ? campaignDraft(campaign) : NEW_CAMPAIGN)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [pending, setPending] = useState(false)
  const feedback = useFeedback()
  const saveCampaign = useSaveCampaign()
  const set = <K extends keyof CampaignDraft>(key: K, value: CampaignDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  const preview = visitsObjective(units, draft.unit_ids, draft.objective_per_thousand)
  const prefix = campaign ? `cf-${campaign.id}` : 'cf-new'

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    feedback.clear()
    const found = campaignErrors(draft)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    setPending(true)
    try {
      const saved = await saveCampaign.mutateAsync(
        campaign ? { id: campaign.id, body: campaignBody(draft) } : { id: null, body: { ...campaignBody(draft), year: Number(draft.year) } },
      )
      onDone(`Campagne ${saved.year} enregistrée : objectif de ${formatInteger(saved.visits_objective)} visites.`)
    } catch (err) {
      const fromApi: FieldErrors = {}
      if (err instanceof ApiError) for (const f of err.fields) fromApi[f.field] = f.message
      setErrors(fromApi)
      feedback.fail(err)
    } finally {
      setPending(false)
    }
  }

  return (
    <section aria-labelledby={`${prefix}-title`}>
      <h2 id={`${prefix}-title`}>{campaign ? `Modifier la campagne ${campaign.year}` : 'Ouvrir une campagne'}</h2>
      <form onSubmit={submit} noValidate className="form">
        {!campaign && (
          <TextField id={`${prefix}-year`} label="Année" required inputMode="numeric" value={draft.year} error={errors.year} onChange={(v) => set('year', v)} />
        )}
        <CheckboxGroup
          id={`${prefix}-units`}
          legend="Unités territoriales actives cette année"
          choices={units.map((u) => [u.id, `${u.name} (${formatInteger(u.households_count)} ménages)`])}
          checked={draft.unit_ids}
          error={errors.unit_ids}
          onToggle={(id, on) => set('unit_ids', toggle(draft.unit_ids, id, on))}
        />
        <TextField id={`${prefix}-rate`} label="Objectif pour 1 000 ménages" required inputMode="decimal" value={draft.objective_per_thousand} error={errors.objective_per_thousand} onChange={(v) => set('objective_per_thousand', v)} />
        <TextField id={`${prefix}-budget`} label="Budget (€)" inputMode="decimal" value={draft.budget_eur} error={errors.budget_eur} onChange={(v) => set('budget_eur', v)} />
        <p role="status" className="hint">
          {preview === null ? 'Objectif de visites : indiquez un objectif pour 1 000 ménages.' : `Objectif de visites avec ces unités : ${formatInteger(preview)} visites.`}
        </p>
        <Feedback message={feedback.message} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={pending}>
            Enregistrer la campagne
          </button>
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  )
}

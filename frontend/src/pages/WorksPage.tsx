import { useQueryClient } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { Link, useParams } from 'react-router'
import { api, unwrap } from '../api/client'
import { useHousehold, useWorksEstimate, useWorksPlan } from '../api/queries'
import type { WorkEstimateRead, WorksEstimateRead, WorksPlanRead, WorksPlanWrite } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { Loading, QueryError } from '../components/Status'
import { Parser, problemFrom, rowKey, type SaveProblem } from '../diagnostics/formSupport'
import { SaveProblemAlert } from '../diagnostics/SaveProblemAlert'
import { TextAreaField, TextField } from '../household/fields'
import { ENERGY_LABELS } from '../lib/energy'
import { isNotFound } from '../lib/errors'
import { formatAmount, formatDecimal, formatInteger, formatPercent } from '../lib/format'
import { decimalToInput } from '../lib/parse'
import { usePageTitle } from '../lib/usePageTitle'
import { HouseholdBreadcrumb } from '../components/HouseholdBreadcrumb'

interface PlanRow {
  key: string
  work: string
  description: string
  savingKwh: string
  savingEur: string
  comfort: string
  costLow: string
  costHigh: string
  aids: string
}

function rowsFrom(plan: WorksPlanRead | null): PlanRow[] {
  return (plan?.items ?? []).map((i) => ({
    key: rowKey(),
    work: i.work,
    description: i.description,
    savingKwh: decimalToInput(i.saving_kwh),
    savingEur: decimalToInput(i.saving_eur),
    comfort: i.comfort_effect ?? '',
    costLow: decimalToInput(i.cost_low),
    costHigh: decimalToInput(i.cost_high),
    aids: i.possible_aids ?? '',
  }))
}

function rowFromEstimate(item: WorkEstimateRead): PlanRow {
  return {
    key: rowKey(),
    work: item.work,
    description: item.label,
    savingKwh: decimalToInput(item.saving_kwh),
    savingEur: decimalToInput(item.saving_eur),
    comfort: '',
    costLow: decimalToInput(item.cost_low),
    costHigh: decimalToInput(item.cost_high),
    aids: '',
  }
}

const ITEM_FIELDS = ['work', 'description', 'saving_kwh', 'saving_eur', 'comfort_effect', 'cost_low', 'cost_high', 'possible_aids']

/** /menages/:id/travaux – the works estimate and the ordered works plan. */
export function WorksPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  const estimate = useWorksEstimate(id)
  const plan = useWorksPlan(id)
  const [generation, setGeneration] = useState(0)
  usePageTitle(household.data ? `Travaux – ${household.data.display_name}` : 'Travaux')

  if (household.isPending) return <Loading />
  if (household.isError)
    return (
      <>
        <h1>Travaux</h1>
        <QueryError error={household.error} notFound="Ce ménage est introuvable." />
      </>
    )
  const h = household.data
  return (
    <>
      <HouseholdBreadcrumb household={h} current="Travaux" />
      <h1>Travaux : {h.display_name}</h1>
      <section aria-labelledby="s-estimate">
        <h2 id="s-estimate">Estimation des travaux</h2>
        {estimate.isPending && <Loading label="Calcul de l'estimation…" />}
        {estimate.isError &&
          (isNotFound(estimate.error) ? (
            <p className="alert alert--info">
              L&apos;estimation des travaux a besoin du diagnostic technique de la visite. Saisissez-le depuis la page
              de la visite (« Diagnostic technique »).
            </p>
          ) : (
            <QueryError error={estimate.error} />
          ))}
        {estimate.data && <EstimateView estimate={estimate.data} />}
      </section>
      <section aria-labelledby="s-plan">
        <h2 id="s-plan">Programme de travaux</h2>
        {plan.isPending && <Loading />}
        {plan.isError && <QueryError error={plan.error} />}
        {plan.isSuccess && (
          <PlanEditor
            key={generation}
            householdId={h.id}
            plan={plan.data}
            estimate={estimate.data}
            onReload={() => void plan.refetch().then(() => setGeneration((g) => g + 1))}
          />
        )}
      </section>
    </>
  )
}

function Calibration({ estimate: e }: { estimate: WorksEstimateRead }) {
  const energy = ENERGY_LABELS[e.heating_energy]
  return (
    <div className="alert alert--info">
      <p>
        Le modèle du logement perd {formatDecimal(e.heat_loss_w_per_k)} W par degré d&apos;écart avec
        l&apos;extérieur, ce qui donne environ {formatInteger(e.modelled_final_kwh)} kWh de chauffage par an (
        {energy.toLowerCase()}).
      </p>
      {e.calibrated ? (
        <p>
          Les factures indiquent {formatInteger(e.billed_heating_kwh)} kWh de chauffage par an : les économies sont
          recalées sur les factures (facteur {formatDecimal(e.calibration)}
          {Number(e.calibration) > 1.05
            ? ', le logement consomme plus que le modèle'
            : Number(e.calibration) < 0.95
              ? ', le ménage se chauffe moins que le modèle ne le prévoit (restrictions possibles)'
              : ', le modèle et les factures concordent'}
          ).
        </p>
      ) : (
        <p>
          Pas de facture de chauffage exploitable : les économies viennent du modèle seul, sans recalage sur les
          factures.
        </p>
      )}
      {e.price_per_kwh ? <p>Prix du kWh retenu (hors abonnement) : {formatDecimal(e.price_per_kwh)} €.</p> : <p>Prix du kWh à renseigner.</p>}
      {e.notes.map((n) => (
        <p key={n}>{n}</p>
      ))}
    </div>
  )
}

function EstimateView({ estimate }: { estimate: WorksEstimateRead }) {
  return (
    <>
      <Calibration estimate={estimate} />
      <p className="alert alert--info">{estimate.non_cumulative_note}</p>
      {estimate.items.length ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Travaux possibles, chacun estimé seul, le plus rapide à rembourser en premier</caption>
            <thead>
              <tr>
                <th scope="col">Travaux</th>
                <th scope="col" className="num">
                  Économie (kWh/an)
                </th>
                <th scope="col" className="num">
                  Économie (€/an)
                </th>
                <th scope="col" className="num">
                  Coût estimé
                </th>
                <th scope="col" className="num">
                  Part du chauffage
                </th>
                <th scope="col" className="num">
                  Temps de retour (avant aides)
                </th>
                <th scope="col">Remarques</th>
              </tr>
            </thead>
            <tbody>
              {estimate.items.map((item) => (
                <tr key={item.work}>
                  <th scope="row">{item.label}</th>
                  <td className="num">{item.saving_kwh ? formatInteger(item.saving_kwh) : '–'}</td>
                  <td className="num">{item.saving_eur ? formatAmount(item.saving_eur) : '–'}</td>
                  <td className="num">
                    {item.cost_low && item.cost_high ? `${formatAmount(item.cost_low)} à ${formatAmount(item.cost_high)} TTC` : 'à renseigner'}
                  </td>
                  <td className="num">{item.saving.share ? formatPercent(item.saving.share) : '–'}</td>
                  <td className="num">
                    {item.payback_years_low && item.payback_years_high
                      ? `${formatDecimal(item.payback_years_low)} à ${formatDecimal(item.payback_years_high)} ans`
                      : '–'}
                  </td>
                  <td>{item.notes.length ? item.notes.join(' ') : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">Aucun travail à proposer d&apos;après le diagnostic.</p>
      )}
      <p className="hint">
        Estimations pour la synthèse technique, pas un audit réglementaire. D&apos;après le{' '}
        <Link to={`/visites/${estimate.visit_id}/diagnostic-technique`}>diagnostic technique de la visite</Link>.
      </p>
    </>
  )
}

function PlanEditor({
  householdId,
  plan,
  estimate,
  onReload,
}: {
  householdId: number
  plan: WorksPlanRead | null
  estimate: WorksEstimateRead | undefined
  onReload: () => void
}) {
  const { hasScope } = useAuth()
  const canWrite = hasScope('diagnostics:write')
  const queryClient = useQueryClient()
  const [rows, setRows] = useState<PlanRow[]>(() => rowsFrom(plan))
  const [version, setVersion] = useState<number | null>(plan?.version ?? null)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<SaveProblem | null>(null)
  const [status, setStatus] = useState('')
  const [pending, setPending] = useState(false)

  const focusLater = (id: string) => requestAnimationFrame(() => document.getElementById(id)?.focus())
  const setRow = (index: number, patch: Partial<PlanRow>) => setRows((rs) => rs.map((r, i) => (i === index ? { ...r, ...patch } : r)))
  const move = (index: number, delta: -1 | 1) => {
    const target = index + delta
    if (target < 0 || target >= rows.length) return
    const next = [...rows]
    ;[next[index], next[target]] = [next[target], next[index]]
    setRows(next)
    setStatus(`« ${rows[index].description} » est maintenant en priorité ${target + 1}.`)
    focusLater(`plan-${next[target].key}-${delta < 0 ? 'up' : 'down'}`)
  }
  const remove = (index: number) => {
    setStatus(`« ${rows[index].description} » retiré du programme (à enregistrer).`)
    setRows(rows.filter((_, i) => i !== index))
    focusLater('plan-save')
  }
  const addFromEstimate = (item: WorkEstimateRead) => {
    const row = rowFromEstimate(item)
    setRows((rs) => [...rs, row])
    setStatus(`« ${item.label} » ajouté en priorité ${rows.length + 1}.`)
    focusLater(`field-items-${rows.length}-description`)
  }

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    const p = new Parser()
    const items = rows.map((r, i) => {
      p.required(`items.${i}.description`, r.description)
      return {
        priority: i + 1,
        work: r.work,
        description: r.description.trim(),
        saving_kwh: p.decimal(`items.${i}.saving_kwh`, r.savingKwh, 3),
        saving_eur: p.decimal(`items.${i}.saving_eur`, r.savingEur, 2),
        comfort_effect: r.comfort.trim(),
        cost_low: p.decimal(`items.${i}.cost_low`, r.costLow, 2),
        cost_high: p.decimal(`items.${i}.cost_high`, r.costHigh, 2),
        possible_aids: r.aids.trim(),
      }
    })
    if (!p.ok) {
      setErrors(p.errors)
      setProblem({ detail: 'Certaines valeurs sont à corriger : voir les messages à côté des champs.', conflict: false, unmatched: [] })
      return
    }
    const body: WorksPlanWrite = { version, items }
    setPending(true)
    setStatus('')
    try {
      const saved = await unwrap(
        api.PUT('/api/v1/households/{household_id}/works-plan', { params: { path: { household_id: householdId } }, body }),
      )
      setVersion(saved.version)
      setErrors({})
      setProblem(null)
      setStatus('Le programme de travaux a été enregistré.')
      queryClient.setQueryData(['works-plan', householdId], saved)
    } catch (err) {
      const known = ['items', ...rows.flatMap((_, i) => ITEM_FIELDS.map((f) => `items.${i}.${f}`))]
      const { errors: byField, problem: pr } = problemFrom(err, known)
      setErrors(byField)
      setProblem(pr)
    } finally {
      setPending(false)
    }
  }

  const planned = new Set(rows.map((r) => r.work))
  const candidates = (estimate?.items ?? []).filter((i) => !planned.has(i.work))

  return (
    <form onSubmit={onSubmit} noValidate className="form form--touch" aria-label="Programme de travaux">
      <SaveProblemAlert problem={problem} onReload={onReload} />
      {errors.items && (
        <p className="field-error">
          <span aria-hidden="true">⚠ </span>
          {errors.items.join(' ')}
        </p>
      )}
      {rows.length === 0 && <p className="muted">Aucun travail au programme.</p>}
      <ol className="plan-list">
        {rows.map((r, i) => (
          <li key={r.key} className="plan-item">
            <fieldset className="fieldset" disabled={!canWrite}>
              <legend>
                Priorité {i + 1} : {r.description || r.work}
              </legend>
              <div className="grid">
                <TextAreaField className="grid__wide" path={`items.${i}.description`} label={`Description (priorité ${i + 1})`} required rows={2} maxLength={500} value={r.description} errors={errors[`items.${i}.description`]} onChange={(x) => setRow(i, { description: x })} />
                <TextField path={`items.${i}.saving_kwh`} label={`Économie en kWh/an (priorité ${i + 1})`} inputMode="decimal" value={r.savingKwh} errors={errors[`items.${i}.saving_kwh`]} onChange={(x) => setRow(i, { savingKwh: x })} />
                <TextField path={`items.${i}.saving_eur`} label={`Économie en €/an (priorité ${i + 1})`} inputMode="decimal" value={r.savingEur} errors={errors[`items.${i}.saving_eur`]} onChange={(x) => setRow(i, { savingEur: x })} />
                <TextField path={`items.${i}.cost_low`} label={`Coût bas en € (priorité ${i + 1})`} inputMode="decimal" value={r.costLow} errors={errors[`items.${i}.cost_low`]} onChange={(x) => setRow(i, { costLow: x })} />
                <TextField path={`items.${i}.cost_high`} label={`Coût haut en € (priorité ${i + 1})`} inputMode="decimal" value={r.costHigh} errors={errors[`items.${i}.cost_high`]} onChange={(x) => setRow(i, { costHigh: x })} />
                <TextField className="grid__wide" path={`items.${i}.comfort_effect`} label={`Effet sur le confort (priorité ${i + 1})`} maxLength={300} value={r.comfort} errors={errors[`items.${i}.comfort_effect`]} onChange={(x) => setRow(i, { comfort: x })} />
                <TextField className="grid__wide" path={`items.${i}.possible_aids`} label={`Aides possibles (priorité ${i + 1})`} hint="Par exemple : MaPrimeRénov', CEE, aide de la caisse de retraite." maxLength={300} value={r.aids} errors={errors[`items.${i}.possible_aids`]} onChange={(x) => setRow(i, { aids: x })} />
              </div>
              {canWrite && (
                <div className="action-bar">
                  <button type="button" id={`plan-${r.key}-up`} className="button button--secondary" disabled={i === 0} onClick={() => move(i, -1)}>
                    Monter<span className="visually-hidden"> « {r.description} »</span>
                  </button>
                  <button type="button" id={`plan-${r.key}-down`} className="button button--secondary" disabled={i === rows.length - 1} onClick={() => move(i, 1)}>
                    Descendre<span className="visually-hidden"> « {r.description} »</span>
                  </button>
                  <button type="button" className="button button--secondary" onClick={() => remove(i)}>
                    Retirer<span className="visually-hidden"> « {r.description} »</span>
                  </button>
                </div>
              )}
            </fieldset>
          </li>
        ))}
      </ol>
      {canWrite && candidates.length > 0 && (
        <div className="add-from-estimate">
          <h3>Ajouter depuis l&apos;estimation</h3>
          <ul className="plain-list">
            {candidates.map((c) => (
              <li key={c.work}>
                <button type="button" className="button button--secondary" onClick={() => addFromEstimate(c)}>
                  Ajouter « {c.label} »
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {canWrite && (
        <div className="form-actions">
          <button type="submit" id="plan-save" className="button" disabled={pending}>
            Enregistrer le programme
          </button>
        </div>
      )}
      <p role="status" aria-live="polite" className={status ? 'alert alert--success' : 'alert-slot'}>
        {status}
      </p>
    </form>
  )
}

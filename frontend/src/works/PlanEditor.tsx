import { useState, type FormEvent } from 'react'
import { useSaveWorksPlan } from '../api/works'
import type {
  ScenarioStepRead,
  WorkEstimateRead,
  WorksEstimateRead,
  WorksPlanRead,
  WorksPlanWrite,
  WorksScenarioRead,
} from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { Parser, problemFrom, rowKey, type SaveProblem } from '../diagnostics/formSupport'
import { SaveProblemAlert } from '../diagnostics/SaveProblemAlert'
import { TextAreaField, TextField } from '../household/fields'
import { decimalToInput } from '../lib/parse'
import { DraftNotice, LeaveGuard, SaveStateBadge } from '../offline/components'
import { isNetworkFailure, useDraft } from '../offline/drafts'
import { dropPendingOf, enqueue } from '../offline/queue'

export interface PlanRow {
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

/** A line of the estimate, or a step of a scenario (its own saving in the sequence), as a plan row. */
function rowFromEstimate(item: WorkEstimateRead | ScenarioStepRead): PlanRow {
  return {
    key: rowKey(),
    work: item.work,
    description: item.label,
    savingKwh: decimalToInput(item.saving.kwh),
    savingEur: decimalToInput(item.saving.eur),
    comfort: '',
    costLow: decimalToInput(item.cost.low_ttc),
    costHigh: decimalToInput(item.cost.high_ttc),
    aids: '',
  }
}

const ITEM_FIELDS = ['work', 'description', 'saving_kwh', 'saving_eur', 'comfort_effect', 'cost_low', 'cost_high', 'possible_aids']

/** The ordered works plan: rows edited by hand, or copied from a line or a scenario of the estimate. */
export function PlanEditor({
  householdId,
  householdName = '',
  plan,
  estimate,
  onReload,
}: {
  householdId: number
  /** For the queued change's label (« Programme de travaux – Famille X »). */
  householdName?: string
  plan: WorksPlanRead | null
  estimate: WorksEstimateRead | undefined
  onReload: () => void
}) {
  const { hasScope } = useAuth()
  const canWrite = hasScope('diagnostics:write')
  const savePlan = useSaveWorksPlan(householdId)
  const [rows, setRows] = useState<PlanRow[]>(() => rowsFrom(plan))
  const [version, setVersion] = useState<number | null>(plan?.version ?? null)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<SaveProblem | null>(null)
  const [status, setStatus] = useState('')
  const [pending, setPending] = useState(false)
  // The rows are kept on the device as they are typed; offline, the save is queued.
  const draftKey = `works-plan:${householdId}`
  const path = `/api/v1/households/${householdId}/works-plan`
  const draft = useDraft(draftKey, rows, { serverUpdatedAt: plan?.updated_at, enabled: canWrite, onRestore: (v) => setRows(v) })

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

  const addScenario = (scenario: WorksScenarioRead) => {
    const taken = new Set(rows.map((r) => r.work))
    const added = scenario.steps.filter((st) => !taken.has(st.work)).map(rowFromEstimate)
    if (!added.length) {
      setStatus(`Les étapes du scénario « ${scenario.label} » sont déjà au programme.`)
      return
    }
    // A step already planned keeps its row; the others follow, in the scenario's order, with their own saving
    // in the sequence (not the saving of the work alone).
    setRows((rs) => [...rs, ...added])
    setStatus(
      `${added.length} étape(s) du scénario « ${scenario.label} » ajoutée(s) au programme, priorités ${rows.length + 1} à ${rows.length + added.length} (à enregistrer).`,
    )
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
    const queueIt = async () => {
      await enqueue({
        method: 'PUT',
        path,
        body: body as unknown as Record<string, unknown>,
        label: `Programme de travaux${householdName ? ` – ${householdName}` : ''}`,
        householdId,
        draftKey,
        recordUrl: path,
      })
      await draft.markQueued(rows)
      setErrors({})
      setProblem(null)
      setStatus('Hors ligne : le programme de travaux est gardé sur cet appareil et sera envoyé au retour du réseau.')
    }
    try {
      if (navigator.onLine === false) {
        await queueIt()
        return
      }
      // Stored as answered by the hook (src/api/works.ts).
      const saved = await savePlan.mutateAsync(body)
      setVersion(saved.version)
      setErrors({})
      setProblem(null)
      setStatus('Le programme de travaux a été enregistré.')
      draft.markSaved(rows)
      void dropPendingOf(draftKey)
    } catch (err) {
      if (isNetworkFailure(err)) {
        await queueIt()
        return
      }
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
  const scenarios = (estimate?.scenarios ?? []).filter((sc) => sc.steps.some((st) => !planned.has(st.work)))

  return (
    <form onSubmit={onSubmit} noValidate className="form form--touch" aria-label="Programme de travaux">
      <LeaveGuard when={draft.dirty} />
      {canWrite && <SaveStateBadge draft={draft} />}
      <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => void draft.discard().then(onReload)} />
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
      {canWrite && (candidates.length > 0 || scenarios.length > 0) && (
        <div className="add-from-estimate">
          <h3>Ajouter depuis l&apos;estimation</h3>
          {scenarios.length > 0 && (
            <>
              <p className="hint">
                Un scénario ajoute ses étapes dans l&apos;ordre, chacune avec son économie dans la séquence (elles
                s&apos;additionnent).
              </p>
              <ul className="plain-list">
                {scenarios.map((sc) => (
                  <li key={sc.code}>
                    <button type="button" className="button button--secondary" onClick={() => addScenario(sc)}>
                      Ajouter les étapes du scénario « {sc.label} »
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {candidates.length > 0 && (
            <>
              <p className="hint">Un travail seul garde l&apos;économie estimée seule : elle ne s&apos;ajoute pas à celle des autres lignes.</p>
              <ul className="plain-list">
                {candidates.map((c) => (
                  <li key={c.work}>
                    <button type="button" className="button button--secondary" onClick={() => addFromEstimate(c)}>
                      Ajouter « {c.label} »
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
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

import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useSaveSocialDiagnostic, useSocialDiagnostic } from '../api/diagnostics'
import { useHousehold } from '../api/households'
import type { AidKind, ChargeKind, IncomeSource, SocialDiagnosticRead, SocialDiagnosticWrite } from '../api/types'
import { useAuth } from '../auth/AuthContext'
import { Loading, QueryError } from '../components/Status'
import { EditableRows, type Column } from '../diagnostics/EditableRows'
import { Parser, rowKey } from '../diagnostics/formSupport'
import { rowListBinder } from '../diagnostics/rowListBinder'
import { SaveActions } from '../diagnostics/SaveActions'
import { DraftNotice, LeaveGuard, SaveStateBadge } from '../offline/components'
import { useDraft } from '../offline/drafts'
import { dropPendingOf, enqueue } from '../offline/queue'
import { SaveProblemAlert } from '../diagnostics/SaveProblemAlert'
import { useVersionedSave } from '../diagnostics/useVersionedSave'
import { EligibilityPanel } from '../diagnostics/EligibilityPanel'
import { TextAreaField, TextField } from '../household/fields'
import { formatDateTime } from '../lib/datetime'
import { formatAmount } from '../lib/format'
import {
  AID_KIND_LABELS,
  CHARGE_KIND_LABELS,
  DEBT_KIND_LABELS,
  INCOME_SOURCE_LABELS,
  options,
} from '../lib/labels'
import { decimalToInput, isoToFrenchDate } from '../lib/parse'
import { usePageTitle } from '../lib/usePageTitle'
import { HouseholdBreadcrumb } from '../components/HouseholdBreadcrumb'

type DebtKind = keyof typeof DEBT_KIND_LABELS

interface IncomeRow {
  key: string
  source: IncomeSource | ''
  monthly: string
}
interface ChargeRow {
  key: string
  kind: ChargeKind | ''
  monthly: string
}
interface AidRow {
  key: string
  kind: AidKind | ''
  yearly: string
  receivedOn: string
}
interface DebtRow {
  key: string
  creditor: string
  kind: DebtKind | ''
  amount: string
}
interface SocialValues {
  incomes: IncomeRow[]
  charges: ChargeRow[]
  aids: AidRow[]
  debts: DebtRow[]
  feltCold: 'yes' | 'no' | ''
  /** The tax notices: revenu fiscal de référence, the year of that income, persons counted. */
  taxIncome: string
  taxYear: string
  taxPersons: string
  notes: string
}

function valuesFrom(d: SocialDiagnosticRead | null): SocialValues {
  return {
    incomes: (d?.incomes ?? []).map((i) => ({ key: rowKey(), source: i.source, monthly: decimalToInput(i.monthly_eur) })),
    charges: (d?.charges ?? []).map((c) => ({ key: rowKey(), kind: c.kind, monthly: decimalToInput(c.monthly_eur) })),
    aids: (d?.aids ?? []).map((a) => ({
      key: rowKey(),
      kind: a.kind,
      yearly: decimalToInput(a.yearly_eur),
      receivedOn: isoToFrenchDate(a.received_on),
    })),
    debts: (d?.debts ?? []).map((x) => ({ key: rowKey(), creditor: x.creditor, kind: x.kind, amount: decimalToInput(x.amount_eur) })),
    feltCold: d?.felt_cold === true ? 'yes' : d?.felt_cold === false ? 'no' : '',
    taxIncome: decimalToInput(d?.tax_reference_income_eur),
    taxYear: d?.tax_income_year ? String(d.tax_income_year) : '',
    taxPersons: d?.tax_household_persons ? String(d.tax_household_persons) : '',
    notes: d?.notes ?? '',
  }
}

const set =
  <R, K extends keyof R>(k: K) =>
  (r: R, v: string): R => ({ ...r, [k]: v })

const INCOME_COLUMNS: Column<IncomeRow>[] = [
  { name: 'source', label: 'Source', kind: 'select', options: options(INCOME_SOURCE_LABELS), get: (r) => r.source, set: set('source'), required: true },
  { name: 'monthly_eur', label: 'Montant mensuel (€)', kind: 'decimal', get: (r) => r.monthly, set: set('monthly'), required: true },
]
const CHARGE_COLUMNS: Column<ChargeRow>[] = [
  { name: 'kind', label: 'Charge', kind: 'select', options: options(CHARGE_KIND_LABELS), get: (r) => r.kind, set: set('kind'), required: true },
  { name: 'monthly_eur', label: 'Montant mensuel (€)', kind: 'decimal', get: (r) => r.monthly, set: set('monthly'), required: true },
]
const AID_COLUMNS: Column<AidRow>[] = [
  { name: 'kind', label: 'Aide', kind: 'select', options: options(AID_KIND_LABELS), get: (r) => r.kind, set: set('kind'), required: true },
  { name: 'yearly_eur', label: 'Montant annuel (€)', kind: 'decimal', get: (r) => r.yearly, set: set('yearly'), required: true },
  { name: 'received_on', label: 'Reçue le', kind: 'date', get: (r) => r.receivedOn, set: set('receivedOn') },
]
const DEBT_COLUMNS: Column<DebtRow>[] = [
  { name: 'creditor', label: 'Créancier', kind: 'text', get: (r) => r.creditor, set: set('creditor'), required: true },
  { name: 'kind', label: 'Nature', kind: 'select', options: options(DEBT_KIND_LABELS), get: (r) => r.kind, set: set('kind'), required: true },
  { name: 'amount_eur', label: 'Montant dû (€)', kind: 'decimal', get: (r) => r.amount, set: set('amount'), required: true },
]

const TAX_FIELDS = ['tax_reference_income_eur', 'tax_income_year', 'tax_household_persons']

function knownFields(v: SocialValues): string[] {
  const paths = ['incomes', 'charges', 'aids', 'debts', 'felt_cold', 'notes', ...TAX_FIELDS]
  const add = (list: string, n: number, cols: { name: string }[]) => {
    for (let i = 0; i < n; i++) for (const c of cols) paths.push(`${list}.${i}.${c.name}`)
  }
  add('incomes', v.incomes.length, INCOME_COLUMNS)
  add('charges', v.charges.length, CHARGE_COLUMNS)
  add('aids', v.aids.length, AID_COLUMNS)
  add('debts', v.debts.length, DEBT_COLUMNS)
  return paths
}

function buildPayload(v: SocialValues, version: number | null): { payload: SocialDiagnosticWrite | null; errors: Record<string, string[]> } {
  const p = new Parser()
  const payload: SocialDiagnosticWrite = {
    version,
    incomes: v.incomes.map((r, i) => {
      p.required(`incomes.${i}.source`, r.source)
      return { source: r.source as IncomeSource, monthly_eur: p.amount(`incomes.${i}.monthly_eur`, r.monthly) }
    }),
    charges: v.charges.map((r, i) => {
      p.required(`charges.${i}.kind`, r.kind)
      return { kind: r.kind as ChargeKind, monthly_eur: p.amount(`charges.${i}.monthly_eur`, r.monthly) }
    }),
    aids: v.aids.map((r, i) => {
      p.required(`aids.${i}.kind`, r.kind)
      return {
        kind: r.kind as AidKind,
        yearly_eur: p.amount(`aids.${i}.yearly_eur`, r.yearly),
        received_on: p.date(`aids.${i}.received_on`, r.receivedOn),
      }
    }),
    debts: v.debts.map((r, i) => {
      p.required(`debts.${i}.creditor`, r.creditor)
      p.required(`debts.${i}.kind`, r.kind)
      return { creditor: r.creditor.trim(), kind: r.kind as DebtKind, amount_eur: p.amount(`debts.${i}.amount_eur`, r.amount) }
    }),
    felt_cold: v.feltCold === '' ? null : v.feltCold === 'yes',
    tax_reference_income_eur: p.decimal('tax_reference_income_eur', v.taxIncome, 2),
    tax_income_year: p.integer('tax_income_year', v.taxYear),
    tax_household_persons: p.integer('tax_household_persons', v.taxPersons),
    notes: v.notes,
  }
  return { payload: p.ok ? payload : null, errors: p.errors }
}

/** /menages/:id/diagnostic-social – income, charges, aids and debts (coordinators only). */
export function SocialDiagnosticPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  const diagnostic = useSocialDiagnostic(id)
  // Bumped after a reload (409) so that the form restarts from the stored version.
  const [generation, setGeneration] = useState(0)
  usePageTitle(household.data ? `Diagnostic social – ${household.data.display_name}` : 'Diagnostic social')

  if (household.isPending || diagnostic.isPending) return <Loading />
  if (household.isError || diagnostic.isError)
    return (
      <>
        <h1>Diagnostic social</h1>
        <QueryError error={household.error ?? diagnostic.error} notFound="Ce ménage est introuvable." />
      </>
    )
  const h = household.data
  return (
    <>
      <HouseholdBreadcrumb household={h} current="Diagnostic social" />
      <h1>Diagnostic social : {h.display_name}</h1>
      <p className="hint">Confidentiel : ces informations ne sont pas montrées au conseiller énergie.</p>
      <SocialForm
        key={generation}
        householdId={h.id}
        householdName={h.display_name}
        diagnostic={diagnostic.data}
        onReload={() => void diagnostic.refetch().then(() => setGeneration((g) => g + 1))}
      />
    </>
  )
}

function SocialForm({
  householdId,
  householdName,
  diagnostic,
  onReload,
}: {
  householdId: number
  householdName: string
  diagnostic: SocialDiagnosticRead | null
  onReload: () => void
}) {
  const { hasScope } = useAuth()
  const canWrite = hasScope('social:write')
  const saveDiagnostic = useSaveSocialDiagnostic(householdId)
  const [values, setValues] = useState<SocialValues>(() => valuesFrom(diagnostic))
  const draftKey = `social-diagnostic:${householdId}`
  const path = `/api/v1/households/${householdId}/social-diagnostic`
  const draft = useDraft(draftKey, values, { serverUpdatedAt: diagnostic?.updated_at, enabled: canWrite, onRestore: (v) => setValues(v) })
  const { saved, errors, problem, success, pending, onSubmit } = useVersionedSave({
    initial: diagnostic,
    build: (version) => buildPayload(values, version),
    // The hook stores the diagnostic and has the analysis and the eligibility read again.
    send: (body) => saveDiagnostic.mutateAsync(body),
    onSaved: (result) => {
      const next = valuesFrom(result)
      setValues(next)
      draft.markSaved(next)
      void dropPendingOf(draftKey)
      return 'Le diagnostic social a été enregistré.'
    },
    knownFields: () => knownFields(values),
    queue: async (body) => {
      await enqueue({
        method: 'PUT',
        path,
        body: body as unknown as Record<string, unknown>,
        label: `Diagnostic social – ${householdName}`,
        householdId,
        draftKey,
        recordUrl: path,
      })
      await draft.markQueued(values)
      return 'Hors ligne : le diagnostic social est gardé sur cet appareil et sera envoyé au retour du réseau.'
    },
  })
  const rowList = rowListBinder(values, setValues, errors, !canWrite)

  return (
    <div className="diagnostic-layout">
      <form onSubmit={onSubmit} noValidate className="form" aria-label="Diagnostic social">
        <LeaveGuard when={draft.dirty} />
        {canWrite && <SaveStateBadge draft={draft} />}
        <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => void draft.discard().then(onReload)} />
        <SaveProblemAlert problem={problem} onReload={onReload} />
        <fieldset disabled={!canWrite} className="plain-fieldset">
          <EditableRows<IncomeRow>
            {...rowList('incomes')}
            legend="Ressources mensuelles"
            noun="ressource"
            addLabel="Ajouter une ressource"
            columns={INCOME_COLUMNS}
            newRow={() => ({ key: rowKey(), source: '', monthly: '' })}
          />
          <EditableRows<ChargeRow>
            {...rowList('charges')}
            legend="Charges mensuelles"
            noun="charge"
            addLabel="Ajouter une charge"
            columns={CHARGE_COLUMNS}
            newRow={() => ({ key: rowKey(), kind: '', monthly: '' })}
          />
          <EditableRows<AidRow>
            {...rowList('aids')}
            legend="Aides reçues dans l'année"
            noun="aide"
            addLabel="Ajouter une aide"
            columns={AID_COLUMNS}
            newRow={() => ({ key: rowKey(), kind: '', yearly: '', receivedOn: '' })}
          />
          <EditableRows<DebtRow>
            {...rowList('debts')}
            legend="Dettes"
            noun="dette"
            addLabel="Ajouter une dette"
            columns={DEBT_COLUMNS}
            newRow={() => ({ key: rowKey(), creditor: '', kind: '', amount: '' })}
          />
          <fieldset className="fieldset">
            <legend>Froid ressenti l&apos;hiver dernier (pour des raisons de coût ou de logement)</legend>
            <div className="radio-row">
              {(
                [
                  ['yes', 'Oui'],
                  ['no', 'Non'],
                  ['', 'Non renseigné'],
                ] as const
              ).map(([v, l]) => (
                <label key={v || 'unknown'} className="radio">
                  <input
                    type="radio"
                    name="felt_cold"
                    value={v}
                    checked={values.feltCold === v}
                    onChange={() => setValues((x) => ({ ...x, feltCold: v }))}
                  />
                  {l}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset className="fieldset" aria-describedby="tax-help">
            <legend>Avis d&apos;imposition (catégorie Anah, chèque énergie)</legend>
            <p className="hint" id="tax-help">
              Additionnez les revenus fiscaux de référence des avis de toutes les personnes qui vivent dans le
              logement. L&apos;avis 2025 porte sur les revenus 2024.
            </p>
            <div className="grid grid--pair">
              <TextField
                path="tax_reference_income_eur"
                label="Revenu fiscal de référence (€)"
                inputMode="decimal"
                value={values.taxIncome}
                errors={errors.tax_reference_income_eur}
                onChange={(taxIncome) => setValues((v) => ({ ...v, taxIncome }))}
              />
              <TextField
                path="tax_income_year"
                label="Année des revenus"
                hint="Par exemple 2024 pour l’avis reçu en 2025."
                inputMode="numeric"
                maxLength={4}
                value={values.taxYear}
                errors={errors.tax_income_year}
                onChange={(taxYear) => setValues((v) => ({ ...v, taxYear }))}
              />
              <TextField
                path="tax_household_persons"
                label="Nombre de personnes des foyers fiscaux"
                hint="Seulement s’il diffère des membres du ménage (plusieurs foyers fiscaux, une personne absente de la liste)."
                inputMode="numeric"
                maxLength={2}
                value={values.taxPersons}
                errors={errors.tax_household_persons}
                onChange={(taxPersons) => setValues((v) => ({ ...v, taxPersons }))}
              />
            </div>
          </fieldset>
          <TextAreaField
            path="notes"
            label="Notes"
            value={values.notes}
            maxLength={2000}
            errors={errors.notes}
            onChange={(notes) => setValues((v) => ({ ...v, notes }))}
          />
        </fieldset>
        <SaveActions canWrite={canWrite} pending={pending} success={success} label="Enregistrer le diagnostic social" />
      </form>
      <aside className="card summary-card" aria-labelledby="s-social-totals">
        <h2 id="s-social-totals">Ce qu&apos;en retient le calcul</h2>
        {saved ? (
          <dl className="dl">
            <div className="dl__item">
              <dt>Revenu annuel</dt>
              <dd data-testid="yearly-income">{formatAmount(saved.yearly_income_eur)}</dd>
            </div>
            <div className="dl__item">
              <dt>Coûts du logement par an</dt>
              <dd data-testid="housing-costs">{formatAmount(saved.housing_costs_eur)}</dd>
            </div>
          </dl>
        ) : (
          <p className="muted">Rien d&apos;enregistré pour l&apos;instant.</p>
        )}
        <p className="hint">
          Revenu annuel : ressources mensuelles × 12, plus les aides annuelles. Coûts du logement : loyer, prêt
          et charges, moins l&apos;aide au logement, sur un an. Chiffres recalculés à chaque enregistrement.
        </p>
        {saved?.updated_by && (
          <p className="muted small">
            Enregistré par {saved.updated_by.full_name} le {formatDateTime(saved.updated_at)}.
          </p>
        )}
        <p>
          <Link to={`/menages/${householdId}/factures`}>Voir les factures et l&apos;analyse</Link>
        </p>
      </aside>
      <EligibilityPanel householdId={householdId} />
    </div>
  )
}

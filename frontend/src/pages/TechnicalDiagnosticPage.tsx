import { useState } from 'react'
import { Link, useParams } from 'react-router'
import { useEquipmentCatalogue } from '../api/catalogues'
import { useSaveTechnicalDiagnostic, useTechnicalDiagnostic } from '../api/diagnostics'
import { useVisit } from '../api/visits'
import { useHousehold } from '../api/households'
import type {
  AltitudeClass,
  ConstructionPeriod,
  DecencyItem,
  DpeClass,
  DwellingType,
  EnvelopeKind,
  EquipmentItemRead,
  GlazingType as Glazing,
  HeatingEmitters as Emitters,
  HouseholdRead,
  InsulationState,
  SystemUse,
  TechnicalDiagnosticRead,
  TechnicalDiagnosticWrite,
  VisitRead,
} from '../api/types'
import { useEnergyVocabulary } from '../api/vocabulary'
import { Loading, QueryError } from '../components/Status'
import { EditableRows, type Column } from '../diagnostics/EditableRows'
import { Parser, rowKey } from '../diagnostics/formSupport'
import { rowListBinder } from '../diagnostics/rowListBinder'
import { SaveActions } from '../diagnostics/SaveActions'
import { SaveProblemAlert } from '../diagnostics/SaveProblemAlert'
import { useVersionedSave } from '../diagnostics/useVersionedSave'
import { CheckboxField, SelectField, TextAreaField, TextField } from '../household/fields'
import { formatDateTime } from '../lib/datetime'
import { energies, energyLabel, labelOf, optionsOf, type Energy, type EnergyVocabulary } from '../lib/energy'
import { formatAmount, formatDecimal, formatInteger, parseFrenchDecimal } from '../lib/format'
import { DECENCY_VALUE_LABELS, DWELLING_TYPE_LABELS, options } from '../lib/labels'
import { DATE_FORMAT_HINT, DATE_INPUT, decimalToInput, isoToFrenchDate } from '../lib/parse'
import { usePageTitle } from '../lib/usePageTitle'
import { DraftNotice, LeaveGuard, SaveStateBadge } from '../offline/components'
import { useDraft } from '../offline/drafts'
import { dropPendingOf, enqueue } from '../offline/queue'

// The enums' values and labels (walls, insulation, glazing, uses, emitters, DPE classes…) are the API's
// energy vocabulary (api/vocabulary.ts): the form lists what the API accepts.
type DecencyValue = keyof typeof DECENCY_VALUE_LABELS

interface EnvelopeRow {
  key: string
  kind: EnvelopeKind | ''
  description: string
  area: string
  insulation: InsulationState
  u: string
  b: string
  glazing: Glazing | ''
  /** The U-value the server filled in when the input was left empty. */
  defaultU?: string
}
interface SystemRow {
  key: string
  use: SystemUse | ''
  energy: Energy | ''
  systemType: string
  age: string
  efficiency: string
  controls: string
  main: string
  emitters: Emitters
  yearlyKwh: string
}
interface MeasurementRow {
  key: string
  room: string
  temperature: string
  humidity: string
  measuredAt: string | null
}
interface TechnicalValues {
  dwellingType: DwellingType | ''
  constructionPeriod: ConstructionPeriod
  surface: string
  levels: string
  ceiling: string
  altitude: AltitudeClass | ''
  envelope: EnvelopeRow[]
  systems: SystemRow[]
  ventilation: string
  mould: boolean
  condensation: boolean
  humidityNotes: string
  measurements: MeasurementRow[]
  appliances: string
  cookingEnergy: Energy | null
  decency: Partial<Record<DecencyItem, DecencyValue>>
  hasDpe: boolean
  dpeNumber: string
  dpeClass: DpeClass | ''
  dpeDate: string
  equipment: Record<string, string>
  notes: string
}

function valuesFrom(d: TechnicalDiagnosticRead | null, household: HouseholdRead | undefined): TechnicalValues {
  const dw = household?.dwelling
  const defaulted = new Set(d?.defaulted_u_values ?? [])
  return {
    dwellingType: d?.dwelling_type ?? dw?.dwelling_type ?? '',
    constructionPeriod: d?.construction_period ?? dw?.construction_period ?? 'unknown',
    surface: decimalToInput(d?.surface_m2 ?? dw?.surface_m2),
    levels: d ? String(d.levels) : '1',
    ceiling: decimalToInput(d?.ceiling_height_m ?? '2.5'),
    altitude: d?.altitude_class ?? dw?.altitude_class ?? '',
    envelope: (d?.envelope ?? []).map((e, i) => ({
      key: rowKey(),
      kind: e.kind,
      description: e.description ?? '',
      area: decimalToInput(e.area_m2),
      insulation: e.insulation ?? 'unknown',
      u: defaulted.has(i) ? '' : decimalToInput(e.u_value),
      b: String(e.b ?? '1'),
      glazing: e.glazing ?? '',
      defaultU: defaulted.has(i) && e.u_value != null ? String(e.u_value) : undefined,
    })),
    systems: (d?.systems ?? []).map((s) => ({
      key: rowKey(),
      use: s.use,
      energy: s.energy,
      systemType: s.system_type,
      age: s.age_years != null ? String(s.age_years) : '',
      efficiency: decimalToInput(s.efficiency),
      controls: s.controls ?? '',
      main: s.main === false ? 'false' : 'true',
      emitters: s.emitters ?? 'unknown',
      yearlyKwh: decimalToInput(s.yearly_kwh),
    })),
    ventilation: d?.ventilation ?? '',
    mould: d?.humidity_mould ?? false,
    condensation: d?.condensation ?? false,
    humidityNotes: d?.humidity_notes ?? '',
    measurements: (d?.measurements ?? []).map((m) => ({
      key: rowKey(),
      room: m.room,
      temperature: decimalToInput(m.temperature_c),
      humidity: decimalToInput(m.relative_humidity_pct),
      measuredAt: m.measured_at ?? null,
    })),
    appliances: d?.appliances ?? '',
    cookingEnergy: (d?.cooking_energy ?? null) as Energy | null,
    decency: { ...(d?.decency ?? {}) } as Partial<Record<DecencyItem, DecencyValue>>,
    hasDpe: !!d?.dpe,
    dpeNumber: d?.dpe?.number ?? '',
    dpeClass: d?.dpe?.energy_class ?? '',
    dpeDate: isoToFrenchDate(d?.dpe?.established_on),
    equipment: Object.fromEntries((d?.equipment_installed ?? []).map((i) => [i.code, String(i.quantity)])),
    notes: d?.notes ?? '',
  }
}

const set =
  <R, K extends keyof R>(k: K) =>
  (r: R, v: string): R => ({ ...r, [k]: v })

/** Changing what decides a defaulted U-value drops the default shown. */
const setEnvelope =
  (k: keyof EnvelopeRow) =>
  (r: EnvelopeRow, v: string): EnvelopeRow => ({
    ...r,
    [k]: v,
    // A glazing type only concerns windows: a row that stops being one drops it (the API would refuse it).
    ...(k === 'kind' && v !== 'window' ? { glazing: '' as const } : {}),
    defaultU: k === 'description' || k === 'area' ? r.defaultU : undefined,
  })

const envelopeColumns = (vocabulary: EnergyVocabulary): Column<EnvelopeRow>[] => [
  { name: 'kind', label: 'Paroi', kind: 'select', options: optionsOf(vocabulary.envelope_kinds), get: (r) => r.kind, set: setEnvelope('kind'), required: true },
  { name: 'description', label: 'Description', kind: 'text', get: (r) => r.description, set: setEnvelope('description') },
  { name: 'area_m2', label: 'Surface (m²)', kind: 'decimal', get: (r) => r.area, set: setEnvelope('area'), required: true },
  { name: 'insulation', label: 'Isolation', kind: 'select', options: optionsOf(vocabulary.insulation_states), get: (r) => r.insulation, set: setEnvelope('insulation') },
  {
    name: 'glazing',
    label: 'Vitrage (fenêtres)',
    kind: 'select',
    options: optionsOf(vocabulary.glazing_types),
    get: (r) => r.glazing,
    set: setEnvelope('glazing'),
    hint: (r) =>
      r.kind === 'window'
        ? 'Obligatoire pour une fenêtre sans U saisi : le type de vitrage vu sur place.'
        : 'Fenêtres seulement : laisser vide pour une autre paroi.',
  },
  {
    name: 'u_value',
    label: 'U (W/m².K)',
    kind: 'decimal',
    get: (r) => r.u,
    set: setEnvelope('u'),
    hint: (r) =>
      r.defaultU
        ? `Valeur par défaut : ${formatDecimal(r.defaultU)} (d'après la période de construction).`
        : 'Laisser vide pour la valeur par défaut.',
  },
]

const systemColumns = (vocabulary: EnergyVocabulary): Column<SystemRow>[] => [
  { name: 'use', label: 'Usage', kind: 'select', options: optionsOf(vocabulary.system_uses), get: (r) => r.use, set: set('use'), required: true },
  {
    name: 'energy',
    label: 'Énergie',
    kind: 'select',
    options: energies(vocabulary).filter((e) => e !== 'water').map((e) => [e, energyLabel(vocabulary, e)]),
    get: (r) => r.energy,
    set: set('energy'),
    required: true,
  },
  { name: 'system_type', label: 'Équipement', kind: 'text', get: (r) => r.systemType, set: set('systemType'), required: true, hint: 'Par exemple : chaudière fioul standard, convecteurs.' },
  { name: 'age_years', label: 'Âge (ans)', kind: 'decimal', get: (r) => r.age, set: set('age') },
  { name: 'efficiency', label: 'Rendement', kind: 'decimal', get: (r) => r.efficiency, set: set('efficiency'), required: true, hint: 'Rendement saisonnier, par exemple 0,85 (pompe à chaleur : son SCOP).' },
  { name: 'controls', label: 'Régulation', kind: 'text', get: (r) => r.controls, set: set('controls') },
  {
    name: 'main',
    label: 'Système principal',
    kind: 'checkbox',
    get: (r) => r.main,
    set: set('main'),
    hint: (r) =>
      r.main === 'true'
        ? 'Le chauffage principal (un seul) : il faut un chauffage principal pour estimer les travaux.'
        : 'Non coché : appoint (non principal), par exemple un poêle à bois à côté de la chaudière.',
  },
  { name: 'emitters', label: 'Émetteurs', kind: 'select', options: optionsOf(vocabulary.heating_emitters), get: (r) => r.emitters, set: set('emitters') },
  {
    name: 'yearly_kwh',
    label: 'Consommation annuelle (kWh)',
    kind: 'decimal',
    get: (r) => r.yearlyKwh,
    set: set('yearlyKwh'),
    hint: (r) =>
      r.main === 'true'
        ? 'Seulement sans facture de cette énergie ; sinon laisser vide (les factures font foi).'
        : 'Pour un appoint sans facture (bois de l’affouage : stères × 1 680 kWh) ; vide, il est compté sur la facture de son énergie.',
  },
]

const MEASUREMENT_COLUMNS: Column<MeasurementRow>[] = [
  { name: 'room', label: 'Pièce', kind: 'text', get: (r) => r.room, set: set('room'), required: true },
  { name: 'temperature_c', label: 'Température (°C)', kind: 'decimal', get: (r) => r.temperature, set: set('temperature') },
  { name: 'relative_humidity_pct', label: 'Humidité relative (%)', kind: 'decimal', get: (r) => r.humidity, set: set('humidity') },
]

const SCALAR_FIELDS = [
  'dwelling_type', 'construction_period', 'surface_m2', 'levels', 'ceiling_height_m', 'altitude_class', 'envelope', 'systems',
  'ventilation', 'humidity_mould', 'condensation', 'humidity_notes', 'measurements', 'appliances', 'cooking_energy', 'decency', 'dpe',
  'dpe.number', 'dpe.energy_class', 'dpe.established_on', 'equipment_installed', 'notes',
]

function knownFields(v: TechnicalValues, catalogue: EquipmentItemRead[], vocabulary: EnergyVocabulary): string[] {
  const paths = [...SCALAR_FIELDS]
  const add = (list: string, n: number, cols: { name: string }[]) => {
    for (let i = 0; i < n; i++) for (const c of cols) paths.push(`${list}.${i}.${c.name}`)
  }
  add('envelope', v.envelope.length, envelopeColumns(vocabulary))
  add('systems', v.systems.length, systemColumns(vocabulary))
  add('measurements', v.measurements.length, MEASUREMENT_COLUMNS)
  catalogue.forEach((_, i) => paths.push(`equipment.${i}`))
  return paths
}

function buildPayload(v: TechnicalValues, version: number | null, catalogue: EquipmentItemRead[]) {
  const p = new Parser()
  p.required('dwelling_type', v.dwellingType)
  p.required('altitude_class', v.altitude)
  const equipment_installed: { code: string; quantity: number }[] = []
  catalogue.forEach((item, i) => {
    const q = p.integer(`equipment.${i}`, v.equipment[item.code] ?? '')
    if (q) equipment_installed.push({ code: item.code, quantity: q })
  })
  if (v.hasDpe) p.required('dpe.energy_class', v.dpeClass)
  const payload: TechnicalDiagnosticWrite = {
    version,
    dwelling_type: v.dwellingType as DwellingType,
    construction_period: v.constructionPeriod,
    surface_m2: p.decimal('surface_m2', v.surface, 1, true) ?? '0',
    levels: p.integer('levels', v.levels) ?? 1,
    ceiling_height_m: p.decimal('ceiling_height_m', v.ceiling, 2) ?? '2.5',
    altitude_class: v.altitude as AltitudeClass,
    envelope: v.envelope.map((e, i) => {
      p.required(`envelope.${i}.kind`, e.kind)
      return {
        kind: e.kind as EnvelopeKind,
        description: e.description.trim(),
        area_m2: p.decimal(`envelope.${i}.area_m2`, e.area, 1, true) ?? '0',
        insulation: e.insulation,
        u_value: p.decimal(`envelope.${i}.u_value`, e.u, 3),
        b: e.b || '1',
        glazing: e.glazing || null,
      }
    }),
    systems: v.systems.map((s, i) => {
      p.required(`systems.${i}.use`, s.use)
      p.required(`systems.${i}.energy`, s.energy)
      p.required(`systems.${i}.system_type`, s.systemType)
      return {
        use: s.use as SystemUse,
        energy: s.energy as Energy,
        system_type: s.systemType.trim(),
        age_years: p.integer(`systems.${i}.age_years`, s.age),
        efficiency: p.decimal(`systems.${i}.efficiency`, s.efficiency, 2, true) ?? '1',
        controls: s.controls.trim(),
        main: s.main === 'true',
        emitters: s.emitters,
        yearly_kwh: p.decimal(`systems.${i}.yearly_kwh`, s.yearlyKwh, 0),
      }
    }),
    ventilation: v.ventilation.trim(),
    humidity_mould: v.mould,
    condensation: v.condensation,
    humidity_notes: v.humidityNotes,
    measurements: v.measurements.map((m, i) => {
      p.required(`measurements.${i}.room`, m.room)
      return {
        room: m.room.trim(),
        temperature_c: p.decimal(`measurements.${i}.temperature_c`, m.temperature, 1),
        relative_humidity_pct: p.decimal(`measurements.${i}.relative_humidity_pct`, m.humidity, 1),
        measured_at: m.measuredAt,
      }
    }),
    appliances: v.appliances,
    cooking_energy: v.cookingEnergy,
    decency: v.decency,
    dpe: v.hasDpe
      ? {
          number: v.dpeNumber.trim() || null,
          energy_class: v.dpeClass as DpeClass,
          established_on: p.date('dpe.established_on', v.dpeDate),
        }
      : null,
    equipment_installed,
    notes: v.notes,
  }
  return { payload: p.ok ? payload : null, errors: p.errors }
}

/** /visites/:id/diagnostic-technique – the advisor's diagnostic of the dwelling, in sections. */
export function TechnicalDiagnosticPage() {
  const visitId = Number(useParams().visitId)
  const visit = useVisit(visitId)
  const household = useHousehold(visit.data?.household.id ?? 0)
  const diagnostic = useTechnicalDiagnostic(visitId)
  const catalogue = useEquipmentCatalogue()
  const vocabulary = useEnergyVocabulary()
  const [generation, setGeneration] = useState(0)
  usePageTitle(visit.data ? `Diagnostic technique – ${visit.data.household.display_name}` : 'Diagnostic technique')

  if (visit.isPending || diagnostic.isPending || vocabulary.isPending) return <Loading />
  if (visit.isError || diagnostic.isError || vocabulary.isError)
    return (
      <>
        <h1>Diagnostic technique</h1>
        <QueryError error={visit.error ?? diagnostic.error ?? vocabulary.error} notFound="Cette visite est introuvable." />
      </>
    )
  // The household gives defaults for a first diagnostic; wait for it unless it cannot be read.
  if (!diagnostic.data && household.isPending && household.fetchStatus !== 'idle') return <Loading />
  const v = visit.data
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to={`/visites/${v.id}`}>Visite {v.household.display_name}</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">Diagnostic technique</span>
      </nav>
      <h1>Diagnostic technique : {v.household.display_name}</h1>
      <TechnicalForm
        key={generation}
        visit={v}
        diagnostic={diagnostic.data}
        household={household.data}
        catalogue={catalogue.data ?? []}
        vocabulary={vocabulary.data}
        onReload={() => void diagnostic.refetch().then(() => setGeneration((g) => g + 1))}
      />
    </>
  )
}

interface TechnicalFormProps {
  visit: VisitRead
  diagnostic: TechnicalDiagnosticRead | null
  household: HouseholdRead | undefined
  catalogue: EquipmentItemRead[]
  vocabulary: EnergyVocabulary
  onReload: () => void
}

function TechnicalForm({ visit, diagnostic, household, catalogue, vocabulary, onReload }: TechnicalFormProps) {
  const canWrite = visit.allowed_actions.includes('write_technical_diagnostic')
  const saveDiagnostic = useSaveTechnicalDiagnostic(visit.id, visit.household.id)
  const [values, setValues] = useState<TechnicalValues>(() => valuesFrom(diagnostic, household))
  const setField = <K extends keyof TechnicalValues>(k: K, value: TechnicalValues[K]) => setValues((x) => ({ ...x, [k]: value }))
  // What is typed is kept on the device (draft), online or not; offline, a save is queued.
  const draftKey = `technical-diagnostic:${visit.id}`
  const path = `/api/v1/visits/${visit.id}/technical-diagnostic`
  const draft = useDraft(draftKey, values, {
    serverUpdatedAt: diagnostic?.updated_at,
    visitId: visit.id,
    enabled: canWrite,
    onRestore: (v) => setValues(v),
  })

  const { saved, errors, problem, success, pending, onSubmit } = useVersionedSave({
    initial: diagnostic,
    build: (version) => buildPayload(values, version, catalogue),
    // The hook stores the diagnostic and has the analysis and the works estimate read again.
    send: (body) => saveDiagnostic.mutateAsync(body),
    onSaved: (result) => {
      const next = valuesFrom(result, household)
      setValues(next)
      draft.markSaved(next)
      void dropPendingOf(draftKey)
      const defaults = result.defaulted_u_values.length
      return `Le diagnostic technique a été enregistré.${defaults ? ` ${defaults} valeur(s) U par défaut appliquée(s).` : ''}`
    },
    // "equipment_installed.2.code" -> the input of that catalogue item (see the equipment fields).
    knownFields: () => knownFields(values, catalogue, vocabulary),
    queue: async (body) => {
      await enqueue({
        method: 'PUT',
        path,
        body: body as unknown as Record<string, unknown>,
        label: `Diagnostic technique – ${visit.household.display_name}`,
        visitId: visit.id,
        householdId: visit.household.id,
        draftKey,
        recordUrl: path,
      })
      await draft.markQueued(values)
      return 'Hors ligne : le diagnostic technique est gardé sur cet appareil et sera envoyé au retour du réseau.'
    },
  })
  const rowList = rowListBinder(values, setValues, errors, !canWrite)

  const costPreview = catalogue.reduce((sum, item) => sum + Number(item.unit_cost_eur) * (Number(values.equipment[item.code]) || 0), 0)

  return (
    <form onSubmit={onSubmit} noValidate className="form form--touch" aria-label="Diagnostic technique">
      <LeaveGuard when={draft.dirty} />
      {canWrite && <SaveStateBadge draft={draft} />}
      <DraftNotice restoredAt={draft.restoredAt} onDiscard={() => void draft.discard().then(onReload)} />
      <SaveProblemAlert problem={problem} onReload={onReload} />
      <nav aria-label="Sections du diagnostic" className="section-nav">
        <ul>
          {[
            ['s-logement', 'Logement'],
            ['s-enveloppe', 'Enveloppe'],
            ['s-chauffage', 'Chauffage et eau chaude'],
            ['s-ventilation', 'Ventilation et humidité'],
            ['s-mesures', 'Mesures'],
            ['s-usages', 'Équipements et usages'],
            ['s-decence', 'Décence'],
            ['s-dpe', 'DPE existant'],
            ['s-petits-equipements', 'Petits équipements posés'],
          ].map(([id, l]) => (
            <li key={id}>
              <a href={`#${id}`}>{l}</a>
            </li>
          ))}
        </ul>
      </nav>
      <fieldset disabled={!canWrite} className="plain-fieldset">
        <section aria-labelledby="s-logement" className="diag-section">
          <h2 id="s-logement">Logement</h2>
          <div className="grid">
            <SelectField path="dwelling_type" label="Type de logement" required value={values.dwellingType} options={options(DWELLING_TYPE_LABELS)} errors={errors.dwelling_type} onChange={(x) => setField('dwellingType', x as DwellingType)} />
            <SelectField path="construction_period" label="Période de construction" value={values.constructionPeriod} options={optionsOf(vocabulary.construction_periods)} emptyLabel={null} errors={errors.construction_period} onChange={(x) => setField('constructionPeriod', x as ConstructionPeriod)} />
            <TextField path="surface_m2" label="Surface habitable (m²)" required inputMode="decimal" value={values.surface} errors={errors.surface_m2} onChange={(x) => setField('surface', x)} />
            <TextField path="levels" label="Niveaux" inputMode="numeric" value={values.levels} errors={errors.levels} onChange={(x) => setField('levels', x)} />
            <TextField path="ceiling_height_m" label="Hauteur sous plafond (m)" inputMode="decimal" value={values.ceiling} errors={errors.ceiling_height_m} onChange={(x) => setField('ceiling', x)} />
            <SelectField path="altitude_class" label="Altitude" required value={values.altitude} options={optionsOf(vocabulary.altitude_classes)} errors={errors.altitude_class} onChange={(x) => setField('altitude', x as AltitudeClass)} />
          </div>
        </section>

        <section aria-labelledby="s-enveloppe" className="diag-section">
          <h2 id="s-enveloppe">Enveloppe</h2>
          <p className="hint">
            Une ligne par paroi. Sans valeur U, la valeur par défaut de la période de construction est appliquée à
            l&apos;enregistrement (marquée « valeur par défaut »).
          </p>
          <EditableRows<EnvelopeRow>
            {...rowList('envelope')}
            legend="Parois"
            noun="paroi"
            addLabel="Ajouter une paroi"
            columns={envelopeColumns(vocabulary)}
            newRow={() => ({ key: rowKey(), kind: '', description: '', area: '', insulation: 'unknown', u: '', b: '1', glazing: '' })}
          />
          {values.envelope.some((r) => r.defaultU) && (
            <ul className="plain-list defaulted-list" data-testid="defaulted-u-values">
              {values.envelope.map((r, i) =>
                r.defaultU ? (
                  <li key={r.key}>
                    <span className="badge badge--new">valeur par défaut</span> Paroi {i + 1}
                    {r.kind ? ` (${labelOf(vocabulary.envelope_kinds, r.kind)})` : ''} : U = {formatDecimal(r.defaultU)} W/m².K
                  </li>
                ) : null,
              )}
            </ul>
          )}
        </section>

        <section aria-labelledby="s-chauffage" className="diag-section">
          <h2 id="s-chauffage">Chauffage et eau chaude</h2>
          <EditableRows<SystemRow>
            {...rowList('systems')}
            legend="Systèmes"
            noun="système"
            addLabel="Ajouter un système"
            columns={systemColumns(vocabulary)}
            newRow={() => ({ key: rowKey(), use: 'heating', energy: '', systemType: '', age: '', efficiency: '', controls: '', main: values.systems.length ? 'false' : 'true', emitters: 'unknown', yearlyKwh: '' })}
          />
          <HeatingSummary systems={values.systems} vocabulary={vocabulary} />
          <SelectField
            path="cooking_energy"
            label="Énergie de cuisson"
            hint="Sa consommation (estimée par personne) est retirée de la facture de cette énergie avant le recalage du chauffage."
            value={values.cookingEnergy ?? ''}
            emptyLabel="— Non renseignée —"
            options={energies(vocabulary)
              .filter((e) => e !== 'water' && e !== 'district_heating')
              .map((e) => [e, energyLabel(vocabulary, e)])}
            errors={errors.cooking_energy}
            onChange={(x) => setField('cookingEnergy', (x || null) as Energy | null)}
          />
        </section>

        <section aria-labelledby="s-ventilation" className="diag-section">
          <h2 id="s-ventilation">Ventilation et humidité</h2>
          <TextField path="ventilation" label="Ventilation" hint="Par exemple : VMC simple flux, grilles d'aération, aucune." value={values.ventilation} maxLength={200} errors={errors.ventilation} onChange={(x) => setField('ventilation', x)} />
          <CheckboxField path="humidity_mould" label="Moisissures visibles" checked={values.mould} errors={errors.humidity_mould} onChange={(x) => setField('mould', x)} />
          <CheckboxField path="condensation" label="Condensation sur les vitres ou les murs" checked={values.condensation} errors={errors.condensation} onChange={(x) => setField('condensation', x)} />
          <TextAreaField path="humidity_notes" label="Observations sur l'humidité" value={values.humidityNotes} maxLength={2000} rows={3} errors={errors.humidity_notes} onChange={(x) => setField('humidityNotes', x)} />
        </section>

        <section aria-labelledby="s-mesures" className="diag-section">
          <h2 id="s-mesures">Mesures</h2>
          <EditableRows<MeasurementRow>
            {...rowList('measurements')}
            legend="Relevés par pièce"
            noun="mesure"
            addLabel="Ajouter une mesure"
            columns={MEASUREMENT_COLUMNS}
            newRow={() => ({ key: rowKey(), room: '', temperature: '', humidity: '', measuredAt: null })}
          />
        </section>

        <section aria-labelledby="s-usages" className="diag-section">
          <h2 id="s-usages">Équipements et usages</h2>
          <TextAreaField path="appliances" label="Appareils et usages observés" hint="Électroménager, éclairage, chauffage d'appoint, habitudes..." value={values.appliances} maxLength={2000} errors={errors.appliances} onChange={(x) => setField('appliances', x)} />
        </section>

        <section aria-labelledby="s-decence" className="diag-section">
          <h2 id="s-decence">Décence</h2>
          <div className="decency">
            {vocabulary.decency_items.map(({ value: item, label: itemLabel }) => (
              <fieldset key={item} className="decency__item">
                <legend>{itemLabel}</legend>
                <div className="radio-row">
                  {(Object.keys(DECENCY_VALUE_LABELS) as DecencyValue[]).map((val) => (
                    <label key={val} className="radio">
                      <input
                        type="radio"
                        name={`decency-${item}`}
                        value={val}
                        checked={(values.decency[item] ?? 'unknown') === val}
                        onChange={() => setField('decency', { ...values.decency, [item]: val })}
                      />
                      {DECENCY_VALUE_LABELS[val]}
                    </label>
                  ))}
                </div>
              </fieldset>
            ))}
          </div>
        </section>

        <section aria-labelledby="s-dpe" className="diag-section">
          <h2 id="s-dpe">DPE existant</h2>
          <CheckboxField path="dpe" label="Le logement a un DPE" checked={values.hasDpe} errors={errors.dpe} onChange={(x) => setField('hasDpe', x)} />
          {values.hasDpe && (
            <div className="grid">
              <TextField path="dpe.number" label="Numéro du DPE" value={values.dpeNumber} maxLength={20} errors={errors['dpe.number']} onChange={(x) => setField('dpeNumber', x)} />
              <SelectField path="dpe.energy_class" label="Classe énergie" required value={values.dpeClass} options={optionsOf(vocabulary.dpe_classes)} errors={errors['dpe.energy_class']} onChange={(x) => setField('dpeClass', x as DpeClass)} />
              <TextField path="dpe.established_on" label="Établi le" hint={DATE_FORMAT_HINT} inputMode={DATE_INPUT.inputMode} maxLength={DATE_INPUT.maxLength} value={values.dpeDate} errors={errors['dpe.established_on']} onChange={(x) => setField('dpeDate', x)} />
            </div>
          )}
        </section>

        <section aria-labelledby="s-petits-equipements" className="diag-section">
          <h2 id="s-petits-equipements">Petits équipements posés</h2>
          {catalogue.length ? (
            <div className="grid">
              {catalogue
                .filter((item) => item.active || values.equipment[item.code])
                .map((item) => {
                  const i = catalogue.indexOf(item)
                  return (
                    <TextField
                      key={item.code}
                      path={`equipment.${i}`}
                      label={`${item.name} (quantité)`}
                      hint={`${formatAmount(item.unit_cost_eur)} l'unité`}
                      inputMode="numeric"
                      value={values.equipment[item.code] ?? ''}
                      errors={errors[`equipment.${i}`] ?? errors[`equipment_installed.${i}.code`]}
                      onChange={(x) => setField('equipment', { ...values.equipment, [item.code]: x })}
                    />
                  )
                })}
            </div>
          ) : (
            <p className="muted">Catalogue des équipements indisponible.</p>
          )}
          <p>
            Coût des équipements posés :{' '}
            <strong data-testid="equipment-cost">{formatAmount(saved ? saved.equipment_cost_eur : 0)}</strong>
            {saved ? ' (enregistré)' : ''}
            {Math.abs(costPreview - Number(saved?.equipment_cost_eur ?? 0)) > 0.005 && (
              <span className="muted"> – {formatAmount(costPreview)} avec la saisie en cours</span>
            )}
          </p>
        </section>

        <TextAreaField path="notes" label="Notes" value={values.notes} maxLength={2000} errors={errors.notes} onChange={(x) => setField('notes', x)} />
      </fieldset>
      <SaveActions canWrite={canWrite} pending={pending} success={success} label="Enregistrer le diagnostic technique" large />
      {saved?.updated_by && (
        <p className="muted small">
          Enregistré par {saved.updated_by.full_name} le {formatDateTime(saved.updated_at)}.{' '}
          <Link to={`/menages/${visit.household.id}/travaux`}>Voir l&apos;estimation des travaux</Link>
        </p>
      )}
    </form>
  )
}

/** The heating as the works estimate will read it: the main system, and each secondary one marked
 * « appoint (non principal) » with its yearly kWh when it has no bill. */
function HeatingSummary({ systems, vocabulary }: { systems: SystemRow[]; vocabulary: EnergyVocabulary }) {
  const heating = systems.filter((s) => s.use === 'heating' || s.use === 'both')
  if (!heating.length) return null
  const mains = heating.filter((s) => s.main === 'true')
  const describe = (s: SystemRow) => `${s.systemType.trim() || 'système sans nom'}${s.energy ? ` (${energyLabel(vocabulary, s.energy).toLowerCase()})` : ''}`
  return (
    <div className="heating-summary" data-testid="heating-summary">
      <p className="label-like" id="heating-summary-title">
        Chauffage retenu pour l&apos;estimation des travaux :
      </p>
      <ul aria-labelledby="heating-summary-title">
        {mains.length === 0 && (
          <li className="field-error">
            <span aria-hidden="true">⚠ </span>Aucun chauffage principal : cochez « Système principal » sur un système de
            chauffage.
          </li>
        )}
        {mains.length > 1 && (
          <li className="field-error">
            <span aria-hidden="true">⚠ </span>Plusieurs systèmes principaux : un seul est le chauffage principal.
          </li>
        )}
        {heating.map((s) => (
          <li key={s.key}>
            <strong>{s.main === 'true' ? 'Principal' : 'Appoint (non principal)'}</strong> : {describe(s)}
            {s.yearlyKwh.trim()
              ? ` – ${formatInteger(parseFrenchDecimal(s.yearlyKwh))} kWh par an saisis (sans facture)`
              : s.main === 'true'
                ? ' – consommation lue sur les factures'
                : ' – compté sur la facture de son énergie'}
          </li>
        ))}
      </ul>
    </div>
  )
}

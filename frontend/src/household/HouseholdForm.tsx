import { useEffect, useRef, useState, type ComponentType, type FormEvent } from 'react'
import { Link } from 'react-router'
import { ApiError, fieldInputId, mapFieldErrors, type ApiFieldError } from '../lib/errors'
import { DWELLING_TYPE_LABELS, options, RELATION_LABELS, TENURE_LABELS } from '../lib/labels'
import { optionsOf, type EnergyVocabulary } from '../lib/energy'
import type { CommunePickerProps } from '../components/CommuneSuggestions'
import { GroupErrors, SelectField, TextField } from './fields'
import { emptyMember, knownFieldPaths, type HouseholdFormValues, type MemberRow } from './formModel'

export interface Choice {
  id: number
  name: string
}

export interface HouseholdFormProps {
  mode: 'create' | 'edit'
  initialValues: HouseholdFormValues
  /** Sends the values; throws an ApiError on failure (422 -> field errors, 409 -> conflict). */
  onSubmit: (values: HouseholdFormValues) => Promise<void>
  /** Reloads the record after a 409. */
  onReload?: () => void
  cancelTo: string
  /** The API's energy vocabulary: construction periods, altitudes, heating energies (none while it loads). */
  vocabulary?: EnergyVocabulary
  units?: Choice[]
  landlords?: Choice[]
  /** Suggests communes under the address fields (the pages pass CommunePicker). */
  CommunePicker?: ComponentType<CommunePickerProps>
}

const FIELD_LABELS: Record<string, string> = {
  first_name: 'Prénom',
  last_name: 'Nom',
  phone: 'Téléphone',
  email: 'Adresse e-mail',
  address_line: 'Adresse',
  postcode: 'Code postal',
  commune: 'Commune',
  insee_code: 'Code INSEE',
  unit_id: 'Unité territoriale',
  tenure: "Statut d'occupation",
  landlord_id: 'Bailleur',
  social_referent: 'Référent social',
  'social_referent.name': 'Référent social – nom',
  'social_referent.organisation': 'Référent social – structure',
  'social_referent.phone': 'Référent social – téléphone',
  'social_referent.email': 'Référent social – adresse e-mail',
  members: 'Composition du ménage',
  dwelling: 'Logement',
  'dwelling.dwelling_type': 'Type de logement',
  'dwelling.construction_period': 'Période de construction',
  'dwelling.surface_m2': 'Surface habitable',
  'dwelling.altitude_class': 'Altitude',
  'dwelling.main_heating_energy': 'Énergie de chauffage principale',
}

const MEMBER_FIELD_LABELS: Record<string, string> = {
  first_name: 'prénom',
  birth_year: 'année de naissance',
  relation: 'lien',
}

function fieldLabel(path: string): string {
  const m = /^members\.(\d+)(?:\.(\w+))?$/.exec(path)
  if (m) return `Membre ${Number(m[1]) + 1}${m[2] ? ` – ${MEMBER_FIELD_LABELS[m[2]] ?? m[2]}` : ''}`
  return FIELD_LABELS[path] ?? path
}

/** The id to link to from the error summary (fieldsets have no input of their own). */
function anchorFor(path: string): string {
  if (path === 'members' || /^members\.\d+$/.test(path) || path === 'dwelling' || path === 'social_referent') {
    return `${fieldInputId(path)}-group`
  }
  return fieldInputId(path)
}

interface FormProblem {
  detail: string
  summary: { path: string; message: string }[]
  unmatched: ApiFieldError[]
  conflict: boolean
}

export function HouseholdForm({
  mode,
  initialValues,
  onSubmit,
  onReload,
  cancelTo,
  vocabulary,
  units = [],
  landlords = [],
  CommunePicker,
}: HouseholdFormProps) {
  const [values, setValues] = useState<HouseholdFormValues>(initialValues)
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<FormProblem | null>(null)
  const [pending, setPending] = useState(false)
  const alertRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (problem) alertRef.current?.focus()
  }, [problem])

  const set = <K extends keyof HouseholdFormValues>(key: K, value: HouseholdFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }))
  // Typing the address again forgets the INSEE code: a commune is chosen again among the suggestions.
  const setAddress = (key: 'postcode' | 'commune', value: string) =>
    setValues((v) => ({ ...v, [key]: value, insee_code: '' }))
  const setReferent = (key: keyof HouseholdFormValues['social_referent'], value: string) =>
    setValues((v) => ({ ...v, social_referent: { ...v.social_referent, [key]: value } }))
  const setDwelling = (key: keyof HouseholdFormValues['dwelling'], value: string) =>
    setValues((v) => ({ ...v, dwelling: { ...v.dwelling, [key]: value } }))
  const setMember = (index: number, key: keyof Omit<MemberRow, 'key'>, value: string) =>
    setValues((v) => ({
      ...v,
      members: v.members.map((m, i) => (i === index ? { ...m, [key]: value } : m)),
    }))

  const dropMemberErrors = () =>
    setErrors((errs) => Object.fromEntries(Object.entries(errs).filter(([k]) => !k.startsWith('members.'))))

  const addMember = () => {
    setValues((v) => ({ ...v, members: [...v.members, emptyMember()] }))
    // Focus the new row's first input once rendered.
    const index = values.members.length
    requestAnimationFrame(() => document.getElementById(fieldInputId(`members.${index}.first_name`))?.focus())
  }

  const removeMember = (index: number) => {
    setValues((v) => ({ ...v, members: v.members.filter((_, i) => i !== index) }))
    dropMemberErrors()
    requestAnimationFrame(() => document.getElementById('add-member')?.focus())
  }

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    setPending(true)
    setProblem(null)
    try {
      await onSubmit(values)
      setErrors({})
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, null)
      if (apiError.status === 422) {
        const mapped = mapFieldErrors(apiError.fields, knownFieldPaths(values))
        setErrors(mapped.byField)
        setProblem({
          detail: apiError.detail,
          summary: Object.entries(mapped.byField).map(([path, msgs]) => ({ path, message: msgs.join(' ') })),
          unmatched: mapped.unmatched,
          conflict: false,
        })
      } else if (apiError.status === 409) {
        setErrors({})
        setProblem({ detail: apiError.detail, summary: [], unmatched: [], conflict: true })
      } else {
        setErrors({})
        setProblem({ detail: apiError.detail, summary: [], unmatched: [], conflict: false })
      }
    } finally {
      setPending(false)
    }
  }

  const err = (path: string) => errors[path]
  const tenureOptions = options(TENURE_LABELS)
  // The unit follows the commune (set by the server); shown as saved until the address changes.
  const addressUnchanged = (['postcode', 'commune', 'insee_code'] as const).every((k) => values[k] === initialValues[k])
  const unitName: string | null | undefined =
    mode === 'edit' && addressUnchanged
      ? values.unit_id
        ? (units.find((u) => String(u.id) === values.unit_id)?.name ?? `unité n° ${values.unit_id}`)
        : null
      : undefined
  const landlordOptions: [string, string][] = landlords.map((l) => [String(l.id), l.name])
  if (values.landlord_id && !landlords.some((l) => String(l.id) === values.landlord_id)) {
    landlordOptions.push([values.landlord_id, `Bailleur n° ${values.landlord_id}`])
  }

  return (
    <form onSubmit={handleSubmit} noValidate className="form household-form" aria-label="Fiche du ménage">
      <div ref={alertRef} tabIndex={-1} role="alert" className={problem ? 'alert alert--error' : 'alert-slot'}>
        {problem && (
          <>
            {problem.conflict ? (
              <>
                <p>
                  <strong>Ce ménage a été modifié entre-temps par une autre personne.</strong> Vos modifications
                  n&apos;ont pas été enregistrées. Rechargez la fiche pour partir de la dernière version, puis
                  refaites vos modifications.
                </p>
                {onReload && (
                  <button type="button" className="button" onClick={onReload}>
                    Recharger la fiche
                  </button>
                )}
              </>
            ) : (
              <>
                <p>{problem.detail}</p>
                {(problem.summary.length > 0 || problem.unmatched.length > 0) && (
                  <ul>
                    {problem.summary.map((item) => (
                      <li key={item.path}>
                        <a href={`#${anchorFor(item.path)}`}>
                          {fieldLabel(item.path)} : {item.message}
                        </a>
                      </li>
                    ))}
                    {problem.unmatched.map((item, i) => (
                      <li key={`u${i}`}>
                        {fieldLabel(item.field)} : {item.message}
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </>
        )}
      </div>

      <p className="hint">Les champs marqués « (obligatoire) » doivent être remplis.</p>

      <fieldset className="fieldset">
        <legend>Identité et contact</legend>
        <div className="grid">
          <TextField path="first_name" label="Prénom" required value={values.first_name} onChange={(v) => set('first_name', v)} errors={err('first_name')} autoComplete="off" maxLength={100} />
          <TextField path="last_name" label="Nom" required value={values.last_name} onChange={(v) => set('last_name', v)} errors={err('last_name')} maxLength={100} />
          <TextField path="phone" label="Téléphone" type="tel" inputMode="tel" value={values.phone} onChange={(v) => set('phone', v)} errors={err('phone')} hint="Par exemple 06 12 34 56 78" />
          <TextField path="email" label="Adresse e-mail" type="email" inputMode="email" value={values.email} onChange={(v) => set('email', v)} errors={err('email')} hint="Par exemple nom@exemple.fr" />
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Adresse</legend>
        <div className="grid">
          <TextField path="address_line" label="Adresse" value={values.address_line} onChange={(v) => set('address_line', v)} errors={err('address_line')} className="grid__wide" />
          <TextField path="postcode" label="Code postal" inputMode="numeric" value={values.postcode} onChange={(v) => setAddress('postcode', v)} errors={err('postcode')} hint="5 chiffres : les communes correspondantes sont proposées" maxLength={5} />
          <TextField path="commune" label="Commune" required value={values.commune} onChange={(v) => setAddress('commune', v)} errors={err('commune')} maxLength={120} />
          <TextField path="insee_code" label="Code INSEE de la commune" value={values.insee_code} onChange={(v) => set('insee_code', v)} errors={err('insee_code')} hint="Rempli en choisissant une commune proposée, par exemple 39198" maxLength={5} />
          <div className="grid__wide">
            {CommunePicker && <CommunePicker id="household-commune" postcode={values.postcode} commune={values.commune} inseeCode={values.insee_code} onChoose={(c) => setValues((v) => ({ ...v, ...c }))} focusAfter={fieldInputId('commune')} />}
            <p className="hint" id="household-unit">
              Unité territoriale : {unitName ?? 'déduite de la commune à l’enregistrement'}
              {unitName === null && ' (hors unités territoriales)'}.
            </p>
          </div>
        </div>
      </fieldset>

      <fieldset className="fieldset">
        <legend>Occupation du logement</legend>
        <div className="grid">
          <SelectField path="tenure" label="Statut d'occupation" required value={values.tenure} onChange={(v) => set('tenure', v)} options={tenureOptions} errors={err('tenure')} />
          <SelectField path="landlord_id" label="Bailleur" value={values.landlord_id} onChange={(v) => set('landlord_id', v)} options={landlordOptions} emptyLabel="— Aucun —" errors={err('landlord_id')} />
        </div>
      </fieldset>

      <fieldset className="fieldset" id={`${fieldInputId('social_referent')}-group`}>
        <legend>Référent social (facultatif)</legend>
        <GroupErrors path="social_referent" errors={err('social_referent')} />
        <div className="grid">
          <TextField path="social_referent.name" label="Nom du référent" value={values.social_referent.name} onChange={(v) => setReferent('name', v)} errors={err('social_referent.name')} hint="Obligatoire si un référent est renseigné" />
          <TextField path="social_referent.organisation" label="Structure" value={values.social_referent.organisation} onChange={(v) => setReferent('organisation', v)} errors={err('social_referent.organisation')} />
          <TextField path="social_referent.phone" label="Téléphone du référent" type="tel" value={values.social_referent.phone} onChange={(v) => setReferent('phone', v)} errors={err('social_referent.phone')} />
          <TextField path="social_referent.email" label="Adresse e-mail du référent" type="email" value={values.social_referent.email} onChange={(v) => setReferent('email', v)} errors={err('social_referent.email')} />
        </div>
      </fieldset>

      <fieldset className="fieldset" id={`${fieldInputId('members')}-group`} aria-describedby={err('members') ? `${fieldInputId('members')}-error` : undefined}>
        <legend>Composition du ménage</legend>
        <p className="hint">Au moins une personne : le demandeur ou la demandeuse.</p>
        <GroupErrors path="members" errors={err('members')} />
        <ol className="member-list">
          {values.members.map((m, i) => (
            <li key={m.key} className="member-row" id={`${fieldInputId(`members.${i}`)}-group`}>
              <fieldset className="member-row__fieldset">
                <legend>Membre {i + 1}</legend>
                <GroupErrors path={`members.${i}`} errors={err(`members.${i}`)} />
                <div className="grid grid--members">
                  <TextField path={`members.${i}.first_name`} label={`Prénom (membre ${i + 1})`} required value={m.first_name} onChange={(v) => setMember(i, 'first_name', v)} errors={err(`members.${i}.first_name`)} maxLength={100} />
                  <TextField path={`members.${i}.birth_year`} label={`Année de naissance (membre ${i + 1})`} required inputMode="numeric" value={m.birth_year} onChange={(v) => setMember(i, 'birth_year', v)} errors={err(`members.${i}.birth_year`)} maxLength={4} />
                  <SelectField path={`members.${i}.relation`} label={`Lien (membre ${i + 1})`} required value={m.relation} onChange={(v) => setMember(i, 'relation', v)} options={options(RELATION_LABELS)} errors={err(`members.${i}.relation`)} />
                </div>
                {values.members.length > 1 && (
                  <button type="button" className="button button--secondary button--small" onClick={() => removeMember(i)}>
                    Retirer le membre {i + 1}
                  </button>
                )}
              </fieldset>
            </li>
          ))}
        </ol>
        <button type="button" id="add-member" className="button button--secondary" onClick={addMember}>
          Ajouter un membre
        </button>
      </fieldset>

      <fieldset className="fieldset" id={`${fieldInputId('dwelling')}-group`}>
        <legend>Logement (facultatif)</legend>
        <p className="hint">Si vous renseignez le logement, le type, l&apos;altitude et l&apos;énergie de chauffage sont obligatoires.</p>
        <GroupErrors path="dwelling" errors={err('dwelling')} />
        <div className="grid">
          <SelectField path="dwelling.dwelling_type" label="Type de logement" value={values.dwelling.dwelling_type} onChange={(v) => setDwelling('dwelling_type', v)} options={options(DWELLING_TYPE_LABELS)} emptyLabel="— Non renseigné —" errors={err('dwelling.dwelling_type')} />
          <SelectField path="dwelling.construction_period" label="Période de construction" value={values.dwelling.construction_period} onChange={(v) => setDwelling('construction_period', v)} options={optionsOf(vocabulary?.construction_periods)} emptyLabel={null} errors={err('dwelling.construction_period')} />
          <TextField path="dwelling.surface_m2" label="Surface habitable (m²)" inputMode="decimal" value={values.dwelling.surface_m2} onChange={(v) => setDwelling('surface_m2', v)} errors={err('dwelling.surface_m2')} hint="Par exemple 72,5" />
          <SelectField path="dwelling.altitude_class" label="Altitude" value={values.dwelling.altitude_class} onChange={(v) => setDwelling('altitude_class', v)} options={optionsOf(vocabulary?.altitude_classes)} emptyLabel="— Non renseignée —" errors={err('dwelling.altitude_class')} />
          <SelectField path="dwelling.main_heating_energy" label="Énergie de chauffage principale" value={values.dwelling.main_heating_energy} onChange={(v) => setDwelling('main_heating_energy', v)} options={optionsOf(vocabulary?.heating_energies)} emptyLabel="— Non renseignée —" errors={err('dwelling.main_heating_energy')} />
        </div>
      </fieldset>

      <div className="form-actions">
        <button type="submit" className="button" disabled={pending} aria-disabled={pending}>
          {pending ? 'Enregistrement…' : mode === 'create' ? 'Créer le ménage' : 'Enregistrer les modifications'}
        </button>
        <Link to={cancelTo} className="button button--secondary">
          Annuler
        </Link>
      </div>
    </form>
  )
}

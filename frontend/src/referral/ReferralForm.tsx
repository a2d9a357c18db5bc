import { useEffect, useRef, useState, type ComponentType, type FormEvent } from 'react'
import type { HouseholdMatch, ReferralCreate, ReferralReason } from '../api/types'
import type { CommunePickerProps } from '../components/CommuneSuggestions'
import { DateField } from '../components/DateField'
import { CheckboxField, GroupErrors, SelectField, TextAreaField, TextField } from '../household/fields'
import { ApiError, fieldErrorId, fieldInputId, mapFieldErrors, type ApiFieldError } from '../lib/errors'
import { MATCHED_ON_LABELS, options, REFERRAL_CHANNEL_LABELS, REFERRAL_REASON_LABELS } from '../lib/labels'
import {
  emptyReferralValues,
  REFERRAL_FIELDS,
  toReferralPayload,
  validateReferral,
  type ReferralFormValues,
  type ReferralFormVariant,
} from './referralModel'

export interface Choice {
  id: number
  name: string
}

export interface Identity {
  last_name: string
  commune: string
  phone: string
}

export interface ReferralFormProps {
  variant: ReferralFormVariant
  /** Sends the body; throws an ApiError on failure (422 -> messages next to the fields). */
  onSubmit: (body: ReferralCreate) => Promise<void>
  organisations?: Choice[]
  /** Coordinator variant: households that may already be this one, for the identity typed so far. */
  candidates?: HouseholdMatch[]
  onIdentityChange?: (identity: Identity) => void
  initialValues?: ReferralFormValues
  /** Suggests communes under the address fields (the pages pass CommunePicker). */
  CommunePicker?: ComponentType<CommunePickerProps>
}

const FIELD_LABELS: Record<string, string> = {
  body: 'Demande',
  household: 'Ménage',
  'household.first_name': 'Prénom',
  'household.last_name': 'Nom',
  'household.phone': 'Téléphone',
  'household.email': 'Adresse e-mail',
  'household.address_line': 'Adresse',
  'household.postcode': 'Code postal',
  'household.commune': 'Commune',
  household_id: 'Ménage existant',
  reasons: 'Motifs',
  description: 'Situation du ménage',
  cutoff_date: 'Date de coupure',
  contact_consent: 'Accord du ménage',
  referring_organisation_id: 'Organisme qui oriente',
  referrer_name: 'Personne qui oriente',
  referrer_phone: 'Téléphone de la personne qui oriente',
  referrer_email: 'Adresse e-mail de la personne qui oriente',
  channel: 'Canal de réception',
}

const GROUPS = new Set(['reasons', 'household'])
const anchorFor = (path: string) => (GROUPS.has(path) ? `${fieldInputId(path)}-group` : fieldInputId(path))

interface Problem {
  detail: string
  summary: { path: string; message: string }[]
  unmatched: ApiFieldError[]
}

export function ReferralForm({
  variant,
  onSubmit,
  organisations = [],
  candidates = [],
  onIdentityChange,
  initialValues,
  CommunePicker,
}: ReferralFormProps) {
  const [values, setValues] = useState<ReferralFormValues>(() => initialValues ?? emptyReferralValues())
  const [errors, setErrors] = useState<Record<string, string[]>>({})
  const [problem, setProblem] = useState<Problem | null>(null)
  const [pending, setPending] = useState(false)
  const [linkedName, setLinkedName] = useState<string | null>(null)
  const alertRef = useRef<HTMLDivElement>(null)
  const coordinator = variant === 'coordinator'

  useEffect(() => {
    if (problem) alertRef.current?.focus()
  }, [problem])

  useEffect(() => {
    onIdentityChange?.({ last_name: values.last_name, commune: values.commune, phone: values.phone })
  }, [onIdentityChange, values.last_name, values.commune, values.phone])

  const set = <K extends keyof ReferralFormValues>(key: K, value: ReferralFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }))
  // Typing the address again forgets the commune chosen among the suggestions.
  const setAddress = (key: 'postcode' | 'commune', value: string) =>
    setValues((v) => ({ ...v, [key]: value, insee_code: '' }))
  const toggleReason = (reason: ReferralReason, on: boolean) =>
    setValues((v) => ({
      ...v,
      reasons: on ? [...v.reasons, reason] : v.reasons.filter((r) => r !== reason),
    }))

  const link = (m: HouseholdMatch) => {
    setValues((v) => ({ ...v, household_id: m.id }))
    setLinkedName(`${m.display_name} (${m.commune})`)
    requestAnimationFrame(() => document.getElementById('linked-household')?.focus())
  }
  const unlink = () => {
    setValues((v) => ({ ...v, household_id: null }))
    setLinkedName(null)
  }

  const show = (byField: Record<string, string[]>, detail: string, unmatched: ApiFieldError[] = []) => {
    setErrors(byField)
    setProblem({
      detail,
      summary: Object.entries(byField).map(([path, msgs]) => ({ path, message: msgs.join(' ') })),
      unmatched,
    })
  }

  const handleSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    const local = validateReferral(values, variant)
    if (Object.keys(local).length) {
      const n = Object.keys(local).length
      show(local, n > 1 ? `${n} champs sont à corriger.` : 'Un champ est à corriger.')
      return
    }
    setPending(true)
    setProblem(null)
    try {
      await onSubmit(toReferralPayload(values, variant))
      setErrors({})
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(0, null)
      if (apiError.status === 422) {
        const mapped = mapFieldErrors(apiError.fields, REFERRAL_FIELDS)
        // A whole-body message is the detail when it is the only one; among others, it is listed too.
        show(
          mapped.byField,
          apiError.detail,
          mapped.unmatched.filter((u) => !(u.field === 'body' && u.message === apiError.detail)),
        )
      } else {
        show({}, apiError.detail)
      }
    } finally {
      setPending(false)
    }
  }

  const err = (path: string) => errors[path]
  const orgOptions: [string, string][] = organisations.map((o) => [String(o.id), o.name])
  const channelOptions = options(REFERRAL_CHANNEL_LABELS).filter(([k]) => k === 'phone' || k === 'paper' || k === 'email')
  const linked = coordinator && values.household_id !== null

  return (
    <form onSubmit={handleSubmit} noValidate className="form form--narrow" aria-label="Demande d'intervention">
      <div ref={alertRef} tabIndex={-1} role="alert" className={problem ? 'alert alert--error' : 'alert-slot'}>
        {problem && (
          <>
            <p>{problem.detail}</p>
            {(problem.summary.length > 0 || problem.unmatched.length > 0) && (
              <ul>
                {problem.summary.map((item) => (
                  <li key={item.path}>
                    <a href={`#${anchorFor(item.path)}`}>
                      {FIELD_LABELS[item.path] ?? item.path} : {item.message}
                    </a>
                  </li>
                ))}
                {problem.unmatched.map((item, i) => (
                  <li key={`u${i}`}>
                    {FIELD_LABELS[item.field] ?? item.field} : {item.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      <p className="hint">Les champs marqués « (obligatoire) » doivent être remplis.</p>

      {coordinator && (
        <fieldset className="fieldset">
          <legend>Origine de la demande</legend>
          <SelectField path="referring_organisation_id" label="Organisme qui oriente" required value={values.referring_organisation_id} onChange={(v) => set('referring_organisation_id', v)} options={orgOptions} errors={err('referring_organisation_id')} />
          <TextField path="referrer_name" label="Personne qui oriente" required value={values.referrer_name} onChange={(v) => set('referrer_name', v)} errors={err('referrer_name')} maxLength={200} hint="Nom et fonction, par exemple « Mme Dupuis, assistante sociale »" />
          <TextField path="referrer_phone" label="Téléphone de la personne qui oriente" type="tel" inputMode="tel" value={values.referrer_phone} onChange={(v) => set('referrer_phone', v)} errors={err('referrer_phone')} />
          <TextField path="referrer_email" label="Adresse e-mail de la personne qui oriente" type="email" inputMode="email" value={values.referrer_email} onChange={(v) => set('referrer_email', v)} errors={err('referrer_email')} />
          <SelectField path="channel" label="Demande reçue par" required value={values.channel} onChange={(v) => set('channel', v as ReferralFormValues['channel'])} options={channelOptions} emptyLabel={null} errors={err('channel')} />
        </fieldset>
      )}

      <fieldset className="fieldset" id={`${fieldInputId('household')}-group`}>
        <legend>Le ménage</legend>
        <GroupErrors path="household" errors={err('household')} />
        <GroupErrors path="household_id" errors={err('household_id')} />
        {linked ? (
          <div className="linked-household" id="linked-household" tabIndex={-1}>
            <p>
              <strong>Demande rattachée au ménage existant :</strong> {linkedName}
            </p>
            <button type="button" className="button button--secondary button--small" onClick={unlink}>
              Annuler le rattachement
            </button>
          </div>
        ) : (
          <>
            <TextField path="household.first_name" label="Prénom" required value={values.first_name} onChange={(v) => set('first_name', v)} errors={err('household.first_name')} maxLength={100} autoComplete="off" />
            <TextField path="household.last_name" label="Nom" required value={values.last_name} onChange={(v) => set('last_name', v)} errors={err('household.last_name')} maxLength={100} />
            <TextField path="household.phone" label="Téléphone" type="tel" inputMode="tel" value={values.phone} onChange={(v) => set('phone', v)} errors={err('household.phone')} hint="Pour que l'équipe SLIME puisse appeler le ménage, par exemple 06 12 34 56 78" />
            <TextField path="household.email" label="Adresse e-mail" type="email" inputMode="email" value={values.email} onChange={(v) => set('email', v)} errors={err('household.email')} />
            <TextField path="household.address_line" label="Adresse" value={values.address_line} onChange={(v) => set('address_line', v)} errors={err('household.address_line')} maxLength={300} />
            <TextField path="household.postcode" label="Code postal" inputMode="numeric" value={values.postcode} onChange={(v) => setAddress('postcode', v)} errors={err('household.postcode')} hint="5 chiffres : les communes correspondantes sont proposées" maxLength={5} />
            <TextField path="household.commune" label="Commune" required value={values.commune} onChange={(v) => setAddress('commune', v)} errors={err('household.commune')} maxLength={120} />
            {CommunePicker && <CommunePicker id="household-commune" postcode={values.postcode} commune={values.commune} inseeCode={values.insee_code} onChoose={(c) => setValues((v) => ({ ...v, ...c }))} focusAfter={fieldInputId('household.commune')} />}
            {coordinator && <Candidates candidates={candidates} onLink={link} />}
          </>
        )}
      </fieldset>

      <fieldset
        className="fieldset"
        id={`${fieldInputId('reasons')}-group`}
        aria-describedby={err('reasons') ? fieldErrorId('reasons') : undefined}
      >
        <legend>
          Motifs de la demande<span className="required"> (obligatoire, un ou plusieurs)</span>
        </legend>
        <GroupErrors path="reasons" errors={err('reasons')} />
        <ul className="checkbox-list">
          {options(REFERRAL_REASON_LABELS).map(([reason, text]) => (
            <li key={reason} className="checkbox">
              <input
                type="checkbox"
                id={fieldInputId(`reasons.${reason}`)}
                name="reasons"
                value={reason}
                checked={values.reasons.includes(reason)}
                onChange={(e) => toggleReason(reason, e.target.checked)}
              />
              <label htmlFor={fieldInputId(`reasons.${reason}`)}>{text}</label>
            </li>
          ))}
        </ul>
      </fieldset>

      <TextAreaField path="description" label="Situation du ménage" value={values.description} onChange={(v) => set('description', v)} errors={err('description')} maxLength={4000} rows={5} hint="Ce qui vous alerte, ce que le ménage vous a dit, les meilleurs moments pour l'appeler." />
      <DateField id={fieldInputId('cutoff_date')} name="cutoff_date" label="Date de coupure annoncée (si connue)" value={values.cutoff_date} onChange={(v) => set('cutoff_date', v)} error={err('cutoff_date')} hint="Une coupure annoncée rend la demande prioritaire." />

      <CheckboxField
        path="contact_consent"
        required
        checked={values.contact_consent}
        onChange={(v) => set('contact_consent', v)}
        errors={err('contact_consent')}
        label="Le ménage a accepté d'être contacté par l'équipe SLIME"
        hint="L'équipe SLIME du Département appellera le ménage pour lui proposer une visite à domicile gratuite."
      />

      <div className="form-actions">
        <button type="submit" className="button button--large" disabled={pending} aria-disabled={pending}>
          {pending ? 'Envoi…' : coordinator ? 'Enregistrer la demande' : 'Envoyer la demande'}
        </button>
      </div>
    </form>
  )
}

function Candidates({ candidates, onLink }: { candidates: HouseholdMatch[]; onLink: (m: HouseholdMatch) => void }) {
  return (
    <div aria-live="polite">
      {candidates.length > 0 && (
        <section className="candidates" aria-labelledby="candidates-title">
          <h2 id="candidates-title" className="candidates__title">
            Ce ménage est peut-être déjà connu
          </h2>
          <p className="hint">Rattachez la demande au ménage existant plutôt que d&apos;en créer un nouveau.</p>
          <ul className="candidates__list">
            {candidates.map((m) => (
              <li key={m.id} className="candidates__item">
                <span>
                  <strong>{m.display_name}</strong> – {m.commune}
                  {m.phone ? ` – ${m.phone}` : ''}{' '}
                  <span className="muted">({m.matched_on.map((k) => MATCHED_ON_LABELS[k] ?? k).join(', ')})</span>
                </span>
                <button type="button" className="button button--secondary button--small" onClick={() => onLink(m)}>
                  Rattacher à ce ménage<span className="visually-hidden"> {m.display_name}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}

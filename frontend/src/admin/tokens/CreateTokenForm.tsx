import { useState, type FormEvent } from 'react'
import { useOrganisations } from '../../api/directory'
import { useCreateToken, useTokenKinds } from '../../api/integrations'
import { FormAlert, Field } from '../../followup/Field'
import { ApiError } from '../../lib/errors'
import { addDays, todayKey } from '../../lib/datetime'
import { isoToFrenchDate } from '../../lib/parse'
import type { components } from '../../api/schema'
import { checkTokenForm, TOKEN_FIELD_OF } from './tokenForm'

type Created = components['schemas']['IntegrationTokenCreated']

const EMPTY = (): { name: string; kind: string; organisationId: string; scopes: string[]; expiresOn: string } => ({
  name: '',
  kind: '',
  organisationId: '',
  scopes: [],
  expiresOn: isoToFrenchDate(addDays(todayKey(), 365)),
})

/** Issue a token: kind, owner, scopes allowed for the kind (all ticked by default), expiry date. */
export function CreateTokenForm({ onCreated, onCancel }: { onCreated: (token: Created) => void; onCancel: () => void }) {
  const kinds = useTokenKinds()
  const organisations = useOrganisations()
  const createToken = useCreateToken()
  const [values, setValues] = useState(EMPTY)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [alert, setAlert] = useState('')
  const [pending, setPending] = useState(false)
  const kind = kinds.data?.find((k) => k.kind === values.kind)
  const owners = (organisations.data ?? []).filter((o) => kind?.organisation_kinds.includes(o.kind))

  const chooseKind = (value: string) => {
    const chosen = kinds.data?.find((k) => k.kind === value)
    setValues((v) => ({ ...v, kind: value, organisationId: '', scopes: chosen ? chosen.scopes.map((s) => s.scope) : [] }))
  }
  const toggle = (scope: string, on: boolean) =>
    setValues((v) => ({ ...v, scopes: on ? [...v.scopes, scope] : v.scopes.filter((s) => s !== scope) }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setAlert('')
    const checked = checkTokenForm(values, { organisationRequired: kind?.organisation_required ?? false })
    setErrors(checked.errors)
    if (!checked.payload) {
      const first = Object.keys(checked.errors)[0]
      document.getElementById(first === 'scopes' ? 'token-scopes' : `token-${first}`)?.focus()
      return
    }
    setPending(true)
    try {
      // The list of tokens is read again by the hook.
      const created = await createToken.mutateAsync(checked.payload)
      setValues(EMPTY())
      onCreated(created)
    } catch (err) {
      if (err instanceof ApiError && err.fields.length > 0) {
        setErrors(Object.fromEntries(err.fields.map((f) => [TOKEN_FIELD_OF[f.field] ?? f.field, f.message])))
      }
      setAlert(err instanceof ApiError ? err.detail : 'Une erreur est survenue.')
    } finally {
      setPending(false)
    }
  }

  return (
    <form onSubmit={submit} noValidate className="form card" aria-labelledby="token-form-title">
      <h2 id="token-form-title">Nouveau jeton</h2>
      <div className="grid">
        <Field id="token-name" label="Nom du jeton" value={values.name} onChange={(name) => setValues((v) => ({ ...v, name }))} error={errors.name} required maxLength={200} hint="Par exemple : Logiciel de gestion de Jura Habitat." />
        <Field id="token-kind" label="Type de jeton" value={values.kind} onChange={chooseKind} error={errors.kind} required>
          <option value="">— Choisir —</option>
          {(kinds.data ?? []).map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.label}
            </option>
          ))}
        </Field>
        {kind && kind.organisation_kinds.length > 0 && (
          <Field
            id="token-organisation_id"
            label={kind.organisation_required ? 'Bailleur' : 'Organisation (facultatif)'}
            value={values.organisationId}
            onChange={(organisationId) => setValues((v) => ({ ...v, organisationId }))}
            error={errors.organisation_id}
            required={kind.organisation_required}
          >
            <option value="">{kind.organisation_required ? '— Choisir —' : 'Le Département'}</option>
            {owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Field>
        )}
        <Field id="token-expires_on" label="Date d’expiration" value={values.expiresOn} onChange={(expiresOn) => setValues((v) => ({ ...v, expiresOn }))} error={errors.expires_on} required maxLength={10} hint="Au format jj/mm/aaaa, dans les 3 ans." />
      </div>
      {kind && (
        <fieldset className={`fieldset${errors.scopes ? ' field--invalid' : ''}`} id="token-scopes" tabIndex={-1} aria-describedby={errors.scopes ? 'token-scopes-error' : undefined}>
          <legend>
            Portées<span className="required"> (au moins une)</span>
          </legend>
          <p className="hint">Ce que le jeton permet ; seules les portées possibles pour ce type de jeton sont proposées.</p>
          {errors.scopes && (
            <p className="field-error" id="token-scopes-error">
              {errors.scopes}
            </p>
          )}
          <ul className="checkbox-list">
            {kind.scopes.map((s) => (
              <li key={s.scope} className="checkbox">
                <input type="checkbox" id={`token-scope-${s.scope}`} checked={values.scopes.includes(s.scope)} onChange={(e) => toggle(s.scope, e.target.checked)} />
                <label htmlFor={`token-scope-${s.scope}`}>
                  {s.description} <code>{s.scope}</code>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <FormAlert text={alert} />
      <div className="form-actions">
        <button type="submit" className="button" disabled={pending}>
          Créer le jeton
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  )
}

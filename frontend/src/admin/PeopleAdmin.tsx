import { useRef, useState, type FormEvent } from 'react'
import { useAccountAction, useAdminUsers, useCreateUser, useOrganisations, useTerritorialUnits, type AccountAction } from '../api/directory'
import { PAGE_SIZE } from '../api/pages'
import type { StaffRole, UserRead } from '../api/types'
import { ConfirmStep } from '../components/ConfirmStep'
import { CreateToggle } from '../components/CreateToggle'
import { Feedback } from '../components/Feedback'
import { FilterSelect } from '../components/InlineFormParts'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { useAuth } from '../auth/AuthContext'
import { ApiError } from '../lib/errors'
import { formatDate } from '../lib/format'
import { formatTime } from '../lib/datetime'
import { ROLE_LABELS, STAFF_ROLES, roleLabel } from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'
import { CheckboxGroup, FieldError, TextField } from './people/Field'
import { EMPTY_ACCOUNT, accountBody, accountErrors, accountState, toggle, type AccountDraft, type FieldErrors } from './people/forms'
import { ScrollRegion } from '../components/ScrollRegion'

const ROLE_CHOICES: [StaffRole, string][] = STAFF_ROLES.map((r) => [r, ROLE_LABELS[r]])

function apiFieldErrors(e: unknown): FieldErrors {
  const errors: FieldErrors = {}
  if (e instanceof ApiError) for (const f of e.fields) errors[f.field] = f.message
  return errors
}

/** Staff accounts: create (first password or invitation), roles and organisation, deactivate, unlock, reset. */
export function PeopleAdmin() {
  usePageTitle('Personnes – Administration')
  const [q, setQ] = useState('')
  const [role, setRole] = useState('')
  const [active, setActive] = useState('')
  const [offset, setOffset] = useState(0)
  const [selected, setSelected] = useState<number | null>(null)
  const feedback = useFeedback()
  const query = {
    q: q.trim() || undefined,
    role: (role || undefined) as StaffRole | undefined,
    active: active === '' ? undefined : active === 'true',
    limit: PAGE_SIZE,
    offset,
  }
  const users = useAdminUsers(query)
  const filter = (set: (v: string) => void) => (value: string) => {
    set(value)
    setOffset(0)
  }
  const person = users.data?.items.find((u) => u.id === selected)

  return (
    <>
      <h1>Personnes</h1>
      <p>Comptes du personnel et des prescripteurs : rôles, organisation, accès.</p>
      <Feedback message={feedback.message} />
      <CreateToggle
        label="Créer un compte"
        feedback={feedback}
        form={(onDone) => <CreateAccount onDone={onDone} />}
      />
      <h2>Comptes</h2>
      <div className="filters">
        <div className="field">
          <label htmlFor="people-q">Nom ou adresse e-mail</label>
          <input id="people-q" type="search" value={q} maxLength={100} onChange={(e) => filter(setQ)(e.target.value)} />
        </div>
        <FilterSelect id="people-role" label="Rôle" value={role} choices={ROLE_CHOICES} onChange={filter(setRole)} />
        <FilterSelect
          id="people-active"
          label="État"
          value={active}
          choices={[['true', 'Actifs'], ['false', 'Désactivés']]}
          onChange={filter(setActive)}
        />
      </div>
      {users.isPending && <Loading />}
      {users.isError && <QueryError error={users.error} />}
      {users.data && (
        <>
          <p role="status">{users.data.total} compte(s)</p>
          <ScrollRegion label="Tableau des personnes">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Adresse e-mail</th>
                  <th scope="col">Organisation</th>
                  <th scope="col">Rôles</th>
                  <th scope="col">État</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.full_name}</th>
                    <td>{u.email}</td>
                    <td>{u.organisation.name}</td>
                    <td>{roleLabel(u.roles)}</td>
                    <td>{accountState(u)}</td>
                    <td>
                      <button
                        type="button"
                        className="button button--secondary"
                        aria-expanded={selected === u.id}
                        aria-controls="people-manage"
                        onClick={() => { feedback.clear(); setSelected(selected === u.id ? null : u.id) }}
                      >
                        Gérer<span className="visually-hidden"> le compte de {u.full_name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <Pagination offset={offset} next={users.data.next} total={users.data.total} onGoTo={setOffset} />
        </>
      )}
      <div id="people-manage">{person && <ManageAccount key={person.id} user={person} onClose={() => setSelected(null)} />}</div>
    </>
  )
}

function CreateAccount({ onDone }: { onDone: (text: string | null) => void }) {
  const [draft, setDraft] = useState<AccountDraft>(EMPTY_ACCOUNT)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [pending, setPending] = useState(false)
  const feedback = useFeedback()
  const organisations = useOrganisations()
  const create = useCreateUser()
  const set = <K extends keyof AccountDraft>(key: K, value: AccountDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    feedback.clear()
    const found = accountErrors(draft)
    setErrors(found)
    if (Object.keys(found).length > 0) {
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    setPending(true)
    try {
      const created = await create.mutateAsync(accountBody(draft))
      onDone(
        draft.mode === 'invite'
          ? `Compte créé pour ${created.full_name} : une invitation à choisir son mot de passe a été envoyée à ${created.email} (lien valable 72 heures).`
          : `Compte créé pour ${created.full_name} : communiquez-lui son premier mot de passe par un moyen sûr.`,
      )
    } catch (err) {
      setErrors(apiFieldErrors(err))
      feedback.fail(err)
    } finally {
      setPending(false)
    }
  }

  return (
    <section aria-labelledby="people-create-title" className="panel">
      <h2 id="people-create-title">Créer un compte</h2>
      <form onSubmit={submit} noValidate className="form">
        <TextField id="pc-name" label="Nom complet" required value={draft.full_name} error={errors.full_name} onChange={(v) => set('full_name', v)} autoComplete="off" />
        <TextField id="pc-email" label="Adresse e-mail" type="email" required value={draft.email} error={errors.email} onChange={(v) => set('email', v)} autoComplete="off" hint="Elle sert d'identifiant de connexion." />
        <TextField id="pc-phone" label="Téléphone" type="tel" value={draft.phone} error={errors.phone} onChange={(v) => set('phone', v)} />
        <div className={`field${errors.organisation_id ? ' field--invalid' : ''}`}>
          <label htmlFor="pc-org">
            Organisation<span className="required"> (obligatoire)</span>
          </label>
          <select
            id="pc-org"
            value={draft.organisation_id}
            aria-required="true"
            aria-invalid={errors.organisation_id ? true : undefined}
            aria-describedby={errors.organisation_id ? 'pc-org-error' : undefined}
            onChange={(e) => set('organisation_id', e.target.value)}
          >
            <option value="">— Choisir —</option>
            {organisations.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
          <FieldError id="pc-org" error={errors.organisation_id} />
        </div>
        <CheckboxGroup id="pc-roles" legend="Rôles (au moins un)" choices={ROLE_CHOICES} checked={draft.roles} error={errors.roles} onToggle={(r, on) => set('roles', toggle(draft.roles, r, on))} />
        <UnitChoices id="pc-units" checked={draft.unit_ids} error={errors.unit_ids} onChange={(ids) => set('unit_ids', ids)} />
        <fieldset className="fieldset">
          <legend>Premier mot de passe</legend>
          <div className="checkbox">
            <input type="radio" id="pc-mode-invite" name="pc-mode" checked={draft.mode === 'invite'} onChange={() => set('mode', 'invite')} />
            <label htmlFor="pc-mode-invite">Envoyer une invitation par e-mail (la personne choisit son mot de passe, lien valable 72 heures)</label>
          </div>
          <div className="checkbox">
            <input type="radio" id="pc-mode-password" name="pc-mode" checked={draft.mode === 'password'} onChange={() => set('mode', 'password')} />
            <label htmlFor="pc-mode-password">Donner un premier mot de passe</label>
          </div>
          {draft.mode === 'password' && (
            <TextField id="pc-password" label="Premier mot de passe" type="password" required autoComplete="new-password" value={draft.password} error={errors.password} onChange={(v) => set('password', v)} hint="Au moins 12 caractères, en mêlant lettres et chiffres ou symboles." />
          )}
        </fieldset>
        <Feedback message={feedback.message} />
        <div className="form-actions">
          <button type="submit" className="button" disabled={pending}>
            {draft.mode === 'invite' ? "Créer et envoyer l'invitation" : 'Créer le compte'}
          </button>
          <button type="button" className="button button--secondary" onClick={() => onDone(null)}>
            Annuler
          </button>
        </div>
      </form>
    </section>
  )
}

type Pending = 'deactivate' | 'reset' | null

function ManageAccount({ user, onClose }: { user: UserRead; onClose: () => void }) {
  const { me } = useAuth()
  const [roles, setRoles] = useState<StaffRole[]>(user.roles)
  const [unitIds, setUnitIds] = useState<number[]>(user.unit_ids ?? [])
  const [organisationId, setOrganisationId] = useState(String(user.organisation.id))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [confirm, setConfirm] = useState<Pending>(null)
  const [busy, setBusy] = useState(false)
  const feedback = useFeedback()
  const organisations = useOrganisations()
  const account = useAccountAction()
  const headingRef = useRef<HTMLHeadingElement>(null)
  const self = me?.id === user.id

  const run = async (action: AccountAction, success: string) => {
    feedback.clear()
    setBusy(true)
    try {
      await account.mutateAsync(action)
      feedback.ok(success)
    } catch (err) {
      setErrors(apiFieldErrors(err))
      feedback.fail(err)
    } finally {
      setBusy(false)
      setConfirm(null)
    }
  }
  const save = (e: FormEvent) => {
    e.preventDefault()
    if (roles.length === 0) {
      setErrors({ roles: 'Cochez au moins un rôle.' })
      feedback.failText('Le formulaire contient des erreurs : corrigez les champs signalés.')
      return
    }
    setErrors({})
    void run(
      { kind: 'update', userId: user.id, body: { roles, organisation_id: Number(organisationId), unit_ids: unitIds } },
      `Rôles, unités et organisation de ${user.full_name} enregistrés ; ses sessions ouvertes ont été fermées.`,
    )
  }

  return (
    <section aria-labelledby="people-manage-title" className="panel">
      <h2 id="people-manage-title" ref={headingRef} tabIndex={-1}>
        Compte de {user.full_name}
      </h2>
      <p>
        {user.email} — {accountState(user)}
        {user.locked_until && ` jusqu'au ${formatDate(user.locked_until)} à ${formatTime(user.locked_until)}`}
        {user.invitation_expires_at && user.is_active && ` (lien valable jusqu'au ${formatDate(user.invitation_expires_at)} à ${formatTime(user.invitation_expires_at)})`}
      </p>
      <Feedback message={feedback.message} />
      <form onSubmit={save} noValidate className="form">
        <CheckboxGroup id={`pm-roles-${user.id}`} legend="Rôles" choices={ROLE_CHOICES} checked={roles} error={errors.roles} onToggle={(r, on) => setRoles(toggle(roles, r, on))} />
        <UnitChoices id={`pm-units-${user.id}`} checked={unitIds} error={errors.unit_ids} onChange={setUnitIds} />
        <div className={`field${errors.organisation_id ? ' field--invalid' : ''}`}>
          <label htmlFor={`pm-org-${user.id}`}>Organisation</label>
          <select
            id={`pm-org-${user.id}`}
            value={organisationId}
            aria-invalid={errors.organisation_id ? true : undefined}
            aria-describedby={errors.organisation_id ? `pm-org-${user.id}-error` : undefined}
            onChange={(e) => setOrganisationId(e.target.value)}
          >
            {organisations.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            )) ?? <option value={user.organisation.id}>{user.organisation.name}</option>}
          </select>
          <FieldError id={`pm-org-${user.id}`} error={errors.organisation_id} />
        </div>
        <div className="form-actions">
          <button type="submit" className="button" disabled={busy}>
            Enregistrer les rôles et l&apos;organisation
          </button>
        </div>
      </form>
      <h3>Accès</h3>
      <div className="form-actions">
        {user.locked_until && (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void run({ kind: 'unlock', userId: user.id }, `Compte de ${user.full_name} débloqué : il peut se reconnecter.`)}
          >
            Débloquer le compte
          </button>
        )}
        {user.is_active && (
          <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirm('reset')}>
            Envoyer un lien de nouveau mot de passe
          </button>
        )}
        {user.is_active ? (
          !self && (
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => setConfirm('deactivate')}>
              Désactiver le compte
            </button>
          )
        ) : (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={() => void run({ kind: 'update', userId: user.id, body: { is_active: true } }, `Compte de ${user.full_name} réactivé.`)}
          >
            Réactiver le compte
          </button>
        )}
        <button type="button" className="button button--secondary" onClick={onClose}>
          Fermer
        </button>
      </div>
      {confirm === 'reset' && (
        <ConfirmStep
          id="pm-confirm"
          question={`Fermer toutes les sessions de ${user.full_name}, désactiver son mot de passe actuel et lui envoyer par e-mail un lien pour en choisir un nouveau ?`}
          busy={busy}
          onCancel={() => { setConfirm(null); headingRef.current?.focus() }}
          onConfirm={() =>
            void run(
              { kind: 'password-link', userId: user.id },
              `Lien envoyé à ${user.email} (valable 72 heures) ; ses sessions ont été fermées.`,
            )
          }
        />
      )}
      {confirm === 'deactivate' && (
        <ConfirmStep
          id="pm-confirm"
          question={`Désactiver le compte de ${user.full_name} ? Ses sessions sont fermées et il ne peut plus se connecter.`}
          busy={busy}
          onCancel={() => { setConfirm(null); headingRef.current?.focus() }}
          onConfirm={() =>
            void run(
              { kind: 'update', userId: user.id, body: { is_active: false } },
              `Compte de ${user.full_name} désactivé.`,
            )
          }
        />
      )}
    </section>
  )
}

/** The units a person covers: a coordinator is told of the new referrals of these units (none: all). */
function UnitChoices({ id, checked, error, onChange }: { id: string; checked: number[]; error?: string; onChange: (ids: number[]) => void }) {
  const units = useTerritorialUnits()
  if (!units.data?.length) return null
  return (
    <CheckboxGroup
      id={id}
      legend="Unités territoriales suivies (aucune cochée : tout le département)"
      choices={units.data.map((u): [number, string] => [u.id, u.name])}
      checked={checked}
      error={error}
      onToggle={(unit, on) => onChange(toggle(checked, unit, on))}
    />
  )
}

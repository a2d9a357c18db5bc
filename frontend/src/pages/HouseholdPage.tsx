import { useState, type FormEvent, type ReactNode } from 'react'
import { Link, useLocation, useParams } from 'react-router'
import { useAddConsent, useHousehold, useRevokeConsent } from '../api/households'
import type { ConsentPurpose, HouseholdRead } from '../api/types'
import { useEnergyVocabulary } from '../api/vocabulary'
import { useAuth } from '../auth/AuthContext'
import { Feedback } from '../components/Feedback'
import { FollowUpSection } from '../followup/FollowUpSection'
import { Timeline } from '../household/Timeline'
import { InlineFormActions, RequiredChoiceField } from '../components/InlineFormParts'
import { PrivacySection } from '../privacy/PrivacySection'
import { Loading, QueryError } from '../components/Status'
import { ApiError } from '../lib/errors'
import { labelOf } from '../lib/energy'
import { formatDate, formatDecimal } from '../lib/format'
import {
  CONSENT_PURPOSE_LABELS,
  DWELLING_TYPE_LABELS,
  label,
  options,
  RELATION_LABELS,
  STATUS_LABELS,
  TENURE_LABELS,
} from '../lib/labels'
import { usePageTitle } from '../lib/usePageTitle'
import { ScrollRegion } from '../components/ScrollRegion'

export const UC_EXPLANATION =
  '1 pour le premier adulte, 0,5 par autre personne de 14 ans ou plus, 0,3 par enfant de moins de 14 ans'

function Item({ term, children, emptyText = 'Information non renseignée' }: { term: string; children: ReactNode; emptyText?: string }) {
  const empty = children === null || children === undefined || children === ''
  return (
    <div className="dl__item">
      <dt>{term}</dt>
      <dd>{empty ? <span className="muted">{emptyText}</span> : children}</dd>
    </div>
  )
}

export function HouseholdPage() {
  const id = Number(useParams().householdId)
  const household = useHousehold(id)
  // Labels of the dwelling's periods, altitudes and energies (the codes show while it loads).
  const vocabulary = useEnergyVocabulary().data
  const location = useLocation()
  const { hasScope } = useAuth()
  const flash = (location.state as { flash?: string } | null)?.flash
  usePageTitle(household.data ? `Ménage ${household.data.display_name}` : 'Ménage')

  if (household.isPending) return <Loading />
  if (household.isError)
    return (
      <>
        <h1>Ménage</h1>
        <QueryError error={household.error} notFound="Ce ménage est introuvable." />
        <p>
          <Link to="/menages">Retour à la liste des ménages</Link>
        </p>
      </>
    )

  const h = household.data
  return (
    <>
      <nav aria-label="Fil d'Ariane" className="breadcrumb">
        <Link to="/menages">Ménages</Link> <span aria-hidden="true">›</span>{' '}
        <span aria-current="page">{h.display_name}</span>
      </nav>
      <div className="page-head">
        <h1>{h.display_name}</h1>
        {hasScope('households:write') && (
          <Link to={`/menages/${h.id}/modifier`} className="button">
            Modifier
          </Link>
        )}
      </div>
      {flash && (
        <p role="status" className="alert alert--success">
          {flash}
        </p>
      )}
      <nav aria-label="Dossier du ménage" className="record-nav">
        <ul>
          {hasScope('households:read') && (
            <li>
              <Link to={`/menages/${h.id}/factures`} className="button button--secondary">
                Factures et analyse
              </Link>
            </li>
          )}
          {hasScope('social:read') && (
            <li>
              <Link to={`/menages/${h.id}/diagnostic-social`} className="button button--secondary">
                Diagnostic social
              </Link>
            </li>
          )}
          {hasScope('households:read') && (
            <li>
              <Link to={`/menages/${h.id}/travaux`} className="button button--secondary">
                Travaux
              </Link>
            </li>
          )}
        </ul>
      </nav>
      <p className="status-line">
        Dossier <span className={`badge badge--${h.status}`}>{label(STATUS_LABELS, h.status)}</span> – mis à jour le{' '}
        {formatDate(h.updated_at)}
      </p>

      <div className="cards">
        <section className="card" aria-labelledby="s-identity">
          <h2 id="s-identity">Identité et contact</h2>
          <dl className="dl">
            <Item term="Prénom">{h.first_name}</Item>
            <Item term="Nom">{h.last_name}</Item>
            <Item term="Téléphone">{h.phone}</Item>
            <Item term="Adresse e-mail">{h.email}</Item>
          </dl>
        </section>

        <section className="card" aria-labelledby="s-address">
          <h2 id="s-address">Adresse</h2>
          <dl className="dl">
            <Item term="Adresse">{h.address_line}</Item>
            <Item term="Commune">{[h.postcode, h.commune].filter(Boolean).join(' ')}</Item>
            <Item term="Code INSEE">{h.insee_code}</Item>
            <Item term="Unité territoriale" emptyText="Non renseignée">
              {h.unit?.name}
            </Item>
          </dl>
        </section>

        <section className="card" aria-labelledby="s-tenure">
          <h2 id="s-tenure">Occupation du logement</h2>
          <dl className="dl">
            <Item term="Statut d'occupation">{label(TENURE_LABELS, h.tenure)}</Item>
            <Item term="Bailleur">{h.landlord?.name}</Item>
          </dl>
        </section>

        <section className="card" aria-labelledby="s-referent">
          <h2 id="s-referent">Référent social</h2>
          {h.social_referent ? (
            <dl className="dl">
              <Item term="Nom">{h.social_referent.name}</Item>
              <Item term="Structure">{h.social_referent.organisation}</Item>
              <Item term="Téléphone">{h.social_referent.phone}</Item>
              <Item term="Adresse e-mail">{h.social_referent.email}</Item>
            </dl>
          ) : (
            <p className="muted">Aucun référent social renseigné.</p>
          )}
        </section>
      </div>

      <Timeline householdId={h.id} />

      <section aria-labelledby="s-members">
        <h2 id="s-members">Composition du ménage</h2>
        <ScrollRegion label="Membres du ménage">
          <table className="table">
            <caption className="visually-hidden">Membres du ménage</caption>
            <thead>
              <tr>
                <th scope="col">Prénom</th>
                <th scope="col">Année de naissance</th>
                <th scope="col">Lien</th>
              </tr>
            </thead>
            <tbody>
              {h.members.map((m) => (
                <tr key={m.id}>
                  <th scope="row">{m.first_name}</th>
                  <td>{m.birth_year}</td>
                  <td>{label(RELATION_LABELS, m.relation)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <p className="uc">
          <strong>Unités de consommation : </strong>
          <span data-testid="consumption-units">{formatDecimal(h.consumption_units)}</span>
        </p>
        <p className="hint" id="uc-explanation">
          Échelle de l&apos;INSEE : {UC_EXPLANATION}.
        </p>
      </section>

      <section aria-labelledby="s-dwelling">
        <h2 id="s-dwelling">Logement</h2>
        {h.dwelling ? (
          <dl className="dl dl--columns">
            <Item term="Type">{label(DWELLING_TYPE_LABELS, h.dwelling.dwelling_type)}</Item>
            <Item term="Période de construction">
              {labelOf(vocabulary?.construction_periods, h.dwelling.construction_period)}
            </Item>
            <Item term="Surface habitable">
              {h.dwelling.surface_m2 != null ? `${formatDecimal(h.dwelling.surface_m2)} m²` : null}
            </Item>
            <Item term="Altitude">{labelOf(vocabulary?.altitude_classes, h.dwelling.altitude_class)}</Item>
            <Item term="Énergie de chauffage principale">
              {labelOf(vocabulary?.heating_energies, h.dwelling.main_heating_energy)}
            </Item>
          </dl>
        ) : (
          <p className="muted">Logement non renseigné.</p>
        )}
      </section>

      <Consents household={h} canWrite={hasScope('consents:write')} />

      <FollowUpSection householdId={h.id} />

      <section aria-labelledby="s-advisors">
        <h2 id="s-advisors">Conseillers énergie</h2>
        {h.advisors.length ? (
          <ul>
            {h.advisors.map((a) => (
              <li key={a.id}>{a.full_name}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">Aucun conseiller énergie affecté.</p>
        )}
      </section>
      <PrivacySection household={h} />
    </>
  )
}

function Consents({ household, canWrite }: { household: HouseholdRead; canWrite: boolean }) {
  const [adding, setAdding] = useState(false)
  const [purpose, setPurpose] = useState<ConsentPurpose | ''>('')
  const [note, setNote] = useState('')
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null)
  const hid = household.id
  const onError = (e: Error) => setMessage({ kind: 'error', text: e instanceof ApiError ? e.detail : 'Erreur.' })

  const add = useAddConsent(hid, {
    onSuccess: () => {
      setAdding(false)
      setPurpose('')
      setNote('')
      setMessage({ kind: 'success', text: 'Le consentement a été enregistré.' })
    },
    onError,
  })

  const revoke = useRevokeConsent(hid, {
    onSuccess: (_, c) => setMessage({ kind: 'success', text: `Consentement retiré : ${label(CONSENT_PURPOSE_LABELS, c.purpose)}.` }),
    onError,
  })

  const onAdd = (e: FormEvent) => {
    e.preventDefault()
    if (!purpose) {
      setMessage({ kind: 'error', text: "Choisissez l'objet du consentement." })
      return
    }
    setMessage(null)
    add.mutate({ purpose, note: note.trim() })
  }

  return (
    <section aria-labelledby="s-consents">
      <div className="page-head">
        <h2 id="s-consents">Consentements</h2>
        {canWrite && !adding && (
          <button type="button" className="button button--secondary" onClick={() => setAdding(true)}>
            Enregistrer un consentement
          </button>
        )}
      </div>
      <Feedback message={message} />
      {adding && (
        <form onSubmit={onAdd} className="form inline-form" aria-label="Enregistrer un consentement" noValidate>
          <RequiredChoiceField
            id="consent-purpose"
            label="Objet du consentement"
            value={purpose}
            choices={options(CONSENT_PURPOSE_LABELS)}
            onChange={setPurpose}
          />
          <div className="field">
            <label htmlFor="consent-note">Note (facultatif)</label>
            <textarea id="consent-note" value={note} maxLength={1000} rows={2} onChange={(e) => setNote(e.target.value)} />
          </div>
          <InlineFormActions submitLabel="Enregistrer" pending={add.isPending} onCancel={() => setAdding(false)} />
        </form>
      )}
      {household.consents.length ? (
        <ScrollRegion label="Consentements du ménage">
          <table className="table">
            <caption className="visually-hidden">Consentements du ménage</caption>
            <thead>
              <tr>
                <th scope="col">Objet</th>
                <th scope="col">Donné le</th>
                <th scope="col">Retiré le</th>
                <th scope="col">Enregistré par</th>
                <th scope="col">Note</th>
                {canWrite && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {household.consents.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    {label(CONSENT_PURPOSE_LABELS, c.purpose)}
                    {c.is_current ? <span className="badge badge--open">En vigueur</span> : null}
                  </th>
                  <td>{formatDate(c.given_at)}</td>
                  <td>{c.revoked_at ? formatDate(c.revoked_at) : '–'}</td>
                  <td>{c.recorded_by.full_name}</td>
                  <td>{c.note || '–'}</td>
                  {canWrite && (
                    <td>
                      {c.is_current && (
                        <button
                          type="button"
                          className="button button--secondary button--small"
                          disabled={revoke.isPending}
                          onClick={() => revoke.mutate(c)}
                        >
                          Retirer
                          <span className="visually-hidden"> le consentement « {label(CONSENT_PURPOSE_LABELS, c.purpose)} »</span>
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p className="muted">Aucun consentement enregistré.</p>
      )}
    </section>
  )
}

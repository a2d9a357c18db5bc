import { useRef, useState, type FormEvent } from 'react'
import { api } from '../api/client'
import { useAccessLog, useEraseHousehold } from '../api/privacy'
import { saveBlob } from '../api/reporting'
import type { HouseholdRead } from '../api/types'
import { AuditEventsTable } from '../audit/AuditEventsTable'
import { eventCount } from '../audit/auditFilters'
import { fileFrom } from '../audit/download'
import { useAuth } from '../auth/AuthContext'
import { Feedback } from '../components/Feedback'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import type { FeedbackMessage } from '../components/useFeedback'
import { formatDateTime } from '../lib/datetime'
import { ApiError } from '../lib/errors'
import { ERASE_WORD, erasureProblems, REASON_MAX, type ErasureProblems } from './erasure'

/**
 * « Données personnelles (RGPD) » on the household page: subject access (PDF, JSON), who read the
 * record, and erasure. Shown to whoever holds privacy:manage (subject access) or audit:read (the log);
 * erasure only to administrators, as the API decides (POST /households/{id}/erase needs `admin`).
 */
export function PrivacySection({ household }: { household: HouseholdRead }) {
  const { hasScope } = useAuth()
  const canManage = hasScope('privacy:manage')
  const canErase = hasScope('admin')
  const [message, setMessage] = useState<FeedbackMessage | null>(null)
  if (!canManage && !hasScope('audit:read')) return null

  return (
    <section aria-labelledby="s-privacy" className="privacy">
      <h2 id="s-privacy">Données personnelles (RGPD)</h2>
      <Feedback message={message} />
      {household.anonymised_at && (
        <p className="alert alert--info">
          Ce dossier est anonymisé depuis le {formatDateTime(household.anonymised_at)} : noms, coordonnées, adresse
          et textes libres ont été supprimés ; restent les données statistiques et le journal des accès.
        </p>
      )}
      {canManage && <SubjectAccess household={household} />}
      <AccessLog householdId={household.id} />
      {canErase && !household.anonymised_at && <Erasure household={household} onDone={setMessage} />}
    </section>
  )
}

function SubjectAccess({ household }: { household: HouseholdRead }) {
  const [busy, setBusy] = useState<'pdf' | 'json' | null>(null)
  const [message, setMessage] = useState<FeedbackMessage | null>(null)

  const download = async (format: 'pdf' | 'json') => {
    setBusy(format)
    setMessage(null)
    try {
      const { blob, filename } = await fileFrom(
        api.GET('/api/v1/households/{household_id}/subject-access', {
          params: { path: { household_id: household.id }, query: { format } },
          parseAs: 'blob',
          headers: { Accept: format === 'pdf' ? 'application/pdf' : 'application/json' },
        }),
        `acces-donnees-${household.id}.${format}`,
      )
      saveBlob(blob, filename)
      setMessage({ kind: 'success', text: `Fichier « ${filename} » téléchargé. L’export est inscrit au journal.` })
    } catch (e) {
      setMessage({ kind: 'error', text: `Téléchargement impossible : ${e instanceof ApiError ? e.detail : 'réessayez.'}` })
    } finally {
      setBusy(null)
    }
  }

  return (
    <div className="privacy__part">
      <h3>Droit d&apos;accès</h3>
      <p id="sa-hint" className="hint">
        Tout ce que Binôme détient sur ce ménage, qui a consulté son dossier et ce qui a été transmis à son bailleur
        (RGPD, article 15).
      </p>
      <ul className="plain-list privacy__downloads">
        <li>
          <button type="button" className="button button--secondary" disabled={busy !== null}
            aria-describedby="sa-hint" onClick={() => void download('pdf')}>
            {busy === 'pdf' ? 'Téléchargement…' : 'Télécharger les données (PDF)'}
          </button>
        </li>
        <li>
          <button type="button" className="button button--secondary" disabled={busy !== null}
            aria-describedby="sa-hint" onClick={() => void download('json')}>
            {busy === 'json' ? 'Téléchargement…' : 'Télécharger les données (JSON)'}
          </button>
        </li>
      </ul>
      <Feedback message={message} />
    </div>
  )
}

function AccessLog({ householdId }: { householdId: number }) {
  const [offset, setOffset] = useState(0)
  const [open, setOpen] = useState(false)
  // Reading the log is itself recorded: fetch it when asked, and not again on every window focus.
  const log = useAccessLog(householdId, offset, open)

  return (
    <div className="privacy__part">
      <h3 id="s-access-log">Qui a consulté ce dossier</h3>
      <p className="hint">
        Chaque consultation, modification ou export de ce dossier, avec la personne (ou le logiciel partenaire) et la
        date. Afficher cette liste est aussi inscrit au journal.
      </p>
      {!open ? (
        <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
          Afficher les accès au dossier
        </button>
      ) : (
        <>
          {log.isPending && <Loading />}
          {log.isError && <QueryError error={log.error} notFound="Ce ménage est introuvable." />}
          {log.data && (
            <>
              <p role="status">{eventCount(log.data.total)}.</p>
              <AuditEventsTable events={log.data.items} caption="Qui a consulté ce dossier" showHousehold={false} />
              <Pagination offset={offset} next={log.data.next} total={log.data.total} onGoTo={setOffset} />
            </>
          )}
        </>
      )}
    </div>
  )
}

function Erasure({ household, onDone }: { household: HouseholdRead; onDone: (m: FeedbackMessage) => void }) {
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [typed, setTyped] = useState('')
  const [problems, setProblems] = useState<ErasureProblems>({})
  const [error, setError] = useState<FeedbackMessage | null>(null)
  const opener = useRef<HTMLButtonElement>(null)

  const erase = useEraseHousehold(household.id, {
    onSuccess: () =>
      onDone({
        kind: 'success',
        text: 'Les données personnelles du ménage ont été effacées. Le dossier est désormais anonymisé.',
      }),
    onError: (e) => setError({ kind: 'error', text: e instanceof ApiError ? e.detail : 'L’effacement a échoué.' }),
  })

  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    const found = erasureProblems(reason, typed, household.display_name)
    setProblems(found)
    setError(null)
    if (found.reason) return document.getElementById('erase-reason')?.focus()
    if (found.confirmation) return document.getElementById('erase-confirm')?.focus()
    erase.mutate(reason.trim())
  }
  const cancel = () => {
    setOpen(false)
    setReason('')
    setTyped('')
    setProblems({})
    setError(null)
    setTimeout(() => opener.current?.focus())
  }

  return (
    <div className="privacy__part">
      <h3>Effacement (droit à l&apos;oubli)</h3>
      {!open ? (
        <button ref={opener} type="button" className="button button--danger" onClick={() => setOpen(true)}>
          Effacer les données de ce ménage…
        </button>
      ) : (
        <form onSubmit={onSubmit} className="form" aria-labelledby="erase-title" noValidate>
          <p id="erase-title">
            <strong>Effacer les données personnelles de « {household.display_name} »</strong> (RGPD, article 17).
            L&apos;effacement est immédiat et définitif.
          </p>
          <div className="alert alert--info" id="erase-what">
            <p>
              <strong>Ce qui est supprimé :</strong> les noms et prénoms (le ménage devient « Anonymisé #
              {household.id} »), téléphone, adresse e-mail, adresse postale, coordonnées du référent social et du
              prescripteur, et tous les textes libres du dossier (notes d&apos;appel et fiches de note, descriptions,
              synthèses, textes des comptes-rendus, remarques de relecture, suivi des orientations, commentaires des
              travaux, fournisseurs des factures). Les consentements sont retirés, les requêtes enregistrées et les
              webhooks non encore envoyés sont supprimés.
            </p>
            <p>
              <strong>Ce qui est conservé, comme la loi le permet :</strong> les données statistiques anonymisées
              (commune, code postal, code INSEE, unité territoriale, statut d&apos;occupation, caractéristiques du
              logement, années de naissance et liens des membres, chiffres des factures et des diagnostics, étapes,
              dates et montants, chiffres figés des comptes-rendus), nécessaires au bilan du programme ; et le
              journal d&apos;audit (qui a fait quoi et quand, sans texte libre), que le responsable de traitement doit
              garder pour rendre compte du traitement (RGPD, article 5.2). Aucun autre document n&apos;est conservé
              par Binôme ; les comptes-rendus déjà envoyés au ménage, au prescripteur ou au bailleur restent chez eux.
            </p>
          </div>
          <div className="field">
            <label htmlFor="erase-reason">Motif de la demande (obligatoire)</label>
            <p id="erase-reason-hint" className="hint">
              Qui a demandé l&apos;effacement, quand, et pourquoi aucune obligation légale n&apos;impose de garder les
              données. Ce motif est vérifié mais n&apos;est pas conservé.
            </p>
            <textarea id="erase-reason" rows={3} maxLength={REASON_MAX} value={reason} required
              onChange={(e) => setReason(e.target.value)} aria-invalid={problems.reason ? true : undefined}
              aria-describedby={`erase-reason-hint${problems.reason ? ' erase-reason-error' : ''}`} />
            {problems.reason && (
              <p className="field-error" id="erase-reason-error">
                {problems.reason}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor="erase-confirm">
              Pour confirmer, recopiez le nom du ménage « {household.display_name} » ou le mot {ERASE_WORD}
            </label>
            <input id="erase-confirm" type="text" autoComplete="off" value={typed} required
              onChange={(e) => setTyped(e.target.value)} aria-invalid={problems.confirmation ? true : undefined}
              aria-describedby={problems.confirmation ? 'erase-confirm-error' : undefined} />
            {problems.confirmation && (
              <p className="field-error" id="erase-confirm-error">
                {problems.confirmation}
              </p>
            )}
          </div>
          <Feedback message={error} />
          <div className="form-actions">
            <button type="submit" className="button button--danger" disabled={erase.isPending}>
              {erase.isPending ? 'Effacement…' : 'Effacer définitivement'}
            </button>
            <button type="button" className="button button--secondary" onClick={cancel} disabled={erase.isPending}>
              Annuler
            </button>
          </div>
        </form>
      )}
    </div>
  )
}

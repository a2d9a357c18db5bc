import { useRef, useState } from 'react'
import { useRevokeToken, useTokens } from '../api/integrations'
import type { components } from '../api/schema'
import { ConfirmStep } from '../components/ConfirmStep'
import { Feedback } from '../components/Feedback'
import { Pagination } from '../components/Pagination'
import { Loading, QueryError } from '../components/Status'
import { useFeedback } from '../components/useFeedback'
import { formatDateTime } from '../lib/datetime'
import { formatDate } from '../lib/format'
import { TOKEN_KIND_LABELS, TOKEN_STATUS_LABELS, TOKEN_STATUS_TONE, label } from '../lib/labels'
import { resultCountText } from '../lib/pagination'
import { usePageTitle } from '../lib/usePageTitle'
import { CreateTokenForm } from './tokens/CreateTokenForm'
import { SecretPanel } from './tokens/SecretPanel'
import { tokenStatus } from './tokens/tokenForm'
import { ScrollRegion } from '../components/ScrollRegion'

type Token = components['schemas']['IntegrationTokenRead']
type Created = components['schemas']['IntegrationTokenCreated']

/** Jetons des systèmes des bailleurs et des scripts de bilan: issue (secret shown once), last use, revoke. */
export function TokensAdmin() {
  usePageTitle("Jetons d'intégration – Administration")
  const [offset, setOffset] = useState(0)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<Created | null>(null)
  const [confirming, setConfirming] = useState<Token | null>(null)
  const [busy, setBusy] = useState(false)
  const feedback = useFeedback()
  const newButton = useRef<HTMLButtonElement>(null)
  const tokens = useTokens(offset)
  const revokeToken = useRevokeToken()

  const revoke = async (t: Token) => {
    setBusy(true)
    feedback.clear()
    try {
      await revokeToken.mutateAsync(t.id)
      feedback.ok(`Le jeton « ${t.name} » est révoqué : il ne donne plus accès à rien.`)
    } catch (e) {
      feedback.fail(e)
    } finally {
      setBusy(false)
      setConfirming(null)
    }
  }

  return (
    <>
      <h1>Jetons d&apos;intégration</h1>
      <p>
        Les systèmes des bailleurs et les scripts de bilan appellent l’API avec un jeton. Chaque jeton a un type, des
        portées limitées à ce type et une date d’expiration ; son secret n’est montré qu’une fois, à la création.
      </p>
      {created ? (
        <SecretPanel
          id="token-secret"
          title={`Secret du jeton « ${created.name} »`}
          secretLabel="Secret du jeton (à transmettre au système du bailleur ou au script)"
          secret={created.token}
          onClose={() => {
            setCreated(null)
            newButton.current?.focus()
          }}
        />
      ) : creating ? (
        <CreateTokenForm
          onCreated={(t) => {
            setCreating(false)
            setCreated(t)
            setOffset(0)
          }}
          onCancel={() => {
            setCreating(false)
            newButton.current?.focus()
          }}
        />
      ) : (
        <p>
          <button ref={newButton} type="button" className="button" onClick={() => setCreating(true)}>
            Créer un jeton
          </button>
        </p>
      )}
      <Feedback message={feedback.message} />
      <section aria-labelledby="tokens-list-title">
        <h2 id="tokens-list-title">Jetons émis</h2>
        {tokens.isPending && <Loading />}
        {tokens.isError && <QueryError error={tokens.error} />}
        {tokens.data && (
          <>
            <p role="status">{resultCountText(tokens.data.total, offset, { one: 'jeton', many: 'jetons', none: 'Aucun jeton émis.' })}</p>
            {tokens.data.items.length > 0 && (
              <ScrollRegion label="Tableau des jetons d’intégration">
                <table className="table">
                  <thead>
                    <tr>
                      <th scope="col">Nom</th>
                      <th scope="col">Type et organisation</th>
                      <th scope="col">Portées</th>
                      <th scope="col">Statut</th>
                      <th scope="col">Expire le</th>
                      <th scope="col">Dernière utilisation</th>
                      <th scope="col">Action</th>
                    </tr>
                  </thead>
                  <tbody>
                    {tokens.data.items.map((t) => {
                      const status = tokenStatus(t)
                      return (
                        <tr key={t.id}>
                          <th scope="row">
                            {t.name}
                            <br />
                            <small>
                              Préfixe <code>{t.prefix}</code>
                            </small>
                          </th>
                          <td>
                            {label(TOKEN_KIND_LABELS, t.kind)}
                            <br />
                            {t.organisation?.name ?? 'Le Département'}
                          </td>
                          <td>{t.scopes.join(', ')}</td>
                          <td>
                            <span className={`badge badge--${TOKEN_STATUS_TONE[status]}`}>{TOKEN_STATUS_LABELS[status]}</span>
                            {t.revoked_at && <small> le {formatDate(t.revoked_at)}</small>}
                          </td>
                          <td>{formatDate(t.expires_at)}</td>
                          <td>{t.last_used_at ? formatDateTime(t.last_used_at) : 'Jamais utilisé'}</td>
                          <td>
                            {status !== 'revoked' && (
                              <button
                                type="button"
                                className="button button--secondary"
                                aria-label={`Révoquer le jeton ${t.name}`}
                                onClick={() => setConfirming(t)}
                                disabled={busy}
                              >
                                Révoquer
                              </button>
                            )}
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
              </ScrollRegion>
            )}
            {confirming && (
              <ConfirmStep
                id="revoke-token"
                question={`Révoquer le jeton « ${confirming.name} » ? Le système qui l’utilise perdra l’accès immédiatement ; c’est définitif.`}
                busy={busy}
                onConfirm={() => void revoke(confirming)}
                onCancel={() => setConfirming(null)}
              />
            )}
            <Pagination offset={offset} next={tokens.data.next} total={tokens.data.total} onGoTo={setOffset} />
          </>
        )}
      </section>
    </>
  )
}

import { useRef, useState, type FormEvent } from 'react'
import { Link, useSearchParams } from 'react-router'
import { useSetPasswordFromLink } from '../api/account'
import { passwordProblem } from '../admin/people/forms'
import { FieldError } from '../admin/people/Field'
import { ApiError } from '../lib/errors'
import { usePageTitle } from '../lib/usePageTitle'
import { PublicHeader } from '../components/PublicHeader'

/** /mot-de-passe?jeton=…: choose a password with the link of an invitation or a reset (no login needed). */
export function PasswordLinkPage() {
  usePageTitle('Choisir votre mot de passe')
  const [params] = useSearchParams()
  const token = params.get('jeton') ?? ''
  const [password, setPassword] = useState('')
  const [confirm, setConfirm] = useState('')
  const [errors, setErrors] = useState<{ password?: string; confirm?: string }>({})
  const [failure, setFailure] = useState<string | null>(null)
  const [done, setDone] = useState(false)
  const [pending, setPending] = useState(false)
  const alertRef = useRef<HTMLParagraphElement>(null)
  const setPasswordFromLink = useSetPasswordFromLink()

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setFailure(null)
    const found: typeof errors = {}
    const problem = passwordProblem(password)
    if (problem) found.password = problem
    if (confirm !== password) found.confirm = 'Les deux mots de passe ne sont pas identiques.'
    setErrors(found)
    if (Object.keys(found).length > 0) return
    setPending(true)
    try {
      await setPasswordFromLink.mutateAsync({ token, password })
      setDone(true)
    } catch (err) {
      setFailure(err instanceof ApiError ? err.detail : 'Une erreur est survenue. Réessayez dans un instant.')
      if (err instanceof ApiError) {
        const fromApi = err.fields.find((f) => f.field === 'password')
        if (fromApi) setErrors({ password: fromApi.message })
      }
      alertRef.current?.focus()
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <PublicHeader />
      <main id="contenu" className="login">
        <h1>Choisir votre mot de passe</h1>
        {done ? (
          <>
            <p role="status" className="alert alert--success">
              Votre mot de passe est enregistré. Vous pouvez vous connecter avec votre adresse e-mail.
            </p>
            <p>
              <Link to="/connexion">Aller à la connexion</Link>
            </p>
          </>
        ) : token.length < 20 ? (
          <p role="alert" className="alert alert--error">
            Ce lien est incomplet : ouvrez le lien exact reçu par e-mail, ou demandez-en un nouveau à l&apos;administrateur.
          </p>
        ) : (
          <>
            <div aria-live="assertive">
              {failure && (
                <p role="alert" className="alert alert--error" ref={alertRef} tabIndex={-1}>
                  {failure}
                </p>
              )}
            </div>
            <form onSubmit={submit} noValidate className="form login__form" aria-label="Choisir votre mot de passe">
              <p id="pl-rules" className="hint">
                Au moins 12 caractères, en mêlant lettres et chiffres ou symboles.
              </p>
              <div className={`field${errors.password ? ' field--invalid' : ''}`}>
                <label htmlFor="pl-password">Nouveau mot de passe</label>
                <input
                  id="pl-password"
                  type="password"
                  autoComplete="new-password"
                  required
                  aria-required="true"
                  aria-invalid={errors.password ? true : undefined}
                  aria-describedby={`pl-rules${errors.password ? ' pl-password-error' : ''}`}
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                />
                <FieldError id="pl-password" error={errors.password} />
              </div>
              <div className={`field${errors.confirm ? ' field--invalid' : ''}`}>
                <label htmlFor="pl-confirm">Confirmer le mot de passe</label>
                <input
                  id="pl-confirm"
                  type="password"
                  autoComplete="new-password"
                  required
                  aria-required="true"
                  aria-invalid={errors.confirm ? true : undefined}
                  aria-describedby={errors.confirm ? 'pl-confirm-error' : undefined}
                  value={confirm}
                  onChange={(e) => setConfirm(e.target.value)}
                />
                <FieldError id="pl-confirm" error={errors.confirm} />
              </div>
              <button type="submit" className="button" disabled={pending}>
                {pending ? 'Enregistrement…' : 'Enregistrer mon mot de passe'}
              </button>
            </form>
          </>
        )}
      </main>
    </>
  )
}

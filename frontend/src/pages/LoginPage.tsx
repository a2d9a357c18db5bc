import { useRef, useState, type FormEvent } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import { useAuth } from '../auth/AuthContext'
import { landingAfterLogin } from '../auth/landing'
import { usePageTitle } from '../lib/usePageTitle'

export function LoginPage() {
  usePageTitle('Connexion')
  const { status, me, login, notice, expiredUserId } = useAuth()
  const [params] = useSearchParams()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const errorRef = useRef<HTMLParagraphElement>(null)

  if (status === 'authenticated' && me)
    return <Navigate to={landingAfterLogin(params.get('suite'), expiredUserId, me.id)} replace />

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    if (!email.trim() || !password) {
      setError('Saisissez votre adresse e-mail et votre mot de passe.')
      return
    }
    setPending(true)
    try {
      await login(email.trim(), password)
    } catch (err) {
      setError(err instanceof Error ? err.message : 'La connexion a échoué.')
      setPassword('')
      errorRef.current?.focus()
    } finally {
      setPending(false)
    }
  }

  return (
    <>
      <header className="site-header">
        <div className="site-header__inner">
          <p className="brand">
            <span aria-hidden="true">⌂ </span>Binôme<span className="brand__tagline"> – SLIME Jura</span>
          </p>
        </div>
      </header>
      <main id="contenu" className="login">
        <h1>Connexion</h1>
        {notice && !error && (
          <p className="alert alert--info" role="status">
            {notice}
          </p>
        )}
        <div aria-live="assertive">
          {error && (
            <p role="alert" className="alert alert--error" ref={errorRef} tabIndex={-1}>
              {error}
            </p>
          )}
        </div>
        <form onSubmit={onSubmit} noValidate className="form login__form" aria-label="Connexion">
          <div className="field">
            <label htmlFor="login-email">Adresse e-mail</label>
            <input
              id="login-email"
              name="email"
              type="email"
              autoComplete="username"
              required
              aria-required="true"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">Mot de passe</label>
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-required="true"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Connexion…' : 'Se connecter'}
          </button>
        </form>
      </main>
    </>
  )
}

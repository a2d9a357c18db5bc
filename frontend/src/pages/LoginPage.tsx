import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import { AccessibilityMention } from '../accessibility/AccessibilityStatementPage'
import { useAuth } from '../auth/AuthContext'
import { landingAfterLogin } from '../auth/landing'
import { LoginError } from '../auth/session'
import { usePageTitle } from '../lib/usePageTitle'
import { PublicHeader } from '../components/PublicHeader'

type Field = 'email' | 'password'

const INPUT_ID: Record<Field, string> = { email: 'login-email', password: 'login-password' }
const FIELD_LABEL: Record<Field, string> = { email: 'Adresse e-mail', password: 'Mot de passe' }
const DETAIL_ID = 'login-error-detail'

interface Problem {
  detail: string
  /** Messages shown next to their field (the empty fields). */
  fields: Partial<Record<Field, string>>
  /** Fields the detail itself is about (wrong e-mail or password): marked invalid, described by it. */
  about: Field[]
}

/** What the fields miss before anything is sent, in the order of the form. */
function missing(email: string, password: string): Partial<Record<Field, string>> {
  const found: Partial<Record<Field, string>> = {}
  if (!email.trim()) found.email = 'Saisissez votre adresse e-mail.'
  if (!password) found.password = 'Saisissez votre mot de passe.'
  return found
}

export function LoginPage() {
  usePageTitle('Connexion')
  const { status, me, login, notice, expiredUserId } = useAuth()
  const [params] = useSearchParams()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [problem, setProblem] = useState<Problem | null>(null)
  const [pending, setPending] = useState(false)
  const alertRef = useRef<HTMLDivElement>(null)

  // Each new problem moves focus to the summary, which reads it out (role="alert") and links to the fields.
  useEffect(() => {
    if (problem) alertRef.current?.focus()
  }, [problem])

  if (status === 'authenticated' && me)
    return <Navigate to={landingAfterLogin(params.get('suite'), expiredUserId, me.id)} replace />

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    const fields = missing(email, password)
    const count = Object.keys(fields).length
    if (count) {
      setProblem({ detail: count > 1 ? `${count} champs sont à corriger.` : 'Un champ est à corriger.', fields, about: [] })
      return
    }
    setProblem(null)
    setPending(true)
    try {
      await login(email.trim(), password)
    } catch (err) {
      const wrongCredentials = err instanceof LoginError && (err.status === 401 || err.status === 400)
      setProblem({
        detail: err instanceof Error ? err.message : 'La connexion a échoué.',
        fields: {},
        about: wrongCredentials ? ['email', 'password'] : [],
      })
      setPassword('')
    } finally {
      setPending(false)
    }
  }

  const fieldProps = (field: Field) => {
    const message = problem?.fields[field]
    const about = problem?.about.includes(field) ?? false
    const describedBy = [message ? `${INPUT_ID[field]}-error` : null, about ? DETAIL_ID : null].filter(Boolean)
    return {
      id: INPUT_ID[field],
      'aria-invalid': message || about ? true : undefined,
      'aria-describedby': describedBy.length ? describedBy.join(' ') : undefined,
    }
  }
  const fieldError = (field: Field) => {
    const message = problem?.fields[field]
    return (
      message && (
        <p className="field-error" id={`${INPUT_ID[field]}-error`}>
          <span aria-hidden="true">⚠ </span>
          {message}
        </p>
      )
    )
  }
  const listed = problem ? (Object.keys(problem.fields) as Field[]) : []

  return (
    <>
      <PublicHeader />
      <main id="contenu" className="login">
        <h1>Connexion</h1>
        {notice && !problem && (
          <p className="alert alert--info" role="status">
            {notice}
          </p>
        )}
        <form onSubmit={onSubmit} noValidate className="form login__form" aria-label="Connexion">
          <div ref={alertRef} tabIndex={-1} role="alert" className={problem ? 'alert alert--error' : 'alert-slot'}>
            {problem && (
              <>
                <p id={DETAIL_ID}>{problem.detail}</p>
                {listed.length > 0 && (
                  <ul>
                    {listed.map((field) => (
                      <li key={field}>
                        <a href={`#${INPUT_ID[field]}`}>
                          {FIELD_LABEL[field]} : {problem.fields[field]}
                        </a>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            )}
          </div>
          <p className="hint">Les deux champs sont obligatoires.</p>
          <div className={`field${problem?.fields.email ? ' field--invalid' : ''}`}>
            <label htmlFor={INPUT_ID.email}>Adresse e-mail</label>
            <input
              {...fieldProps('email')}
              name="email"
              type="email"
              autoComplete="username"
              required
              aria-required="true"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
            {fieldError('email')}
          </div>
          <div className={`field${problem?.fields.password ? ' field--invalid' : ''}`}>
            <label htmlFor={INPUT_ID.password}>Mot de passe</label>
            <input
              {...fieldProps('password')}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              aria-required="true"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            {fieldError('password')}
          </div>
          <button type="submit" className="button" disabled={pending}>
            {pending ? 'Connexion…' : 'Se connecter'}
          </button>
        </form>
      </main>
      <footer className="site-footer">
        <p>
          <AccessibilityMention />
        </p>
      </footer>
    </>
  )
}

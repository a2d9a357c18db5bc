import { useEffect, useRef, useState, type FormEvent } from 'react'
import { Navigate, useSearchParams } from 'react-router'
import { AccessibilityMention } from '../accessibility/AccessibilityStatementPage'
import { useAuth } from '../auth/AuthContext'
import { landingAfterLogin } from '../auth/landing'
import { LoginError, ProgrammeChoiceError, type ProgrammeChoice } from '../auth/session'
import { usePageTitle } from '../lib/usePageTitle'
import { PublicHeader } from '../components/PublicHeader'

type Field = 'email' | 'password' | 'programme'

// The programme's link goes to its first radio button (the group itself is not a form control).
const INPUT_ID: Record<Field, string> = { email: 'login-email', password: 'login-password', programme: 'login-programme-0' }
const FIELD_LABEL: Record<Field, string> = { email: 'Adresse e-mail', password: 'Mot de passe', programme: 'Programme' }
const DETAIL_ID = 'login-error-detail'
const PROGRAMME_ERROR_ID = 'login-programme-error'
const PROGRAMME_LEGEND = 'Vous intervenez dans plusieurs programmes : choisissez celui où vous travaillez'

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
  // A person of several programmes chooses one; the choice lives in this page only (never stored).
  const [choices, setChoices] = useState<ProgrammeChoice[] | null>(null)
  const [programme, setProgramme] = useState('')
  const alertRef = useRef<HTMLDivElement>(null)
  const choiceRef = useRef<HTMLFieldSetElement>(null)

  // Each new problem moves focus to the summary, which reads it out (role="alert") and links to the fields.
  useEffect(() => {
    if (problem) alertRef.current?.focus()
  }, [problem])
  // The programmes to choose from appear below the fields: focus goes there, its legend says what to do.
  useEffect(() => {
    if (choices) choiceRef.current?.focus()
  }, [choices])

  if (status === 'authenticated' && me)
    return <Navigate to={landingAfterLogin(params.get('suite'), expiredUserId, me.id)} replace />

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    if (pending) return
    const fields: Partial<Record<Field, string>> = missing(email, password)
    if (choices && !programme) fields.programme = 'Choisissez le programme où vous travaillez.'
    const count = Object.keys(fields).length
    if (count) {
      setProblem({ detail: count > 1 ? `${count} champs sont à corriger.` : 'Un champ est à corriger.', fields, about: [] })
      return
    }
    setProblem(null)
    setPending(true)
    try {
      await login(email.trim(), password, choices ? programme : undefined)
    } catch (err) {
      if (err instanceof ProgrammeChoiceError) {
        setChoices(err.choices)
        setProgramme('')
        return
      }
      setChoices(null)
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
              onChange={(e) => {
                setEmail(e.target.value)
                // Another person: their programmes are not these.
                setChoices(null)
              }}
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
          {choices && (
            <fieldset
              ref={choiceRef}
              tabIndex={-1}
              className={`fieldset${problem?.fields.programme ? ' field--invalid' : ''}`}
              aria-describedby={problem?.fields.programme ? PROGRAMME_ERROR_ID : undefined}
            >
              <legend>{PROGRAMME_LEGEND}</legend>
              {choices.map((choice, index) => (
                <div className="checkbox" key={choice.value}>
                  <input
                    type="radio"
                    id={`login-programme-${index}`}
                    name="programme"
                    value={choice.value}
                    checked={programme === choice.value}
                    aria-invalid={problem?.fields.programme ? true : undefined}
                    onChange={() => setProgramme(choice.value)}
                  />
                  <label htmlFor={`login-programme-${index}`}>{choice.label}</label>
                </div>
              ))}
              {problem?.fields.programme && (
                <p className="field-error" id={PROGRAMME_ERROR_ID}>
                  <span aria-hidden="true">⚠ </span>
                  {problem.fields.programme}
                </p>
              )}
            </fieldset>
          )}
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

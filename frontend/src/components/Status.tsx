import { ApiError } from '../lib/errors'

export function Loading({ label = 'Chargement…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  )
}

/** Error of a query: 403 says "no access" (and never logs out), others show the server detail. */
export function QueryError({ error, notFound }: { error: unknown; notFound?: string }) {
  let message = 'Une erreur est survenue. Réessayez dans un instant.'
  if (error instanceof ApiError) {
    if (error.status === 403) message = "Vous n'avez pas accès à cette page."
    else if (error.status === 404 && notFound) message = notFound
    else message = error.detail
  }
  return (
    <p role="alert" className="alert alert--error">
      {message}
    </p>
  )
}

import { usePageTitle } from '../lib/usePageTitle'

/** Abonnements des bailleurs et journal des envois. (placeholder: to be built) */
export function WebhooksAdmin() {
  usePageTitle("Abonnements webhook – Administration")
  return (
    <>
      <h1>Abonnements webhook</h1>
      <p>Abonnements des bailleurs et journal des envois.</p>
    </>
  )
}

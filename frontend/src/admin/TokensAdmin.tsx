import { usePageTitle } from '../lib/usePageTitle'

/** Jetons des systèmes des bailleurs et des scripts de bilan. (placeholder: to be built) */
export function TokensAdmin() {
  usePageTitle("Jetons d'intégration – Administration")
  return (
    <>
      <h1>Jetons d&apos;intégration</h1>
      <p>Jetons des systèmes des bailleurs et des scripts de bilan.</p>
    </>
  )
}

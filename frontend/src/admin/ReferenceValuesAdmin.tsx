import { usePageTitle } from '../lib/usePageTitle'

/** Valeurs datées avec leur source, et leur historique. (placeholder: to be built) */
export function ReferenceValuesAdmin() {
  usePageTitle("Valeurs de référence – Administration")
  return (
    <>
      <h1>Valeurs de référence</h1>
      <p>Valeurs datées avec leur source, et leur historique.</p>
    </>
  )
}

import { usePageTitle } from '../lib/usePageTitle'

/** Types d'orientation et catalogue du petit équipement. (placeholder: to be built) */
export function CataloguesAdmin() {
  usePageTitle("Catalogues – Administration")
  return (
    <>
      <h1>Catalogues</h1>
      <p>Types d&apos;orientation et catalogue du petit équipement.</p>
    </>
  )
}

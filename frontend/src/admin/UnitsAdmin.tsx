import { usePageTitle } from '../lib/usePageTitle'

/** Unités territoriales, leurs communes et leur nombre de ménages. (placeholder: to be built) */
export function UnitsAdmin() {
  usePageTitle("Unités territoriales – Administration")
  return (
    <>
      <h1>Unités territoriales</h1>
      <p>Unités territoriales, leurs communes et leur nombre de ménages.</p>
    </>
  )
}

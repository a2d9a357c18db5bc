import { usePageTitle } from '../lib/usePageTitle'
import { EquipmentSection } from './catalogues/EquipmentSection'
import { OrientationTypesSection } from './catalogues/OrientationTypesSection'

/** Types d'orientation et catalogue du petit équipement. */
export function CataloguesAdmin() {
  usePageTitle('Catalogues – Administration')
  return (
    <>
      <h1>Catalogues</h1>
      <p>Les listes proposées pendant la visite et après : types d’orientation et petit équipement.</p>
      <OrientationTypesSection />
      <EquipmentSection />
    </>
  )
}

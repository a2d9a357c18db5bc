import { usePageTitle } from '../lib/usePageTitle'
import { CommunesAdmin } from './CommunesAdmin'

export function CommunesPage() {
  usePageTitle('Communes – Administration')
  return (
    <>
      <h1>Communes</h1>
      <CommunesAdmin />
    </>
  )
}

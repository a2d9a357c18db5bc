import { Link } from 'react-router'
import { CommunesAdmin } from '../admin/CommunesAdmin'
import { usePageTitle } from '../lib/usePageTitle'

export function AdminPage() {
  usePageTitle('Administration')
  return (
    <>
      <h1>Administration</h1>
      <p>
        La gestion des organisations, du nombre de ménages des unités territoriales, des campagnes, des comptes et des jetons
        d&apos;intégration arrive dans une prochaine version.
      </p>
      <CommunesAdmin />
    </>
  )
}

export function NotFoundPage() {
  usePageTitle('Page introuvable')
  return (
    <>
      <h1>Page introuvable</h1>
      <p>Cette adresse ne correspond à aucune page.</p>
      <p>
        <Link to="/">Retour à l&apos;accueil</Link>
      </p>
    </>
  )
}

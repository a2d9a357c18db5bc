import { Link } from 'react-router'
import { usePageTitle } from '../lib/usePageTitle'

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

import { usePageTitle } from '../lib/usePageTitle'

/** Comptes du personnel : créer, inviter, rôles, désactiver, débloquer, réinitialiser le mot de passe. (placeholder: to be built) */
export function PeopleAdmin() {
  usePageTitle("Personnes – Administration")
  return (
    <>
      <h1>Personnes</h1>
      <p>Comptes du personnel : créer, inviter, rôles, désactiver, débloquer, réinitialiser le mot de passe.</p>
    </>
  )
}

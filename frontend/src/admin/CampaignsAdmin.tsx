import { usePageTitle } from '../lib/usePageTitle'

/** Année, unités actives, objectif pour 1 000 ménages et budget. (placeholder: to be built) */
export function CampaignsAdmin() {
  usePageTitle("Campagnes – Administration")
  return (
    <>
      <h1>Campagnes</h1>
      <p>Année, unités actives, objectif pour 1 000 ménages et budget.</p>
    </>
  )
}

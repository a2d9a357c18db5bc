import { usePageTitle } from '../lib/usePageTitle'

/** Prescripteurs, bailleurs et partenaires. (placeholder: to be built) */
export function OrganisationsAdmin() {
  usePageTitle("Organisations – Administration")
  return (
    <>
      <h1>Organisations</h1>
      <p>Prescripteurs, bailleurs et partenaires.</p>
    </>
  )
}

import { Link } from 'react-router'

/** Ménages › the household › the current page, for the pages hanging off a household. */
export function HouseholdBreadcrumb({ household, current }: { household: { id: number; display_name: string }; current: string }) {
  return (
    <nav aria-label="Fil d'Ariane" className="breadcrumb">
      <Link to="/menages">Ménages</Link> <span aria-hidden="true">›</span>{' '}
      <Link to={`/menages/${household.id}`}>{household.display_name}</Link> <span aria-hidden="true">›</span>{' '}
      <span aria-current="page">{current}</span>
    </nav>
  )
}

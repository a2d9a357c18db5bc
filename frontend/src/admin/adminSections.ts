import type { ComponentType } from 'react'
import { CommunesPage } from './CommunesPage'
import { PeopleAdmin } from './PeopleAdmin'
import { OrganisationsAdmin } from './OrganisationsAdmin'
import { UnitsAdmin } from './UnitsAdmin'
import { CampaignsAdmin } from './CampaignsAdmin'
import { TokensAdmin } from './TokensAdmin'
import { WebhooksAdmin } from './WebhooksAdmin'
import { ReferenceValuesAdmin } from './ReferenceValuesAdmin'
import { CataloguesAdmin } from './CataloguesAdmin'
import { ProgrammeAdmin } from './ProgrammeAdmin'

/** The administration screens, in the order of the sub-navigation; each has its own address. */
export const ADMIN_SECTIONS: { to: string; label: string; component: ComponentType }[] = [
  { to: 'programme', label: 'Programme', component: ProgrammeAdmin },
  { to: 'personnes', label: "Personnes", component: PeopleAdmin },
  { to: 'organisations', label: "Organisations", component: OrganisationsAdmin },
  { to: 'unites', label: "Unités territoriales", component: UnitsAdmin },
  { to: 'campagnes', label: "Campagnes", component: CampaignsAdmin },
  { to: 'jetons', label: "Jetons d'intégration", component: TokensAdmin },
  { to: 'webhooks', label: "Abonnements webhook", component: WebhooksAdmin },
  { to: 'referentiel', label: "Valeurs de référence", component: ReferenceValuesAdmin },
  { to: 'catalogues', label: "Catalogues", component: CataloguesAdmin },
  { to: 'communes', label: 'Communes', component: CommunesPage },
]

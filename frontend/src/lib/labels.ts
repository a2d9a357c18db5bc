/** French labels for the API's enumerations. */
import type {
  AidKind,
  AttachmentKind,
  ChargeKind,
  IncomeSource,
  CallOutcome,
  ReferralChannel,
  ReferralReason,
  ReferralStatus,
  UnavailabilityKind,
  VisitStatus,
  ConsentPurpose,
  DwellingType,
  HouseholdStatus,
  Relation,
  Tenure,
  OrientationStatus,
  WorksStatus,
  ReportStatus,
  SynthesisKind,
  SynthesisStatus,
  OrganisationKind,
  StaffRole,
} from '../api/types'

export const ROLE_LABELS: Record<string, string> = {
  coordinator: 'Animatrice SLIME',
  advisor: 'Conseiller énergie',
  manager: 'Encadrement',
  referrer: 'Prescripteur',
  admin: 'Administrateur',
  platform_admin: 'Administrateur de la plateforme',
  network: 'Réseau national',
  landlord: 'Bailleur (intégration)',
  reporting: 'Reporting (intégration)',
}

export function roleLabel(roles: readonly string[]): string {
  const order = ['admin', 'manager', 'coordinator', 'advisor', 'referrer', 'landlord', 'reporting']
  const sorted = [...roles].sort((a, b) => order.indexOf(a) - order.indexOf(b))
  return sorted.map((r) => ROLE_LABELS[r] ?? r).join(', ')
}

export const TENURE_LABELS: Record<Tenure, string> = {
  owner_occupier: 'Propriétaire occupant',
  private_tenant: 'Locataire parc privé',
  social_tenant: 'Locataire parc social',
  hosted: 'Hébergé',
  other: 'Autre',
  unknown: 'Non connu',
}

export const RELATION_LABELS: Record<Relation, string> = {
  applicant: 'Demandeur ou demandeuse',
  spouse: 'Conjoint ou conjointe',
  child: 'Enfant',
  relative: 'Autre parent',
  other: 'Autre',
}

export const STATUS_LABELS: Record<HouseholdStatus, string> = {
  open: 'En cours',
  closed: 'Clos',
}

export const CONSENT_PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  data_processing: 'Traitement des données',
  share_with_prescriber: 'Partage avec le prescripteur',
  share_with_landlord: 'Partage avec le bailleur',
}

export const DWELLING_TYPE_LABELS: Record<DwellingType, string> = {
  house: 'Maison',
  apartment: 'Appartement',
  other: 'Autre',
}

export function label<K extends string>(labels: Record<K, string>, value: K | null | undefined): string {
  if (value === null || value === undefined) return ''
  return labels[value] ?? value
}

/** Entries of a label map, for <select> options, in declaration order. */
export function options<K extends string>(labels: Record<K, string>): [K, string][] {
  return Object.entries(labels) as [K, string][]
}

// --- Referrals, agenda --------------------------------------------------------------------------

export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  received: 'Reçue',
  contacted: 'Contactée',
  visit_scheduled: 'Visite planifiée',
  visited: 'Visitée',
  report_sent: 'Compte-rendu envoyé',
  closed: 'Clôturée',
  declined: 'Refus du ménage',
  unreachable: 'Injoignable',
  out_of_scope: 'Hors champ',
  duplicate: 'Doublon',
}

/** Badge colour family of a referral status (see .badge--* in index.css). */
export const REFERRAL_STATUS_TONE: Record<ReferralStatus, 'new' | 'progress' | 'done' | 'stopped'> = {
  received: 'new',
  contacted: 'progress',
  visit_scheduled: 'progress',
  visited: 'done',
  report_sent: 'done',
  closed: 'done',
  declined: 'stopped',
  unreachable: 'stopped',
  out_of_scope: 'stopped',
  duplicate: 'stopped',
}

export const REFERRAL_REASON_LABELS: Record<ReferralReason, string> = {
  bill_payment_difficulty: 'Difficultés à payer les factures d’énergie',
  unpaid_cutoff_risk: 'Impayés, risque de coupure',
  energy_hungry_dwelling: 'Logement énergivore',
  fsl_energy_or_water: 'Demande d’aide FSL énergie ou eau',
  cold_damp_mould: 'Froid, humidité, moisissures',
  other: 'Autre motif',
}

export const REFERRAL_CHANNEL_LABELS: Record<ReferralChannel, string> = {
  form: 'Formulaire en ligne',
  api: 'Logiciel partenaire',
  phone: 'Téléphone',
  paper: 'Courrier ou fiche papier',
  email: 'Courriel',
}

export const CALL_OUTCOME_LABELS: Record<CallOutcome, string> = {
  reached: 'Ménage joint',
  no_answer: 'Pas de réponse',
  voicemail: 'Message laissé sur répondeur',
  wrong_number: 'Mauvais numéro',
  callback_requested: 'Rappel demandé',
}

/** api/labels.py AttachmentKind: the kind of a visit's photo or document. */
export const ATTACHMENT_KIND_LABELS: Record<AttachmentKind, string> = {
  photo_damp_mould: 'Photo : humidité, moisissures',
  photo_meter: 'Photo : compteur',
  photo_heating: 'Photo : chauffage (chaudière, plaque signalétique)',
  photo_equipment: 'Photo : petit équipement remis',
  photo_other_technical: 'Photo : autre constat technique',
  document_bill: 'Document : facture',
  document_consent: 'Document : consentement signé',
  document_dpe: 'Document : DPE',
  document_other: 'Document : autre',
}

export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = {
  planned: 'Prévue',
  done: 'Réalisée',
  cancelled: 'Annulée',
  no_show: 'Ménage absent',
  rescheduled: 'Reportée',
}

export const UNAVAILABILITY_KIND_LABELS: Record<UnavailabilityKind, string> = {
  leave: 'Congé',
  training: 'Formation',
  meeting: 'Réunion',
  other: 'Autre indisponibilité',
}

/** Buttons of the referral lifecycle (actions listed in allowed_actions). */
export const REFERRAL_ACTION_LABELS: Record<string, string> = {
  contact: 'Marquer comme contactée',
  decline: 'Refus du ménage',
  mark_unreachable: 'Déclarer injoignable',
  mark_out_of_scope: 'Déclarer hors champ',
  mark_duplicate: 'Déclarer en doublon',
  close: 'Clôturer la demande',
  reopen: 'Rouvrir la demande',
  // System steps, seen in the history only.
  schedule: 'Visite planifiée',
  unschedule: 'Visite annulée',
  visit_done: 'Visite réalisée',
  send_report: 'Compte-rendu envoyé',
  case_closed: 'Dossier du ménage clôturé',
}

export const MATCHED_ON_LABELS: Record<string, string> = {
  name_commune: 'même nom et même commune',
  phone: 'même téléphone',
}

// --- Diagnostics and works ----------------------------------------------------------------------

export const INCOME_SOURCE_LABELS: Record<IncomeSource, string> = {
  salary: 'Salaire',
  unemployment: 'Allocation chômage',
  rsa: 'RSA',
  pension: 'Retraite',
  disability: 'AAH ou pension d’invalidité',
  family_benefits: 'Prestations familiales',
  housing_benefit: 'Aide au logement (APL, ALS)',
  other: 'Autre ressource',
}

export const CHARGE_KIND_LABELS: Record<ChargeKind, string> = {
  rent: 'Loyer',
  housing_loan: 'Prêt immobilier',
  housing_charges: 'Charges du logement',
  other_loan: 'Autre crédit',
  insurance: 'Assurances',
  childcare: 'Garde d’enfants',
  transport: 'Transport',
  other: 'Autre charge',
}

export const AID_KIND_LABELS: Record<AidKind, string> = {
  cheque_energie: 'Chèque énergie',
  fsl_energy: 'FSL énergie',
  fsl_water: 'FSL eau',
  other: 'Autre aide',
}

export const DEBT_KIND_LABELS: Record<'energy' | 'water' | 'rent' | 'other', string> = {
  energy: 'Énergie',
  water: 'Eau',
  rent: 'Loyer',
  other: 'Autre',
}

export const DECENCY_VALUE_LABELS: Record<'ok' | 'not_ok' | 'unknown', string> = {
  ok: 'Conforme',
  not_ok: 'Non conforme',
  unknown: 'Non vérifié',
}

// --- Syntheses and reports ----------------------------------------------------------------------

export const SYNTHESIS_KIND_LABELS: Record<SynthesisKind, string> = {
  family: 'Synthèse famille',
  technical: 'Synthèse technique',
}

export const SYNTHESIS_STATUS_LABELS: Record<SynthesisStatus, string> = {
  draft: 'Brouillon',
  in_review: 'En relecture',
  reviewed: 'Relue',
  final: 'Finalisée',
}

export const SYNTHESIS_STATUS_TONE: Record<SynthesisStatus, 'new' | 'progress' | 'done' | 'stopped'> = {
  draft: 'new',
  in_review: 'progress',
  reviewed: 'progress',
  final: 'done',
}

/** Buttons of the synthesis lifecycle (actions listed in allowed_actions). */
export const SYNTHESIS_ACTION_LABELS: Record<string, string> = {
  submit_for_review: 'Soumettre à relecture',
  mark_reviewed: 'Marquer comme relue',
  finalise: 'Finaliser',
  back_to_draft: 'Repasser en brouillon',
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  draft: 'Brouillon',
  submitted: 'Soumis à validation',
  returned: 'Renvoyé',
  validated: 'Validé',
  sent: 'Envoyé',
}

export const REPORT_STATUS_TONE: Record<ReportStatus, 'new' | 'progress' | 'done' | 'stopped'> = {
  draft: 'new',
  submitted: 'progress',
  returned: 'stopped',
  validated: 'done',
  sent: 'done',
}

export type Recipient = 'household' | 'prescriber' | 'landlord'

export const RECIPIENT_LABELS: Record<Recipient, string> = {
  household: 'Ménage',
  prescriber: 'Prescripteur',
  landlord: 'Bailleur',
}

export type Channel = 'email' | 'post' | 'api'

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: 'E-mail',
  post: 'Courrier',
  api: "Mise à disposition sur l'espace bailleur (API)",
}

export const DELIVERY_STATUS_LABELS: Record<'pending' | 'sent' | 'failed' | 'recorded', string> = {
  pending: 'En attente',
  sent: 'Envoyé',
  failed: 'Échec',
  recorded: 'Enregistré (courrier)',
}

// --- Orientation follow-up ---------------------------------------------------------------------

export const ORIENTATION_STATUS_LABELS: Record<OrientationStatus, string> = {
  proposed: 'Proposée',
  in_progress: 'En cours',
  obtained: 'Obtenue',
  refused: 'Refusée',
  abandoned: 'Abandonnée',
}

export const ORIENTATION_STATUS_TONE: Record<OrientationStatus, 'new' | 'progress' | 'done' | 'stopped'> = {
  proposed: 'new',
  in_progress: 'progress',
  obtained: 'done',
  refused: 'stopped',
  abandoned: 'stopped',
}

/** Buttons of the orientation lifecycle (actions listed in allowed_actions). */
export const ORIENTATION_ACTION_LABELS: Record<string, string> = {
  start: 'Démarrer',
  obtain: 'Enregistrer comme obtenue',
  refuse: 'Enregistrer comme refusée',
  abandon: 'Abandonner',
  reopen: 'Rouvrir',
}

export const WORKS_STATUS_LABELS: Record<WorksStatus, string> = {
  planned: 'Planifiés',
  started: 'Commencés',
  done: 'Réalisés',
  refused: 'Refusés',
}

export const DUE_FILTER_LABELS: Record<'overdue' | 'soon', string> = {
  overdue: 'En retard',
  soon: 'À échéance sous 14 jours',
}

// --- Administration: organisations and accounts (issue 16) -------------------------------------

export const ORGANISATION_KIND_LABELS: Record<OrganisationKind, string> = {
  departement: 'Conseil départemental',
  energy_association: 'Association énergie',
  social_landlord: 'Bailleur social',
  private_landlord: 'Bailleur privé',
  ccas: 'CCAS',
  caf: 'CAF',
  msa: 'MSA',
  fsl: 'FSL',
  energy_supplier: "Fournisseur d'énergie",
  health: 'Santé',
  association: 'Association',
  other_partner: 'Autre partenaire',
}

/** The roles an administrator gives a person (integration roles belong to tokens). */
export const STAFF_ROLES: StaffRole[] = ['coordinator', 'advisor', 'manager', 'referrer', 'admin']


// --- Administration of integrations (tokens, webhooks, reference values) --------------------------

export const TOKEN_KIND_LABELS: Record<'landlord' | 'reporting', string> = {
  landlord: "Système d'un bailleur",
  reporting: 'Script de statistiques (bilan annuel)',
}

export const TOKEN_STATUS_LABELS: Record<'active' | 'revoked' | 'expired', string> = {
  active: 'Actif',
  revoked: 'Révoqué',
  expired: 'Expiré',
}

export const TOKEN_STATUS_TONE: Record<'active' | 'revoked' | 'expired', 'done' | 'stopped'> = {
  active: 'done',
  revoked: 'stopped',
  expired: 'stopped',
}

export const WEBHOOK_DELIVERY_STATUS_LABELS: Record<'pending' | 'delivered' | 'failed' | 'refused', string> = {
  pending: 'En attente',
  delivered: 'Remis',
  failed: 'Abandonné',
  refused: 'Refusé (adresse interne)',
}

export const WEBHOOK_DELIVERY_STATUS_TONE: Record<'pending' | 'delivered' | 'failed' | 'refused', 'new' | 'done' | 'stopped'> = {
  pending: 'new',
  delivered: 'done',
  failed: 'stopped',
  refused: 'stopped',
}

export const WEBHOOK_EVENT_LABELS: Record<string, string> = {
  'webhook.test': 'Événement de test',
  'technical_synthesis.shared': 'Synthèse technique partagée',
}

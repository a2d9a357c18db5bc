/**
 * The accessibility statement (déclaration d'accessibilité, RGAA 4.1 model), in ONE place: the
 * statement page, the footer of the application and the login page all read it, so what they say stays
 * the same and stays true. When a non-conformity is fixed (with the test that proves it), remove it from
 * NON_CONFORMITIES: the status follows. Change ESTABLISHED_ON and the audit results after a new audit.
 */

export type ComplianceStatus = 'totalement conforme' | 'partiellement conforme' | 'non conforme'

export interface NonConformity {
  /** What does not work yet, for whom, and where. */
  text: string
  /** The RGAA 4.1 criteria concerned. */
  criteria: string[]
}

/**
 * Known failures not yet fixed. Issue 20's audit found: reflow at 320 px and 200 % zoom, scrollable tables out
 * of keyboard reach, focus lost after navigations through a loading state, the bill grid's instruction not tied
 * to it, untagged PDFs, login and referral form errors. Each is fixed and kept fixed by a test: the e2e sweep
 * (e2e/a11y-sweep.spec.ts: axe WCAG 2.1 A/AA + best practices on every page of every role at 320, 375 and
 * 1,366 px, page width at 320 px and 200 % zoom), e2e/focus-navigation.spec.ts, BillGrid.test.tsx,
 * LoginPage.test.tsx, ReferralForm.test.tsx and tests/documents/test_pdf_accessibility.py.
 * Add an entry here as soon as a failure is known: the status and the footer follow.
 */
export const NON_CONFORMITIES: readonly NonConformity[] = []

/** « totalement conforme » once no known non-conformity remains (and the audit covered every criterion). */
export function complianceStatus(nonConformities: readonly NonConformity[] = NON_CONFORMITIES): ComplianceStatus {
  return nonConformities.length === 0 ? 'totalement conforme' : 'partiellement conforme'
}

export const COMPLIANCE_STATUS: ComplianceStatus = complianceStatus()

/** The wording RGAA requires on every page (footer) and on the login page. */
export const FOOTER_MENTION = `Accessibilité : ${COMPLIANCE_STATUS}`

export const STATEMENT_PATH = '/accessibilite'

export const RGAA_VERSION = '4.1'
/** Date the statement was made (ISO; shown dd/mm/yyyy). */
export const ESTABLISHED_ON = '2026-11-30'

export const ORGANISATION = 'Conseil départemental du Jura'
export const SERVICE = 'Binôme, l’outil de suivi des visites SLIME (Service local d’intervention pour la maîtrise de l’énergie)'

/** The audit's results: the share of applicable criteria met, as the audit estimated it. */
export const AUDIT = {
  by:
    'un audit interne (toutes les pages des six profils, à 320, 375 et 1 366 px de large et avec un zoom de 200 %, ' +
    'outils automatiques et parcours au clavier), refait à chaque modification par les tests automatiques',
  rate: '100 % des critères applicables vérifiés par cet audit',
}

export const TECHNOLOGIES = ['HTML5', 'CSS', 'JavaScript (React)', 'WAI-ARIA', 'PDF balisé (PDF/UA-1)']

export const TEST_ENVIRONMENT = [
  'Chromium 156 sous Debian 12, aux largeurs de 320, 375 et 1 366 px et avec un zoom de 200 %',
  'Navigation au clavier seul sur les parcours principaux (connexion, demande, visite, diagnostics, compte-rendu)',
]

export const TOOLS = [
  'axe-core 4.13 et 4.14 (règles WCAG 2.1 niveaux A et AA et bonnes pratiques), lancé à chaque modification par les tests automatiques',
  'Lighthouse (accessibilité)',
  'Lecture de l’arbre de structure et de la langue des documents PDF (pypdf)',
]

export interface AuditedPages {
  role: string
  pages: string[]
}

/** The pages the audit covered, by profile (every page of the application). */
export const AUDITED_PAGES: readonly AuditedPages[] = [
  {
    role: 'Sans connexion',
    pages: ['Connexion', 'Choisir votre mot de passe', 'Déclaration d’accessibilité'],
  },
  {
    role: 'Prescripteur',
    pages: ['Accueil (mes demandes)', 'Nouvelle demande', 'Suivi d’une demande', 'Notifications'],
  },
  {
    role: 'Animatrice SLIME',
    pages: [
      'Accueil', 'Demandes', 'Saisir une demande', 'Demande', 'Agenda', 'Ménages', 'Nouveau ménage',
      'Fiche du ménage', 'Modifier le ménage', 'Factures et analyse', 'Diagnostic social', 'Prévoir une visite',
      'Visite', 'Diagnostic technique', 'Synthèses', 'Travaux', 'Compte-rendu', 'Suivi des orientations',
      'Recherche', 'Notifications',
    ],
  },
  {
    role: 'Conseiller énergie',
    pages: ['Accueil', 'Agenda', 'Ménages', 'Fiche du ménage', 'Factures et analyse', 'Visite',
      'Diagnostic technique', 'Synthèses', 'Travaux', 'Compte-rendu'],
  },
  {
    role: 'Encadrement',
    pages: ['Validation des comptes-rendus', 'Compte-rendu', 'Bilan d’activité', 'Journal d’audit', 'Ménages',
      'Fiche du ménage'],
  },
  {
    role: 'Administrateur',
    pages: ['Administration : personnes, organisations, unités territoriales, campagnes, jetons d’intégration, ' +
      'abonnements webhook, valeurs de référence, catalogues, communes', 'Journal d’audit'],
  },
  {
    role: 'Documents',
    pages: ['Compte-rendu PDF (copies du ménage, du prescripteur et du bailleur)', 'Document du droit d’accès (PDF)'],
  },
]

/** How to reach the team in charge. The e-mail address is the Département's to give (shown once set). */
export const CONTACT = {
  service: 'Conseil départemental du Jura – Pôle des Solidarités, équipe SLIME',
  postal: 'Conseil départemental du Jura, Pôle des Solidarités, 17 rue Rouget de Lisle, 39039 Lons-le-Saunier Cedex',
  email: null as string | null,
}

export const DEFENSEUR_DES_DROITS = {
  form: 'https://formulaire.defenseurdesdroits.fr/',
  delegates: 'https://www.defenseurdesdroits.fr/saisir/delegues',
  postal: 'Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07',
}

/** The multi-year plan for Binôme (the Département's own schéma pluriannuel covers all its services). */
export const PLAN = [
  'Corriger les non-conformités listées ci-dessus, chacune avec un test automatique qui la vérifie.',
  'Tester chaque page de chaque profil à 320, 375 et 1 366 px (axe-core, largeur des pages, focus après navigation) à chaque modification.',
  'Faire réaliser un audit complet de la grille RGAA chaque année et mettre à jour cette déclaration.',
  'Vérifier l’accessibilité des documents produits (comptes-rendus, droit d’accès) à chaque évolution de leur contenu.',
]

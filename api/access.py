"""Who may do what: scopes, the one role-to-scope table, the principal, and named permissions.

Free of FastAPI so services can ask questions of a principal without knowing about the web.
Services never test a role name: they ask for a scope (`principal.can(Scope.x)`), a named
permission below, or a workflow transition. Which *records* a principal reaches is decided in
`api/services/scope.py`.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from api.models import IntegrationKind, Role


class Scope(StrEnum):
    # Households: `households:all` reaches every household of the programme; `households:read`
    # alone reaches those the person is assigned to (an advisor through a visit or by hand).
    households_all = "households:all"
    households_read = "households:read"
    households_write = "households:write"
    households_assign = "households:assign"
    consents_write = "consents:write"
    referrals_submit = "referrals:submit"
    referrals_read = "referrals:read"
    referrals_write = "referrals:write"
    referrals_triage = "referrals:triage"
    agenda_read = "agenda:read"
    agenda_write = "agenda:write"
    bills_write = "bills:write"
    social_read = "social:read"
    social_write = "social:write"
    income_read = "income:read"
    diagnostics_write = "diagnostics:write"
    reports_read = "reports:read"
    reports_write = "reports:write"
    reports_compile = "reports:compile"
    reports_send = "reports:send"
    reports_validate = "reports:validate"
    followup_write = "followup:write"
    team_oversee = "team:oversee"
    privacy_manage = "privacy:manage"
    audit_read = "audit:read"
    directory_read = "directory:read"
    admin = "admin"
    landlord_read = "landlord:read"
    landlord_write = "landlord:write"
    reporting_read = "reporting:read"
    # The platform's: no programme's records, ever (api/tenancy.py gives them none).
    platform_admin = "platform:admin"
    network_read = "network:read"


SCOPE_DESCRIPTIONS: dict[str, str] = {
    Scope.households_all: "Voir tous les ménages du programme (sinon : ceux qui vous sont affectés)",
    Scope.households_read: "Lire les ménages (dans son périmètre)",
    Scope.households_write: "Créer et modifier les ménages",
    Scope.households_assign: "Affecter un conseiller énergie à un ménage",
    Scope.consents_write: "Enregistrer et retirer les consentements",
    Scope.referrals_submit: "Adresser une demande d'intervention et suivre ses demandes",
    Scope.referrals_read: "Lire les demandes d'intervention (dans son périmètre)",
    Scope.referrals_write: "Traiter les demandes : appels, fiche de note",
    Scope.referrals_triage: "Décider des suites d'une demande (contactée, hors champ, doublon, clôture…)",
    Scope.agenda_read: "Consulter l'agenda partagé et gérer ses indisponibilités",
    Scope.agenda_write: "Planifier les visites du binôme",
    Scope.bills_write: "Saisir les factures d'énergie et d'eau",
    Scope.social_read: "Lire le diagnostic social (revenus, charges, dettes)",
    Scope.social_write: "Saisir le diagnostic social",
    Scope.income_read: "Voir les montants de revenus et de charges dans l'analyse (sinon : tranches et indicateurs)",
    Scope.diagnostics_write: "Saisir le diagnostic technique et le programme de travaux",
    Scope.reports_read: "Lire les synthèses et comptes-rendus (dans son périmètre)",
    Scope.reports_write: "Rédiger et relire les synthèses",
    Scope.reports_compile: "Compiler et corriger les comptes-rendus",
    Scope.reports_send: "Envoyer les comptes-rendus aux destinataires",
    Scope.reports_validate: "Valider ou renvoyer un compte-rendu",
    Scope.privacy_manage: "Répondre aux demandes d'accès aux données (RGPD)",
    Scope.followup_write: "Suivre les orientations : contacts, avancement, passage de relais",
    Scope.team_oversee: "Suivre l'activité de toute l'équipe (semaine, relances en retard)",
    Scope.audit_read: "Consulter le journal d'audit",
    Scope.directory_read: "Lire l'annuaire : organisations, unités, campagnes, utilisateurs",
    Scope.admin: "Administrer utilisateurs, organisations, campagnes et jetons",
    Scope.landlord_read: "Bailleur : lire les synthèses techniques partagées",
    Scope.landlord_write: "Bailleur : déclarer l'avancement des travaux",
    Scope.reporting_read: "Lire les agrégats et extraits pseudonymisés",
    Scope.platform_admin: "Plateforme : créer les programmes et leur premier administrateur",
    Scope.network_read: "Réseau national : lire les chiffres agrégés de tous les programmes (jamais un ménage)",
}

_COORDINATOR = frozenset({
    Scope.households_all, Scope.households_read, Scope.households_write, Scope.households_assign,
    Scope.consents_write, Scope.referrals_read, Scope.referrals_write, Scope.referrals_triage,
    Scope.agenda_read, Scope.agenda_write, Scope.directory_read, Scope.bills_write, Scope.social_read,
    Scope.social_write, Scope.income_read, Scope.diagnostics_write, Scope.reports_read, Scope.reports_write,
    Scope.reports_compile, Scope.reports_send, Scope.followup_write, Scope.privacy_manage,
})
_MANAGER = frozenset({
    Scope.households_all, Scope.households_read, Scope.referrals_read, Scope.agenda_read, Scope.audit_read,
    Scope.directory_read, Scope.social_read, Scope.income_read, Scope.reports_read, Scope.reports_validate,
    Scope.reporting_read, Scope.privacy_manage, Scope.team_oversee,
})

# The one table that says what each role may do.
ROLE_SCOPES: dict[str, frozenset[Scope]] = {
    Role.coordinator: _COORDINATOR,
    # The advisor reaches the households assigned to them, and sees bills and computed indicators
    # (bands, booleans), never the income, charges or debts as amounts.
    Role.advisor: frozenset({
        Scope.households_read, Scope.referrals_read, Scope.agenda_read, Scope.directory_read, Scope.diagnostics_write,
        Scope.reports_read, Scope.reports_write, Scope.followup_write,
    }),
    Role.manager: _MANAGER,
    # Alert givers follow their referrals' progress, and see nothing else of the household.
    Role.referrer: frozenset({Scope.referrals_submit}),
    # Every staff scope, but not the third parties' ones (an admin is not a landlord or a script).
    Role.admin: _COORDINATOR | _MANAGER | {Scope.admin},
    Role.platform_admin: frozenset({Scope.platform_admin, Scope.network_read}),
    Role.network: frozenset({Scope.network_read}),
    IntegrationKind.landlord: frozenset({Scope.landlord_read, Scope.landlord_write}),
    IntegrationKind.reporting: frozenset({Scope.reporting_read}),
}

# Named permissions about *other* people: who may sit in each seat of the visiting pair, be
# assigned to a household, or be responsible for an orientation. The one place that knows
# which roles fill these seats.
SEATS: dict[str, frozenset[str]] = {
    "visit_coordinator": frozenset({Role.coordinator}),
    "visit_advisor": frozenset({Role.advisor}),
    "orientation_responsible": frozenset({Role.coordinator, Role.advisor, Role.admin}),
}


# Roles of the platform, held only by its own accounts (User.programme_id None); every other role only
# by a programme's members. Enforced when a principal is built, whatever the rows say.
PLATFORM_ROLES = frozenset({Role.platform_admin.value, Role.network.value})


def roles_for_membership(roles: frozenset[str], programme_id: int | None) -> frozenset[str]:
    return roles & PLATFORM_ROLES if programme_id is None else roles - PLATFORM_ROLES


def scopes_for(roles: set[str] | frozenset[str]) -> frozenset[str]:
    return frozenset(s.value for role in roles for s in ROLE_SCOPES.get(role, frozenset()))


def grants_admin(roles: set[str] | frozenset[str]) -> bool:
    """Whether these roles would give the administration scope (an admin must not remove their own)."""
    return Scope.admin in scopes_for(roles)


@dataclass(frozen=True)
class Principal:
    kind: Literal["user", "integration"]
    roles: frozenset[str]
    scopes: frozenset[str]
    organisation_id: int | None
    # The programme whose records it reaches (api/tenancy.py); None: the platform's principals.
    programme_id: int | None = None
    user_id: int | None = None
    token_id: int | None = None
    jti: str | None = None

    def can(self, scope: Scope) -> bool:
        return scope in self.scopes

    def grants(self, *relations: str) -> frozenset[str]:
        """What a workflow transition is checked against: the scopes plus relations to the record
        (e.g. "author", "owner"), so one vocabulary decides every transition."""
        return self.scopes | frozenset(relations)

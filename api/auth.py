"""Principals, the role-to-scope table, and the dependencies routers declare.

Scopes are any-of: a route lists the scopes that each suffice. Which *records* a principal
reaches is decided by the services' scoped queries (a foreign record is a 404).
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Literal

from fastapi import Depends, Request, Security
from fastapi.security import OAuth2PasswordBearer, SecurityScopes
from sqlmodel import Session, col, select

from api.deps import SessionDep
from api.errors import Forbidden, Unauthorized
from api.models import IntegrationKind, IntegrationToken, LoginSession, Role, User, UserRole
from api.security import TokenError, decode_access_token, is_integration_token, token_digest


class Scope(StrEnum):
    households_read = "households:read"
    households_write = "households:write"
    households_assign = "households:assign"
    consents_write = "consents:write"
    referrals_submit = "referrals:submit"
    referrals_read = "referrals:read"
    referrals_write = "referrals:write"
    agenda_read = "agenda:read"
    bills_write = "bills:write"
    social_read = "social:read"
    social_write = "social:write"
    diagnostics_write = "diagnostics:write"
    reports_read = "reports:read"
    reports_write = "reports:write"
    reports_validate = "reports:validate"
    followup_write = "followup:write"
    privacy_manage = "privacy:manage"
    agenda_write = "agenda:write"
    audit_read = "audit:read"
    directory_read = "directory:read"
    admin = "admin"
    landlord_read = "landlord:read"
    landlord_write = "landlord:write"
    reporting_read = "reporting:read"


SCOPE_DESCRIPTIONS: dict[str, str] = {
    Scope.households_read: "Lire les ménages (dans son périmètre)",
    Scope.households_write: "Créer et modifier les ménages",
    Scope.households_assign: "Affecter un conseiller énergie à un ménage",
    Scope.consents_write: "Enregistrer et retirer les consentements",
    Scope.referrals_submit: "Adresser une demande d'intervention et suivre ses demandes",
    Scope.referrals_read: "Lire les demandes d'intervention (dans son périmètre)",
    Scope.referrals_write: "Traiter les demandes : appels, fiche de note, suites",
    Scope.agenda_read: "Consulter l'agenda partagé et gérer ses indisponibilités",
    Scope.agenda_write: "Planifier les visites du binôme",
    Scope.bills_write: "Saisir les factures d'énergie et d'eau",
    Scope.social_read: "Lire le diagnostic social (revenus, charges, dettes)",
    Scope.social_write: "Saisir le diagnostic social",
    Scope.diagnostics_write: "Saisir le diagnostic technique et le programme de travaux",
    Scope.reports_read: "Lire les synthèses et comptes-rendus (dans son périmètre)",
    Scope.reports_write: "Rédiger synthèses et comptes-rendus, les envoyer",
    Scope.reports_validate: "Valider ou renvoyer un compte-rendu",
    Scope.privacy_manage: "Répondre aux demandes d'accès aux données (RGPD)",
    Scope.followup_write: "Suivre les orientations : contacts, avancement, passage de relais",
    Scope.audit_read: "Consulter le journal d'audit",
    Scope.directory_read: "Lire l'annuaire : organisations, unités, campagnes, utilisateurs",
    Scope.admin: "Administrer utilisateurs, organisations, campagnes et jetons",
    Scope.landlord_read: "Bailleur : lire les synthèses techniques partagées",
    Scope.landlord_write: "Bailleur : déclarer l'avancement des travaux",
    Scope.reporting_read: "Lire les agrégats et extraits pseudonymisés",
}

# The one table that says what each role may do.
ROLE_SCOPES: dict[str, frozenset[Scope]] = {
    Role.coordinator: frozenset({
        Scope.households_read, Scope.households_write, Scope.households_assign, Scope.consents_write,
        Scope.referrals_read, Scope.referrals_write, Scope.agenda_read, Scope.agenda_write, Scope.directory_read,
        Scope.bills_write, Scope.social_read, Scope.social_write, Scope.diagnostics_write,
        Scope.reports_read, Scope.reports_write, Scope.followup_write, Scope.privacy_manage,
    }),
    # The advisor sees bills and computed indicators, never the income and charges line items.
    Role.advisor: frozenset({
        Scope.households_read, Scope.referrals_read, Scope.agenda_read, Scope.directory_read, Scope.diagnostics_write,
        Scope.reports_read, Scope.reports_write, Scope.followup_write,
    }),
    Role.manager: frozenset({
        Scope.households_read, Scope.referrals_read, Scope.agenda_read, Scope.audit_read, Scope.directory_read,
        Scope.social_read, Scope.reports_read, Scope.reports_validate, Scope.reporting_read, Scope.privacy_manage,
    }),
    # Alert givers follow their referrals' progress, and see nothing else of the household.
    Role.referrer: frozenset({Scope.referrals_submit}),
    Role.admin: frozenset({
        Scope.households_read, Scope.households_write, Scope.households_assign, Scope.consents_write,
        Scope.referrals_read, Scope.referrals_write, Scope.agenda_read, Scope.agenda_write,
        Scope.bills_write, Scope.social_read, Scope.social_write, Scope.diagnostics_write,
        Scope.reports_read, Scope.reports_write, Scope.reports_validate, Scope.followup_write,
        Scope.audit_read, Scope.directory_read, Scope.admin, Scope.reporting_read, Scope.privacy_manage,
    }),
    IntegrationKind.landlord: frozenset({Scope.landlord_read, Scope.landlord_write}),
    IntegrationKind.reporting: frozenset({Scope.reporting_read}),
}

# Roles whose holders see every household of the département.
DEPARTEMENT_WIDE_ROLES = frozenset({Role.coordinator, Role.manager, Role.admin})


def scopes_for(roles: set[str] | frozenset[str]) -> frozenset[str]:
    return frozenset(s.value for role in roles for s in ROLE_SCOPES.get(role, frozenset()))


@dataclass(frozen=True)
class Principal:
    kind: Literal["user", "integration"]
    roles: frozenset[str]
    scopes: frozenset[str]
    organisation_id: int | None
    user_id: int | None = None
    token_id: int | None = None
    jti: str | None = None

    def has_any_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def sees_all_households(self) -> bool:
        return self.kind == "user" and self.has_any_role(*DEPARTEMENT_WIDE_ROLES)


oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl="/api/v1/auth/token", scopes=SCOPE_DESCRIPTIONS, auto_error=False
)


def _user_principal(session: Session, token: str, secret: str) -> Principal:
    try:
        claims = decode_access_token(token, secret=secret)
    except TokenError as exc:
        raise Unauthorized("Session expirée ou jeton invalide : reconnectez-vous.") from exc
    # The user, their roles and the check that their login is still open, in one round trip (by
    # primary keys): this runs on every request. A closed login ends its access tokens at once.
    now = datetime.now(UTC)
    rows = session.exec(select(User, UserRole.role)
                        .join(LoginSession, col(LoginSession.user_id) == User.id)
                        .join(UserRole, col(UserRole.user_id) == User.id, isouter=True)
                        .where(User.id == claims.user_id, LoginSession.id == claims.session_id,
                               col(LoginSession.revoked_at).is_(None), LoginSession.expires_at > now,
                               LoginSession.idle_expires_at > now)).all()
    user = rows[0][0] if rows else None
    if user is None or not user.is_active or user.token_generation != claims.generation:
        raise Unauthorized("Session expirée ou jeton invalide : reconnectez-vous.")
    roles = frozenset(role for _, role in rows if role)
    return Principal(
        kind="user", roles=roles, scopes=claims.scopes & scopes_for(roles),
        organisation_id=user.organisation_id, user_id=user.id, jti=claims.jti,
    )


def _integration_principal(session: Session, token: str, secret: str) -> Principal:
    row = session.exec(
        select(IntegrationToken).where(IntegrationToken.token_hash == token_digest(token, secret=secret))
    ).first()
    now = datetime.now(UTC)
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise Unauthorized("Jeton d'intégration invalide, expiré ou révoqué.")
    # Written at most once a minute: a busy integration should not turn reads into writes.
    if row.last_used_at is None or now - row.last_used_at > timedelta(minutes=1):
        row.last_used_at = now
        session.add(row)
    roles = frozenset({row.kind})
    return Principal(
        kind="integration", roles=roles, scopes=frozenset(row.scopes.split()) & scopes_for(roles),
        organisation_id=row.organisation_id, token_id=row.id,
    )


def authenticate(
    request: Request, session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> Principal:
    if not token:
        raise Unauthorized("Authentification requise.")
    secret = request.app.state.settings.secret_key
    if is_integration_token(token):
        principal = _integration_principal(session, token, secret)
    else:
        principal = _user_principal(session, token, secret)
    request.state.principal = principal
    return principal


async def require(security_scopes: SecurityScopes, principal: Annotated[Principal, Depends(authenticate)]) -> Principal:
    # async: a pure check, so it runs on the event loop instead of costing a thread hop.
    if security_scopes.scopes and not principal.scopes.intersection(security_scopes.scopes):
        raise Forbidden("Votre rôle ne permet pas cette action.")
    return principal


def allow(*scopes: Scope) -> type[Principal]:
    """`principal: allow(Scope.x, Scope.y)`: authenticated, holding any one of these scopes."""
    return Annotated[Principal, Security(require, scopes=[s.value for s in scopes])]  # type: ignore[return-value]


AnyPrincipal = Annotated[Principal, Depends(authenticate)]

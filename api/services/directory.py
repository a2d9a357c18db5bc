"""Organisations, territorial units, campaigns, user accounts and integration tokens."""

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlmodel import Session, col, delete, func, or_, select

from api import tenancy
from api.access import ROLE_SCOPES, SCOPE_DESCRIPTIONS, Principal, Scope, grants_admin
from api.errors import Conflict, InvalidInput, NotFound
from api.models import (
    LANDLORD_KINDS,
    Campaign,
    CampaignUnit,
    Commune,
    IntegrationKind,
    IntegrationToken,
    LoginThrottle,
    Organisation,
    OrganisationKind,
    Programme,
    Role,
    TerritorialUnit,
    User,
    UserRole,
    UserUnit,
)
from api.schemas.common import Page, Ref
from api.schemas.directory import (
    CampaignCreate,
    CampaignRead,
    CampaignUpdate,
    IntegrationKindRead,
    IntegrationTokenCreate,
    IntegrationTokenCreated,
    IntegrationTokenRead,
    OrganisationCreate,
    OrganisationRead,
    OrganisationUpdate,
    PasswordLinkSent,
    ScopeOption,
    TerritorialUnitRead,
    TerritorialUnitUpdate,
    UserCreate,
    UserRead,
    UserUpdate,
)
from api.security import (
    INTEGRATION_TOKEN_PREFIX,
    hash_password,
    new_opaque_token,
    token_digest,
)
from api.services import accounts, audit
from api.services.sessions import revoke_all_sessions, set_password
from api.services.text import like_pattern
from api.settings import Settings
from api.models.base import id_of

# --- organisations and units ----------------------------------------------------------------

def _page(session: Session, stmt, order, limit: int, offset: int) -> tuple[list, int]:
    total = session.exec(select(func.count()).select_from(stmt.order_by(None).subquery())).one()
    return list(session.exec(stmt.order_by(*order).limit(limit).offset(offset)).all()), total


def list_organisations(session: Session, kind: OrganisationKind | None, q: str | None, *,
                       limit: int, offset: int) -> Page[OrganisationRead]:
    stmt = select(Organisation)
    if kind is not None:
        stmt = stmt.where(Organisation.kind == kind)
    if q:
        stmt = stmt.where(col(Organisation.name).ilike(like_pattern(q), escape="\\"))
    rows, total = _page(session, stmt, (col(Organisation.name), col(Organisation.id)), limit, offset)
    return Page.of([OrganisationRead.model_validate(o) for o in rows], total=total, limit=limit, offset=offset)


def create_organisation(session: Session, principal: Principal, data: OrganisationCreate) -> Organisation:
    if session.exec(select(Organisation.id).where(Organisation.name == data.name)).first() is not None:
        raise InvalidInput("name", "Une organisation porte déjà ce nom.")
    org = Organisation(**data.model_dump())
    session.add(org)
    session.flush()
    audit.record(session, principal, "create", "organisation", org.id)
    return org


def update_organisation(session: Session, principal: Principal, organisation_id: int,
                        data: OrganisationUpdate) -> OrganisationRead:
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("Organisation introuvable.")
    if data.name is not None and data.name != org.name:
        if session.exec(select(Organisation.id).where(Organisation.name == data.name)).first() is not None:
            raise InvalidInput("name", "Une organisation porte déjà ce nom.")
        org.name = data.name
    for name in ("email", "phone"):
        if name in data.model_fields_set:
            setattr(org, name, getattr(data, name))
    session.add(org)
    session.flush()
    audit.record(session, principal, "update", "organisation", org.id, detail={"fields": sorted(data.model_fields_set)})
    return OrganisationRead.model_validate(org)


def _unit_read(unit: TerritorialUnit, communes: int) -> TerritorialUnitRead:
    return TerritorialUnitRead.model_validate(unit).model_copy(update={"communes_count": communes})


def _communes_count(session: Session, codes: list[str]) -> dict[str, int]:
    if not codes:
        return {}
    # (unit_code IN (...) is never NULL; the column is nullable, so SQLModel types it `str | None`.)
    return dict(session.exec(select(Commune.unit_code, func.count()).where(col(Commune.unit_code).in_(codes))  # type: ignore[arg-type]
                             .group_by(col(Commune.unit_code))).all())


def list_units(session: Session, *, limit: int, offset: int) -> Page[TerritorialUnitRead]:
    units, total = _page(session, select(TerritorialUnit), (col(TerritorialUnit.name), col(TerritorialUnit.id)),
                         limit, offset)
    counts = _communes_count(session, [u.code for u in units])
    return Page.of([_unit_read(u, counts.get(u.code, 0)) for u in units], total=total, limit=limit, offset=offset)


def update_unit(session: Session, principal: Principal, unit_id: int, data: TerritorialUnitUpdate) -> TerritorialUnitRead:
    unit = session.get(TerritorialUnit, unit_id)
    if unit is None:
        raise NotFound("Unité territoriale introuvable.")
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is not None or name == "households_year":
            setattr(unit, name, value)
    session.add(unit)
    audit.record(session, principal, "update", "territorial_unit", unit.id, detail={"fields": sorted(data.model_fields_set)})
    return _unit_read(unit, _communes_count(session, [unit.code]).get(unit.code, 0))


# --- campaigns --------------------------------------------------------------------------------

def visits_objective(households: int, per_thousand: Decimal) -> int:
    """Visits needed in a year: 2 per 1,000 households over 116,653 households gives 234."""
    return math.ceil(Decimal(households) * per_thousand / 1000)


def list_campaigns(session: Session, *, limit: int, offset: int) -> Page[CampaignRead]:
    campaigns, total = _page(session, select(Campaign), (col(Campaign.year).desc(),), limit, offset)
    links = session.exec(
        select(CampaignUnit.campaign_id, TerritorialUnit)
        .join(TerritorialUnit, col(CampaignUnit.unit_id) == TerritorialUnit.id)
        .where(col(CampaignUnit.campaign_id).in_([c.id for c in campaigns]))
        .order_by(col(TerritorialUnit.name))
    ).all() if campaigns else []
    units_of: dict[int, list[TerritorialUnit]] = {}
    for campaign_id, unit in links:
        units_of.setdefault(campaign_id, []).append(unit)
    return Page.of([_campaign_read(c, units_of.get(c.id, [])) for c in campaigns], total=total, limit=limit,
                   offset=offset)


def _campaign_read(campaign: Campaign, units: list[TerritorialUnit]) -> CampaignRead:
    households = sum(u.households_count for u in units)
    return CampaignRead(
        id=campaign.id, year=campaign.year, objective_per_thousand=campaign.objective_per_thousand,
        budget_eur=campaign.budget_eur, notes=campaign.notes,
        units=[Ref(id=u.id, name=u.name) for u in units], households_in_scope=households,
        visits_objective=visits_objective(households, campaign.objective_per_thousand),
    )


def _campaign_units(session: Session, unit_ids: list[int]) -> list[TerritorialUnit]:
    units = session.exec(select(TerritorialUnit).where(col(TerritorialUnit.id).in_(unit_ids))).all()
    if len(units) != len(set(unit_ids)):
        raise InvalidInput("unit_ids", "Unité territoriale inconnue dans la liste.")
    return sorted(units, key=lambda u: u.name)


def create_campaign(session: Session, principal: Principal, data: CampaignCreate) -> CampaignRead:
    if session.exec(select(Campaign.id).where(Campaign.year == data.year)).first() is not None:
        raise InvalidInput("year", f"La campagne {data.year} existe déjà.")
    units = _campaign_units(session, data.unit_ids)
    campaign = Campaign(**data.model_dump(exclude={"unit_ids"}))
    session.add(campaign)
    session.flush()
    for unit in units:
        session.add(CampaignUnit(campaign_id=id_of(campaign), unit_id=id_of(unit)))
    audit.record(session, principal, "create", "campaign", campaign.id)
    return _campaign_read(campaign, units)


def update_campaign(session: Session, principal: Principal, campaign_id: int, data: CampaignUpdate) -> CampaignRead:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None:
        raise NotFound("Campagne introuvable.")
    for name, value in data.model_dump(exclude_unset=True, exclude={"unit_ids"}).items():
        if value is not None or name == "budget_eur":
            setattr(campaign, name, value)
    session.add(campaign)
    if data.unit_ids is not None:
        units = _campaign_units(session, data.unit_ids)
        session.exec(delete(CampaignUnit).where(col(CampaignUnit.campaign_id) == campaign.id))
        for unit in units:
            session.add(CampaignUnit(campaign_id=id_of(campaign), unit_id=id_of(unit)))
    else:
        units = list(session.exec(
            select(TerritorialUnit).join(CampaignUnit, col(CampaignUnit.unit_id) == TerritorialUnit.id)
            .where(CampaignUnit.campaign_id == campaign.id).order_by(col(TerritorialUnit.name))
        ).all())
    audit.record(session, principal, "update", "campaign", campaign.id)
    return _campaign_read(campaign, units)


# --- users ------------------------------------------------------------------------------------

def list_users(session: Session, principal: Principal, role: Role | None, *, active: bool | None = None,
               q: str | None = None,
               organisation_id: int | None = None, limit: int, offset: int) -> Page[UserRead]:
    stmt = select(User, Organisation).join(Organisation, col(User.organisation_id) == Organisation.id)
    if role is not None:
        stmt = stmt.where(col(User.id).in_(select(UserRole.user_id).where(UserRole.role == role)))
    if active is not None:
        stmt = stmt.where(User.is_active == active)
    if organisation_id is not None:
        stmt = stmt.where(User.organisation_id == organisation_id)
    if q:
        pattern = like_pattern(q)
        stmt = stmt.where(or_(col(User.full_name).ilike(pattern, escape="\\"),
                              col(User.email).ilike(pattern, escape="\\")))
    rows, total = _page(session, stmt, (col(User.full_name), col(User.id)), limit, offset)
    if principal.can(Scope.admin):
        return Page.of(_user_reads(session, rows), total=total, limit=limit, offset=offset)
    # Others pick colleagues: roles, not the state of their access.
    roles = _roles_of(session, [u.id for u, _ in rows])
    return Page.of([_user_read(u, o, roles.get(u.id, [])) for u, o in rows], total=total, limit=limit, offset=offset)


def _user_reads(session: Session, rows: list[tuple[User, Organisation]]) -> list[UserRead]:
    """Read models with roles, lock and pending link: a fixed number of queries for any number of people."""
    ids = [id_of(u) for u, _ in rows]
    roles = _roles_of(session, ids)
    units = _units_of(session, ids)
    locks = _locked_until(session, [u.email for u, _ in rows])
    links = accounts.pending_links(session, ids)
    return [_user_read(u, o, roles.get(id_of(u), []), units=units.get(id_of(u), []), locked_until=locks.get(u.email),
                       invitation_expires_at=links.get(id_of(u))) for u, o in rows]


def _units_of(session: Session, user_ids: list[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {}
    if user_ids:
        for uid, unit in session.exec(select(UserUnit.user_id, UserUnit.unit_id)
                                      .where(col(UserUnit.user_id).in_(user_ids)).order_by(col(UserUnit.unit_id))):
            result.setdefault(uid, []).append(unit)
    return result


def _set_units(session: Session, user: User, unit_ids: list[int]) -> None:
    """The units a person covers (who is told of a new referral); none: the whole département."""
    wanted = sorted(set(unit_ids))
    known = set(session.exec(select(TerritorialUnit.id).where(col(TerritorialUnit.id).in_(wanted))).all()) if wanted else set()
    if unknown := [u for u in wanted if u not in known]:
        raise InvalidInput("unit_ids", f"Unité territoriale inconnue : {', '.join(map(str, unknown))}.")
    session.exec(delete(UserUnit).where(col(UserUnit.user_id) == user.id))
    for unit_id in wanted:
        session.add(UserUnit(user_id=id_of(user), unit_id=unit_id))


def _locked_until(session: Session, emails: list[str]) -> dict[str, datetime]:
    """Accounts that failed logins keep waiting (from some address): until when."""
    if not emails:
        return {}
    now = datetime.now(UTC)
    result: dict[str, datetime] = {}
    for account, until in session.exec(select(LoginThrottle.account, LoginThrottle.blocked_until).where(
            col(LoginThrottle.account).in_(emails), col(LoginThrottle.blocked_until) > now)):
        assert until is not None  # blocked_until > now
        result[account] = max(until, result.get(account, until))
    return result


def _read_one(session: Session, user: User) -> UserRead:
    org = session.get(Organisation, user.organisation_id)
    assert org is not None  # a foreign key
    return _user_reads(session, [(user, org)])[0]


def _roles_of(session: Session, user_ids: list[int]) -> dict[int, list[Role]]:
    result: dict[int, list[Role]] = {}
    if user_ids:
        for uid, role in session.exec(select(UserRole.user_id, UserRole.role).where(col(UserRole.user_id).in_(user_ids))):
            result.setdefault(uid, []).append(Role(role))
    return {uid: sorted(r) for uid, r in result.items()}


def _user_read(user: User, org: Organisation, roles: list[Role], *, units: list[int] | None = None,
               locked_until: datetime | None = None, invitation_expires_at: datetime | None = None) -> UserRead:
    return UserRead(id=user.id, email=user.email, full_name=user.full_name, phone=user.phone,
                    organisation=Ref(id=org.id, name=org.name), roles=roles, unit_ids=units or [],
                    is_active=user.is_active,
                    locked_until=locked_until, invitation_expires_at=invitation_expires_at)


def create_user(session: Session, principal: Principal | None, data: UserCreate, *,
                settings: Settings | None = None, base_url: str = "") -> UserRead:
    """With a first password, or (none given) by invitation: a single-use link e-mailed through the outbox."""
    org = session.get(Organisation, data.organisation_id)
    if org is None:
        raise InvalidInput("organisation_id", "Organisation inconnue.")
    if session.exec(select(User.id).where(User.email == data.email)).first() is not None:
        raise InvalidInput("email", "Un compte existe déjà avec cette adresse e-mail.")
    if data.password is None:
        if settings is None or principal is None:
            raise InvalidInput("password", "Un premier mot de passe est obligatoire ici.")
        accounts.check_mail_offered(settings)
        accounts.link_base(settings, base_url)  # refuses before anything is written
    # An invited person's password is a random one nobody knows, until they choose theirs.
    user = User(email=data.email, full_name=data.full_name, phone=data.phone, organisation_id=id_of(org),
                password_hash=hash_password(data.password or new_opaque_token()))
    session.add(user)
    session.flush()
    for role in sorted(set(data.roles)):
        session.add(UserRole(user_id=id_of(user), role=role))
    _set_units(session, user, data.unit_ids)
    audit.record(session, principal, "create", "user", user.id,
                 detail={"roles": sorted(set(data.roles)), "invited": data.password is None})
    if data.password is None:
        assert settings is not None and principal is not None  # checked above
        accounts.send_link(session, settings, principal, user, "invitation", base_url=base_url)
    return _read_one(session, user)


DEFAULT_DEPARTEMENT_NAME = "Conseil départemental"


def create_admin(session: Session, *, email: str, full_name: str, password: str,
                 organisation_name: str = DEFAULT_DEPARTEMENT_NAME, programme: str | None = None) -> UserRead:
    """Bootstrap (`binome create-admin`): an administrator of a programme (the only one, or the one
    named by its slug) in its first organisation of kind département, created when there is none yet.
    No principal: it runs from the server's shell."""
    with tenancy.unscoped(session):
        found = session.exec(select(Programme).where(Programme.slug == programme) if programme
                             else select(Programme)).all()
    if len(found) != 1:
        raise InvalidInput("programme", "Programme inconnu." if programme else
                           "Plusieurs programmes : précisez lequel (--programme " + " | ".join(p.slug for p in found) + ").")
    tenancy.enter(session, found[0].id)
    org = session.exec(select(Organisation).where(Organisation.kind == OrganisationKind.departement)
                       .order_by(col(Organisation.id))).first()
    data = UserCreate(email=email, full_name=full_name, organisation_id=org.id if org else 1,
                      roles=[Role.admin], password=password)  # checks the e-mail and the password rules first
    if org is None:
        org = Organisation(name=organisation_name, kind=OrganisationKind.departement)
        session.add(org)
        session.flush()
        audit.record(session, None, "create", "organisation", org.id, detail={"via": "create_admin"})
        data = data.model_copy(update={"organisation_id": org.id})
    return create_user(session, None, data)


def update_user(session: Session, principal: Principal, user_id: int, data: UserUpdate) -> UserRead:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Utilisateur introuvable.")
    if data.full_name is not None:
        user.full_name = data.full_name
    if "phone" in data.model_fields_set:
        user.phone = data.phone
    if data.organisation_id is not None and data.organisation_id != user.organisation_id:
        if session.get(Organisation, data.organisation_id) is None:
            raise InvalidInput("organisation_id", "Organisation inconnue.")
        user.organisation_id = data.organisation_id
        revoke_all_sessions(session, user)  # tokens carry the organisation: new ones
    if data.roles is not None:
        if user.id == principal.user_id and not grants_admin(set(data.roles)):
            raise Conflict("Vous ne pouvez pas retirer votre propre rôle d'administrateur.")
        session.exec(delete(UserRole).where(col(UserRole.user_id) == user.id))
        for role in sorted(set(data.roles)):
            session.add(UserRole(user_id=id_of(user), role=role))
        revoke_all_sessions(session, user)  # new roles, new tokens
    if data.is_active is not None and data.is_active != user.is_active:
        if user.id == principal.user_id:
            raise Conflict("Vous ne pouvez pas désactiver votre propre compte.")
        user.is_active = data.is_active
        revoke_all_sessions(session, user)
    if data.unit_ids is not None:
        _set_units(session, user, data.unit_ids)
    if data.password is not None:
        set_password(session, user, data.password)
    session.add(user)
    session.flush()
    audit.record(session, principal, "update", "user", user.id,
                 detail={"fields": sorted(data.model_fields_set - {"password"}) + (["password"] if data.password else [])})
    return _read_one(session, user)


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound("Utilisateur introuvable.")
    return user


def unlock_user(session: Session, principal: Principal, user_id: int) -> UserRead:
    """Forget the failed logins of the account (from every address): it may try again at once. The
    addresses' own counters stay: they protect every account from one guessing machine."""
    user = _user(session, user_id)
    rows = session.exec(select(LoginThrottle).where(LoginThrottle.account == user.email.strip().lower())).all()
    for row in rows:
        session.delete(row)
    session.flush()
    audit.record(session, principal, "unlock", "user", user.id, detail={"counters": len(rows)})
    return _read_one(session, user)


def send_password_reset(session: Session, settings: Settings, principal: Principal, user_id: int, *,
                        base_url: str) -> PasswordLinkSent:
    """End every session of the person and e-mail them a single-use link to choose a new password."""
    user = _user(session, user_id)
    if not user.is_active:
        raise Conflict("Ce compte est désactivé : réactivez-le avant de réinitialiser son mot de passe.")
    accounts.check_mail_offered(settings)
    accounts.link_base(settings, base_url)
    # The old password stops working too: whoever knew it is locked out until the link is used.
    user.password_hash = hash_password(new_opaque_token())
    revoke_all_sessions(session, user)
    token = accounts.send_link(session, settings, principal, user, "reset", base_url=base_url)
    return PasswordLinkSent(user=_read_one(session, user), sent_to=user.email, expires_at=token.expires_at)


# --- integration tokens -------------------------------------------------------------------------

def list_integration_tokens(session: Session, *, limit: int, offset: int) -> Page[IntegrationTokenRead]:
    """Newest first; two queries whatever the number of tokens (the page and its count)."""
    total = session.exec(select(func.count()).select_from(IntegrationToken)).one()
    rows = session.exec(
        select(IntegrationToken, Organisation)
        .join(Organisation, col(IntegrationToken.organisation_id) == Organisation.id, isouter=True)
        .order_by(col(IntegrationToken.created_at).desc(), col(IntegrationToken.id).desc())
        .limit(limit).offset(offset)
    ).all()
    return Page.of([_token_read(t, o) for t, o in rows], total=total, limit=limit, offset=offset)


def integration_kinds() -> list[IntegrationKindRead]:
    """Each kind of token with the scopes it may carry (ROLE_SCOPES) and the organisations it may belong to:
    the rules `create_integration_token` enforces, for the administration screen to offer."""
    return [
        IntegrationKindRead(
            kind=kind, label=INTEGRATION_KIND_LABELS[kind],
            scopes=[ScopeOption(scope=s.value, description=SCOPE_DESCRIPTIONS[s])
                    for s in sorted(ROLE_SCOPES[kind], key=lambda s: s.value)],
            organisation_kinds=sorted(LANDLORD_KINDS if kind == IntegrationKind.landlord else INTERNAL_KINDS),
            organisation_required=kind == IntegrationKind.landlord,
        )
        for kind in IntegrationKind
    ]


INTEGRATION_KIND_LABELS = {IntegrationKind.landlord: "Système d'un bailleur",
                           IntegrationKind.reporting: "Script de statistiques (bilan annuel)"}


def _token_read(token: IntegrationToken, org: Organisation | None) -> IntegrationTokenRead:
    return IntegrationTokenRead(
        id=token.id, name=token.name, kind=token.kind, organisation=Ref(id=org.id, name=org.name) if org else None,
        scopes=token.scopes.split(), prefix=token.prefix, expires_at=token.expires_at, revoked_at=token.revoked_at,
        last_used_at=token.last_used_at, rate_limit_per_minute=token.rate_limit_per_minute, created_at=token.created_at,
    )


INTERNAL_KINDS = frozenset({OrganisationKind.departement, OrganisationKind.energy_association})


def create_integration_token(
    session: Session, principal: Principal, data: IntegrationTokenCreate, *, secret: bytes
) -> IntegrationTokenCreated:
    allowed = {s.value for s in ROLE_SCOPES[data.kind]}
    scopes = set(data.scopes) if data.scopes is not None else allowed
    if not scopes:
        raise InvalidInput("scopes", "Choisissez au moins une portée pour ce jeton.")
    if not scopes <= allowed:
        refused = ", ".join(sorted(scopes - allowed))
        raise InvalidInput("scopes", f"Portée non autorisée pour ce type de jeton : {refused}. Portées possibles : "
                                     f"{', '.join(sorted(allowed))}.")
    org = session.get(Organisation, data.organisation_id) if data.organisation_id else None
    if data.kind == IntegrationKind.landlord and (org is None or org.kind not in LANDLORD_KINDS):
        raise InvalidInput("organisation_id", "Un jeton bailleur doit être rattaché à une organisation de type bailleur.")
    if data.organisation_id and org is None:
        raise InvalidInput("organisation_id", "Organisation inconnue.")
    # A reporting token reads the whole département's statistics: it belongs to the département (no
    # organisation) or to an internal organisation, never to a landlord or an outside partner.
    if data.kind == IntegrationKind.reporting and org is not None and org.kind not in INTERNAL_KINDS:
        raise InvalidInput("organisation_id", "Un jeton de statistiques est rattaché au Département ou à "
                                              "l'association de l'énergie, pas à un bailleur ou un partenaire.")
    secret_token = new_opaque_token(INTEGRATION_TOKEN_PREFIX)
    assert principal.user_id is not None  # an administrator creates tokens
    token = IntegrationToken(
        name=data.name, kind=data.kind, organisation_id=org.id if org else None, scopes=" ".join(sorted(scopes)),
        prefix=secret_token[:12], token_hash=token_digest(secret_token, secret=secret),
        expires_at=datetime.now(UTC) + timedelta(days=data.expires_in_days), created_by_id=principal.user_id,
        rate_limit_per_minute=data.rate_limit_per_minute,
    )
    session.add(token)
    session.flush()
    audit.record(session, principal, "create", "integration_token", token.id, detail={"kind": data.kind, "scopes": token.scopes.split()})
    return IntegrationTokenCreated(**_token_read(token, org).model_dump(), token=secret_token)


def revoke_integration_token(session: Session, principal: Principal, token_id: int) -> IntegrationTokenRead:
    token = session.get(IntegrationToken, token_id)
    if token is None:
        raise NotFound("Jeton introuvable.")
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        session.add(token)
        audit.record(session, principal, "revoke", "integration_token", token.id)
    org = session.get(Organisation, token.organisation_id) if token.organisation_id else None
    return _token_read(token, org)

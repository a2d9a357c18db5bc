"""Households: who may see which, and how they are created, changed and read."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, String, cast, false, func, or_, true
from sqlmodel import Session, col, delete, select

from api import clock
from api.access import SEATS, Principal, Scope
from api.energy.household import consumption_units
from api.errors import Conflict, InvalidInput, NotFound, StaleVersion
from api.models import (
    LANDLORD_KINDS,
    AdvisorAssignment,
    Consent,
    Dwelling,
    Household,
    HouseholdMember,
    HouseholdStatus,
    Organisation,
    Referral,
    TerritorialUnit,
    User,
    UserRole,
    Visit,
)
from api.schemas.common import Page, PersonRef, Ref
from api.schemas.households import (
    ConsentCreate,
    ConsentRead,
    DwellingIn,
    DwellingRead,
    HouseholdCreate,
    HouseholdRead,
    HouseholdSummary,
    HouseholdUpdate,
    MemberIn,
    MemberRead,
    SocialReferentRead,
)
from api.schemas.referrals import HouseholdMatch, ReferredHousehold
from api.services.versioning import claim_version
from api.services import audit, communes, scope
from api.services.text import fold, like_pattern
from api.services.workflow import Transition, Workflow
from api.models.base import as_utc, id_of
from api.services.read_models import json_objects

# --- the case's lifecycle -----------------------------------------------------------------------

@dataclass(frozen=True)
class CaseContext:
    """What closing a case is checked against, gathered by the follow-up service that closes it."""

    open_orientations: int
    planned_visits: int
    summary: str | None


def _ready_to_close(ctx: CaseContext) -> str | None:
    if ctx.open_orientations:
        which = ("1 orientation est encore ouverte : réglez-la" if ctx.open_orientations == 1 else
                 f"{ctx.open_orientations} orientations sont encore ouvertes : réglez-les")
        return f"{which} (obtenue, refusée ou abandonnée) avant de clore le dossier."
    if ctx.planned_visits:
        return "Une visite est encore planifiée : réalisez-la ou annulez-la avant de clore le dossier."
    if not (ctx.summary or "").strip():
        return "Rédigez la synthèse de clôture du dossier."
    return None


CASE_MANAGERS = frozenset({Scope.households_write})
# The case (the household's file) in one place: open → closed (with its summary) → reopened (open
# again, recorded). Its status is never a field edit: closing settles the referrals and dates the
# case for retention, which a PATCH would skip.
CASE_WORKFLOW = Workflow("case", (
    Transition("close", frozenset({HouseholdStatus.open}), HouseholdStatus.closed, CASE_MANAGERS,
               guard=_ready_to_close, needs_input=True),
    Transition("reopen", frozenset({HouseholdStatus.closed}), HouseholdStatus.open, CASE_MANAGERS),
))


def case_actions(principal: Principal, household: Household) -> list[str]:
    return CASE_WORKFLOW.allowed_actions(household.status, principal.scopes)

# --- lists --------------------------------------------------------------------------------

@dataclass(frozen=True)
class HouseholdFilters:
    q: str | None = None
    commune: str | None = None
    unit_id: int | None = None
    status: HouseholdStatus | None = None


def list_households(
    session: Session, principal: Principal, filters: HouseholdFilters, *, limit: int, offset: int
) -> Page[HouseholdSummary]:
    conditions: list[ColumnElement[bool]] = [scope.visible_households(principal)]
    if filters.q:
        for word in fold(filters.q).split():
            conditions.append(or_(
                col(Household.search_name).like(like_pattern(word), escape="\\"),
                func.lower(Household.commune).like(like_pattern(word), escape="\\"),
                col(Household.phone).like(like_pattern(word), escape="\\"),
            ))
    if filters.commune:
        conditions.append(func.lower(Household.commune) == filters.commune.strip().lower())
    if filters.unit_id is not None:
        conditions.append(col(Household.unit_id) == filters.unit_id)
    if filters.status is not None:
        conditions.append(col(Household.status) == filters.status)

    # One statement: the page, its total (a window over the filtered rows) and each household's birth years.
    rows = session.exec(
        select(Household.id, Household.last_name, Household.first_name, Household.commune,  # type: ignore[call-overload]
               Household.unit_id, TerritorialUnit.name, Household.status, Household.tenure, Household.updated_at,
               BIRTH_YEARS, func.count().over())
        .join(TerritorialUnit, col(Household.unit_id) == TerritorialUnit.id, isouter=True)
        .where(*conditions)
        .order_by(col(Household.updated_at).desc(), col(Household.id).desc())
        .limit(limit)
        .offset(offset)
    ).all()
    if rows:
        total = rows[0][-1]
    else:  # past the last page: no row to carry the total
        total = session.exec(select(func.count()).select_from(Household).where(*conditions)).one()
    year = clock.today().year
    items = []
    for hid, last_name, first_name, commune, unit_id, unit_name, status, tenure, updated_at, years, _ in rows:
        born = birth_years(years)
        items.append(HouseholdSummary(
            id=hid, display_name=_display_name(last_name, first_name), commune=commune,
            unit=Ref(id=unit_id, name=unit_name) if unit_name is not None else None, outside_units=unit_name is None,
            status=status, tenure=tenure, members_count=len(born), consumption_units=consumption_units(born, year),
            updated_at=updated_at,
        ))
    audit.record(session, principal, "list", "household",
                 detail={"count": len(items), "ids": [i.id for i in items]})
    return Page.of(items, total=total, limit=limit, offset=offset)


# The members' birth years of the household of the outer statement, as one text ("1980,2018").
BIRTH_YEARS = (select(func.aggregate_strings(cast(HouseholdMember.birth_year, String), ","))
               .where(HouseholdMember.household_id == Household.id).scalar_subquery())


def birth_years(aggregated: str | None) -> list[int]:
    return [int(y) for y in aggregated.split(",")] if aggregated else []


def display_name(household: Household) -> str:
    return _display_name(household.last_name, household.first_name)


def _display_name(last_name: str, first_name: str) -> str:
    return f"{last_name.upper()} {first_name}"


def postal_address(household: Household) -> str:
    """« 12 rue des Lilas, 39100 Dole »: the street line when known, then postcode and commune."""
    return ", ".join(p for p in (household.address_line, f"{household.postcode or ''} {household.commune}".strip()) if p)


# --- one household ------------------------------------------------------------------------

def read_household(session: Session, principal: Principal, household_id: int) -> HouseholdRead:
    read = _read(session, principal, household_id, scope.visible_households(principal))
    if read is None:
        raise NotFound("Ménage introuvable.")
    audit.record(session, principal, "read", "household", read.id, household_id=read.id)
    return read


def to_read(session: Session, principal: Principal, household: Household) -> HouseholdRead:
    """The household as the API shows it, after a change its caller was allowed to make."""
    read = _read(session, principal, id_of(household), true())
    assert read is not None  # the caller holds the row
    return read


def _read(session: Session, principal: Principal, household_id: int,
          visible: ColumnElement[bool]) -> HouseholdRead | None:
    """The household page in one statement: the household, its unit, landlord and dwelling joined, its members,
    consents and advisors as JSON arrays (read_models.py)."""
    row = session.exec(
        select(Household, TerritorialUnit.name, Organisation.name, Dwelling,  # type: ignore[call-overload]
               _MEMBERS, _CONSENTS, _ADVISORS)
        .join(TerritorialUnit, col(Household.unit_id) == TerritorialUnit.id, isouter=True)
        .join(Organisation, col(Household.landlord_id) == Organisation.id, isouter=True)
        .join(Dwelling, col(Dwelling.household_id) == Household.id, isouter=True)
        .where(Household.id == household_id, visible)
    ).first()
    if row is None:
        return None
    household, unit_name, landlord_name, dwelling, members, consents, advisors = row
    members = [MemberRead.model_validate(m) for m in sorted(members, key=lambda m: m["position"])]
    referent = None
    if household.social_referent_name:
        referent = SocialReferentRead(
            name=household.social_referent_name, organisation=household.social_referent_organisation,
            phone=household.social_referent_phone, email=household.social_referent_email,
        )
    return HouseholdRead(
        id=household.id, version=household.version, status=household.status, display_name=display_name(household),
        first_name=household.first_name, last_name=household.last_name, phone=household.phone,
        email=household.email, address_line=household.address_line, postcode=household.postcode,
        commune=household.commune, insee_code=household.insee_code, anonymised_at=household.anonymised_at,
        unit=Ref(id=household.unit_id, name=unit_name) if unit_name is not None else None,
        outside_units=unit_name is None, tenure=household.tenure,
        landlord=Ref(id=household.landlord_id, name=landlord_name) if landlord_name is not None else None,
        social_referent=referent,
        members=members,
        consumption_units=consumption_units([m.birth_year for m in members], clock.today().year),
        dwelling=DwellingRead.model_validate(dwelling) if dwelling else None,
        consents=sorted((_consent_from_row(c) for c in consents), key=lambda c: (c.given_at, c.id), reverse=True),
        advisors=sorted((PersonRef.model_validate(a) for a in advisors), key=lambda a: (a.full_name, a.id)),
        created_at=household.created_at, updated_at=household.updated_at,
        allowed_actions=case_actions(principal, household),
    )


_MEMBERS = select(json_objects(
    id=HouseholdMember.id, first_name=HouseholdMember.first_name, birth_year=HouseholdMember.birth_year,
    relation=HouseholdMember.relation, position=HouseholdMember.position,
)).where(HouseholdMember.household_id == Household.id).scalar_subquery()
_CONSENTS = select(json_objects(
    id=Consent.id, purpose=Consent.purpose, given_at=Consent.given_at, revoked_at=Consent.revoked_at,
    note=Consent.note, recorded_by_id=User.id, recorded_by_name=User.full_name,
)).join(User, col(Consent.recorded_by_id) == User.id).where(Consent.household_id == Household.id).scalar_subquery()
_ADVISORS = select(json_objects(id=User.id, full_name=User.full_name)).join(
    AdvisorAssignment, col(AdvisorAssignment.user_id) == User.id,
).where(AdvisorAssignment.household_id == Household.id).scalar_subquery()


def _consent_read(consent: Consent, recorded_by: User | None) -> ConsentRead:
    assert recorded_by is not None  # a foreign key
    return ConsentRead(
        id=consent.id, purpose=consent.purpose, given_at=consent.given_at, revoked_at=consent.revoked_at,
        recorded_by=PersonRef(id=recorded_by.id, full_name=recorded_by.full_name), note=consent.note,
        is_current=consent.revoked_at is None,
    )


def _consent_from_row(consent: dict[str, Any]) -> ConsentRead:
    """A consent from the page's JSON array (dates come as ISO text there)."""
    revoked_at = as_utc(consent["revoked_at"]) if consent["revoked_at"] else None
    return ConsentRead(
        id=consent["id"], purpose=consent["purpose"], given_at=as_utc(consent["given_at"]), revoked_at=revoked_at,
        recorded_by=PersonRef(id=consent["recorded_by_id"], full_name=consent["recorded_by_name"]),
        note=consent["note"], is_current=revoked_at is None,
    )


# --- writes -------------------------------------------------------------------------------

def create_household(session: Session, principal: Principal, data: HouseholdCreate) -> HouseholdRead:
    fields = data.model_dump(exclude={"members", "dwelling", "social_referent"})
    _check_references(session, fields)
    household = Household(**fields, created_by_id=principal.user_id)
    _apply_referent(household, data.social_referent)
    _derive_search_fields(household)
    _place(session, household, household.insee_code)
    session.add(household)
    session.flush()
    assert household.id is not None  # flushed
    _replace_members(session, household.id, data.members)
    if data.dwelling:
        _upsert_dwelling(session, household.id, data.dwelling)
    session.flush()
    audit.record(session, principal, "create", "household", household.id, household_id=household.id)
    return to_read(session, principal, household)


def update_household(
    session: Session, principal: Principal, household_id: int, data: HouseholdUpdate
) -> HouseholdRead:
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    if data.version != household.version:
        raise StaleVersion(
            f"Ce ménage a été modifié entre-temps (version {household.version}, vous aviez la version "
            f"{data.version}) : rechargez la fiche avant d'enregistrer."
        )
    _claim_version(session, household, data.version)
    changes = data.model_dump(exclude_unset=True, exclude={"version", "members", "dwelling", "social_referent"})
    for required in ("first_name", "last_name", "commune", "tenure"):
        if required in changes and changes[required] is None:
            raise InvalidInput(required, "Ce champ est obligatoire.")
    _check_references(session, changes)
    for name, value in changes.items():
        setattr(household, name, value)
    if changes.keys() & ADDRESS_FIELDS:
        # A new commune name without its INSEE code: the old code no longer applies.
        moved_without_code = "commune" in changes and "insee_code" not in changes
        _place(session, household, None if moved_without_code else household.insee_code)
    if "social_referent" in data.model_fields_set:
        _apply_referent(household, data.social_referent)
    _derive_search_fields(household)
    if data.members is not None:
        _replace_members(session, household.id, data.members)
    if data.dwelling is not None:
        _upsert_dwelling(session, household.id, data.dwelling)
    session.add(household)
    session.flush()
    changed = sorted(data.model_fields_set - {"version"})
    audit.record(session, principal, "update", "household", household.id, household_id=household.id,
                 detail={"fields": changed})
    return to_read(session, principal, household)


ADDRESS_FIELDS = frozenset({"insee_code", "commune", "postcode"})


def _place(session: Session, household: Household, insee_code: str | None) -> None:
    """The household's territorial unit comes from its commune (none: outside every unit)."""
    household.insee_code, household.unit_id = communes.locate(
        session, insee_code=insee_code, commune=household.commune, postcode=household.postcode)


def _derive_search_fields(household: Household) -> None:
    household.search_name = fold(f"{household.last_name} {household.first_name}")
    household.phone_digits = phone_digits(household.phone)


def phone_digits(phone: str | None) -> str | None:
    """The last nine digits, so "+33 6 12 34 56 78" and "06.12.34.56.78" compare equal."""
    digits = re.sub(r"\D", "", phone or "")
    return digits[-9:] if len(digits) >= 9 else (digits or None)


def create_household_shell(session: Session, principal: Principal, data: ReferredHousehold) -> Household:
    """A household as a referral describes it; members and dwelling come at the triage call and visit."""
    fields = data.model_dump()
    _check_references(session, fields)
    household = Household(**fields, created_by_id=principal.user_id)
    _derive_search_fields(household)
    _place(session, household, household.insee_code)
    session.add(household)
    session.flush()
    audit.record(session, principal, "create", "household", household.id, household_id=household.id,
                 detail={"with": "referral"})
    return household


def find_duplicates(session: Session, principal: Principal, *, last_name: str, commune: str, phone: str | None,
                    exclude_id: int | None = None, limit: int = 10) -> list[HouseholdMatch]:
    """Households within reach that are likely the same: same last name in the same commune, or same phone."""
    name_prefix = fold(last_name) + " "
    same_name = (func.substr(Household.search_name, 1, len(name_prefix)) == name_prefix) & \
                (func.lower(Household.commune) == commune.strip().lower())
    digits = phone_digits(phone)
    same_phone = (col(Household.phone_digits) == digits) if digits else false()
    stmt = select(Household).where(or_(same_name, same_phone), scope.visible_households(principal)) \
        .order_by(col(Household.id)).limit(limit)
    if exclude_id is not None:
        stmt = stmt.where(Household.id != exclude_id)
    matches = []
    for household in session.exec(stmt).all():
        matched_on = []
        if household.search_name.startswith(name_prefix) and household.commune.lower() == commune.strip().lower():
            matched_on.append("name_commune")
        if digits and household.phone_digits == digits:
            matched_on.append("phone")
        matches.append(HouseholdMatch(id=household.id, display_name=display_name(household), commune=household.commune,
                                      phone=household.phone, matched_on=matched_on))
    if matches:
        audit.record(session, principal, "list", "household",
                     detail={"purpose": "duplicate_candidates", "household_ids": [m.id for m in matches]})
    return matches


def delete_if_unused_shell(session: Session, principal: Principal, household_id: int) -> bool:
    """Remove a household created with a referral that was then linked elsewhere, if nothing uses it."""
    used = [
        select(HouseholdMember.id).where(HouseholdMember.household_id == household_id),
        select(Dwelling.id).where(Dwelling.household_id == household_id),
        select(Consent.id).where(Consent.household_id == household_id),
        select(Referral.id).where(Referral.household_id == household_id),
        select(Visit.id).where(Visit.household_id == household_id),
    ]
    if any(session.exec(stmt.limit(1)).first() is not None for stmt in used):
        return False
    household = session.get(Household, household_id)
    session.exec(delete(AdvisorAssignment).where(col(AdvisorAssignment.household_id) == household_id))
    session.delete(household)
    session.flush()
    audit.record(session, principal, "delete", "household", household_id, household_id=household_id,
                 detail={"reason": "duplicate"})
    return True


def _claim_version(session: Session, household: Household, expected: int) -> None:
    claim_version(session, household, expected, "Ce ménage", also={"updated_at": datetime.now(UTC)},
                  message="Ce ménage a été modifié entre-temps : rechargez la fiche avant d'enregistrer.")


def _check_references(session: Session, fields: dict[str, Any]) -> None:
    if fields.get("landlord_id") is not None:
        landlord = session.get(Organisation, fields["landlord_id"])
        if landlord is None or landlord.kind not in LANDLORD_KINDS:
            raise InvalidInput("landlord_id", "Bailleur inconnu : choisir une organisation de type bailleur.")


def _apply_referent(household: Household, referent: Any) -> None:
    household.social_referent_name = referent.name if referent else None
    household.social_referent_organisation = referent.organisation if referent else None
    household.social_referent_phone = referent.phone if referent else None
    household.social_referent_email = referent.email if referent else None


def _replace_members(session: Session, household_id: int, members: list[MemberIn]) -> None:
    for old in session.exec(select(HouseholdMember).where(HouseholdMember.household_id == household_id)).all():
        session.delete(old)
    for position, member in enumerate(members):
        session.add(HouseholdMember(household_id=household_id, position=position, **member.model_dump()))


def _upsert_dwelling(session: Session, household_id: int, data: DwellingIn) -> None:
    dwelling = session.exec(select(Dwelling).where(Dwelling.household_id == household_id)).first()
    if dwelling is None:
        dwelling = Dwelling(household_id=household_id, **data.model_dump())
    else:
        for name, value in data.model_dump().items():
            setattr(dwelling, name, value)
    session.add(dwelling)


# --- consents -----------------------------------------------------------------------------

def add_consent(session: Session, principal: Principal, household_id: int, data: ConsentCreate) -> ConsentRead:
    household = scope.get_household(session, principal, household_id)
    current = session.exec(select(Consent).where(
        Consent.household_id == household.id, Consent.purpose == data.purpose, col(Consent.revoked_at).is_(None)
    )).first()
    if current is not None:
        raise Conflict("Un consentement en cours existe déjà pour cet usage : retirez-le avant d'en enregistrer un autre.")
    assert principal.user_id is not None  # consents are recorded by people
    consent = Consent(household_id=id_of(household), purpose=data.purpose, given_at=datetime.now(UTC),
                      recorded_by_id=principal.user_id, note=data.note)
    session.add(consent)
    session.flush()
    audit.record(session, principal, "create", "consent", consent.id, household_id=household.id,
                 detail={"purpose": data.purpose})
    return _consent_read(consent, session.get(User, consent.recorded_by_id))


def revoke_consent(session: Session, principal: Principal, household_id: int, consent_id: int) -> ConsentRead:
    household = scope.get_household(session, principal, household_id)
    consent = session.exec(select(Consent).where(Consent.id == consent_id, Consent.household_id == household.id)).first()
    if consent is None:
        raise NotFound("Consentement introuvable.")
    if consent.revoked_at is not None:
        raise Conflict("Ce consentement est déjà retiré.")
    consent.revoked_at = datetime.now(UTC)
    consent.revoked_by_id = principal.user_id
    session.add(consent)
    session.flush()
    audit.record(session, principal, "update", "consent", consent.id, household_id=household.id,
                 detail={"purpose": consent.purpose, "revoked": True})
    return _consent_read(consent, session.get(User, consent.recorded_by_id))


def has_current_consent(session: Session, household_id: int, purpose: str) -> bool:
    return session.exec(select(Consent.id).where(
        Consent.household_id == household_id, Consent.purpose == purpose, col(Consent.revoked_at).is_(None)
    )).first() is not None


# --- advisor assignment -------------------------------------------------------------------

def assign_advisor(session: Session, principal: Principal, household_id: int, user_id: int) -> HouseholdRead:
    household = scope.get_household(session, principal, household_id)
    is_advisor = session.exec(select(UserRole.id).join(User, col(UserRole.user_id) == User.id).where(
        UserRole.user_id == user_id, col(UserRole.role).in_(list(SEATS["visit_advisor"])), col(User.is_active).is_(True)
    )).first()
    if is_advisor is None:
        raise InvalidInput("user_id", "Cette personne n'est pas un conseiller énergie actif.")
    assignment = session.exec(select(AdvisorAssignment).where(
        AdvisorAssignment.household_id == household.id, AdvisorAssignment.user_id == user_id
    )).first()
    if assignment is not None and assignment.through_visit:
        assignment.through_visit = False  # assigned by hand now: it outlives the visit
        session.add(assignment)
        session.flush()
    if assignment is None:
        assert principal.user_id is not None  # advisors are assigned by people
        session.add(AdvisorAssignment(household_id=id_of(household), user_id=user_id, assigned_by_id=principal.user_id))
        session.flush()
        audit.record(session, principal, "assign", "household", household.id, household_id=household.id,
                     detail={"advisor_id": user_id})
    return to_read(session, principal, household)


def unassign_advisor(session: Session, principal: Principal, household_id: int, user_id: int) -> HouseholdRead:
    household = scope.get_household(session, principal, household_id)
    assignment = session.exec(select(AdvisorAssignment).where(
        AdvisorAssignment.household_id == household.id, AdvisorAssignment.user_id == user_id
    )).first()
    if assignment is None:
        raise NotFound("Ce conseiller n'est pas affecté à ce ménage.")
    session.delete(assignment)
    session.flush()
    audit.record(session, principal, "unassign", "household", household.id, household_id=household.id,
                 detail={"advisor_id": user_id})
    return to_read(session, principal, household)

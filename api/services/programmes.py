"""Programmes: a programme's identity, the platform's administration of programmes, and the national
figures. The platform's principals have no programme (api/tenancy.py gives them no programme's row):
the few reads they need step out explicitly here, and only ever return aggregates or programmes."""

from collections import Counter, defaultdict
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, func, select

from api import tenancy
from api.access import Principal
from api.errors import Conflict, InvalidInput, NotFound
from api.labels import ENUM_LABELS
from api.models import (
    CampaignUnit,
    Organisation,
    OrganisationKind,
    OrientationStatus,
    Programme,
    Role,
    TerritorialUnit,
)
from api.reporting import labels
from api.reporting.stats import suppress
from api.schemas.common import Page
from api.schemas.directory import UserCreate
from api.schemas.programmes import (
    NationalFigures,
    NationalProgrammeRow,
    ProgrammeCreate,
    ProgrammeIdentity,
    ProgrammeRead,
    ProgrammeStatus,
)
from api.services import audit, directory, reporting
from api.services.reference_data import seed_programme_catalogues
from api.settings import Settings

UNNAMED = "Programme non nommé"


# --- a programme's own identity -------------------------------------------------------------------

def current(session: Session) -> Programme:
    """The programme the session works for (api/tenancy.py)."""
    programme_id = tenancy.current(session)
    programme = session.get(Programme, programme_id) if programme_id is not None else None
    if programme is None:  # the platform's accounts work for no programme
        raise NotFound("Programme introuvable.")
    return programme


def update_identity(session: Session, principal: Principal, data: ProgrammeIdentity) -> ProgrammeRead:
    programme = current(session)
    _check_name_free(session, data.name, programme.id)
    for name, value in data.model_dump().items():
        setattr(programme, name, value)
    session.add(programme)
    session.flush()
    audit.record(session, principal, "update", "programme", programme.id)
    return ProgrammeRead.model_validate(programme)


# --- the platform: programmes and their first administrator ---------------------------------------

def list_programmes(session: Session, *, limit: int, offset: int) -> Page[ProgrammeRead]:
    total = session.exec(select(func.count()).select_from(Programme)).one()
    rows = session.exec(select(Programme).order_by(col(Programme.name)).limit(limit).offset(offset)).all()
    return Page.of([ProgrammeRead.model_validate(p) for p in rows], total=total, limit=limit, offset=offset)


def create_programme(session: Session, principal: Principal, data: ProgrammeCreate, *, settings: Settings,
                     base_url: str) -> ProgrammeRead:
    """The programme, its starter catalogues, the organisation that runs it and its first administrator
    (invited by e-mail): all or nothing."""
    if session.exec(select(Programme.id).where(Programme.slug == data.slug)).first() is not None:
        raise InvalidInput("slug", "Cet identifiant est déjà pris par un autre programme.")
    _check_name_free(session, data.name, None)
    programme = Programme(**data.model_dump(exclude={"first_admin"}))
    session.add(programme)
    session.flush()
    audit.record(session, principal, "create", "programme", programme.id)
    with tenancy.within(session, programme.id):
        seed_programme_catalogues(session)
        organisation = Organisation(name=data.first_admin.organisation_name, kind=OrganisationKind.departement)
        session.add(organisation)
        session.flush()
        directory.create_user(session, principal, UserCreate(
            email=data.first_admin.email, full_name=data.first_admin.full_name, organisation_id=organisation.id,
            roles=[Role.admin]), settings=settings, base_url=base_url)
        session.flush()
    return ProgrammeRead.model_validate(programme)


def set_status(session: Session, principal: Principal, programme_id: int, data: ProgrammeStatus) -> ProgrammeRead:
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound("Programme introuvable.")
    if programme.is_active != data.is_active:
        programme.is_active = data.is_active
        session.add(programme)
        session.flush()
        audit.record(session, principal, "update", "programme", programme.id, detail={"is_active": data.is_active})
    return ProgrammeRead.model_validate(programme)


def _check_name_free(session: Session, name: str, programme_id: int | None) -> None:
    clash = session.exec(select(Programme.id).where(Programme.name == name, Programme.id != (programme_id or 0))).first()
    if clash is not None:
        raise Conflict("Un autre programme porte déjà ce nom.")


# --- the national view: every programme's year, aggregated, suppressed -----------------------------

def national_figures(session: Session, principal: Principal, year: int, zone: ZoneInfo) -> NationalFigures:
    """Each programme's year computed within that programme (the same figures as its own annual
    report), then added up; every count below 5 is hidden, nationally and per programme, and a
    programme that chose not to be named is « Programme non nommé »."""
    programmes = session.exec(select(Programme).where(col(Programme.is_active).is_(True))).all()
    rows: list[NationalProgrammeRow] = []
    profiles: list[tuple[str, str, str, str]] = []
    kinds: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    kind_labels: dict[str, str] = {}
    band_labels: list[str] = []
    followed, corrected = 0, 0  # the measured impact's cohort, all programmes
    impact: reporting.ImpactGroups = defaultdict(list)  # the TEE bands follow each programme's dated thresholds: their union, in order
    households_total, target_total, visits_total = 0, Decimal(0), 0
    without_campaign = 0
    for programme in programmes:
        with tenancy.within(session, programme.id):
            try:
                data = reporting.year_data(session, year, zone)
            except NotFound:  # no campaign that year
                without_campaign += 1
                continue
            households = session.exec(select(func.coalesce(func.sum(TerritorialUnit.households_count), 0))
                                      .join(CampaignUnit, col(CampaignUnit.unit_id) == TerritorialUnit.id)
                                      .where(CampaignUnit.campaign_id == data.campaign.id)).one()
            profiles += reporting.household_profiles(data)  # reads the programme's rows chunk by chunk
        objective = data.campaign.objective_per_thousand
        target = _target(households, objective)
        visits = len(data.visits)
        rows.append(_row(programme.name if programme.named_in_national else UNNAMED, households, objective, target, visits))
        households_total, target_total, visits_total = households_total + households, target_total + target, visits_total + visits
        for _, kind, status, _ in data.orientations:
            kinds[kind] += 1
            statuses[status] += 1
        for code, label in data.type_labels.items():
            kind_labels.setdefault(code, label)
        band_labels += [label for label in data.tee_band_labels if label not in band_labels]
        with tenancy.within(session, programme.id):
            their_followed, their_corrected, groups = reporting.impact_groups(session, year, None, data)
        followed, corrected = followed + their_followed, corrected + their_corrected
        for group, savings in groups.items():
            impact[group] += savings
    # Named programmes by name, then the unnamed ones (their order says nothing about which is which).
    rows.sort(key=lambda r: (r.programme == UNNAMED, r.programme, r.households_count))
    objective_mean = (target_total * 1000 / households_total).quantize(Decimal("0.01")) if households_total else Decimal(0)
    audit.record(session, principal, "read", "national_figures", detail={"year": year})
    return NationalFigures(
        year=year, generated_at=datetime.now(UTC), programmes=rows, programmes_without_campaign=without_campaign,
        total=_row("Total", households_total, objective_mean, target_total, visits_total),
        tenure=reporting.count_rows([p[0] for p in profiles], labels.TENURE),
        heating_energy=reporting.count_rows([p[1] for p in profiles], labels.HEATING),
        income_band=reporting.count_rows([p[2] for p in profiles], labels.INCOME_BANDS),
        tee_band=reporting.count_rows([p[3] for p in profiles], band_labels),
        orientations=reporting.count_rows(list(kinds.elements()), kind_labels),
        orientation_outcomes=reporting.count_rows(list(statuses.elements()), dict(ENUM_LABELS[OrientationStatus])),
        measured_impact=reporting.impact_section(year - 1, followed, corrected, impact),
    )


def _target(households: int, objective: Decimal) -> Decimal:
    return (Decimal(households) * objective / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _row(name: str, households: int, objective: Decimal, target: Decimal, visits: int) -> NationalProgrammeRow:
    shown = suppress(visits)
    return NationalProgrammeRow(
        programme=name, households_count=households, objective_per_thousand=objective, objective_visits=target,
        visits_done=shown,
        share_of_objective_pct=(Decimal(visits) * 100 / target).quantize(Decimal("0.1")) if shown is not None and target
        else None)

"""What a social landlord's system reaches: its own dwellings whose tenant currently consents to
share with it, the technical part of the shared report only, and the works updates it posts.
Everything else is a 404; every read and write is audited."""

from datetime import datetime
from typing import Any

from sqlalchemy import func, union_all
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import Select

from api import clock
from api.access import Principal
from api.documents.pdf import render
from api.errors import InvalidInput, NotFound
from api.models import (
    Consent,
    ConsentPurpose,
    Delivery,
    Dwelling,
    Household,
    Report,
    ReportStatus,
    Visit,
    WorksUpdate,
)
from api.models.base import as_utc, id_of
from api.schemas.common import Page
from api.schemas.diagnostics import PlannedWork
from api.schemas.followup import (
    LandlordDwelling,
    LandlordDwellingDetail,
    LandlordDwellingFacts,
    SharedSynthesisRef,
    WorksUpdateCreate,
    WorksUpdateRead,
)
from api.services import (
    audit,
    followup,
    notifications,
    report_document,
    scope,
    webhooks,
)

SHARED_EVENT = "technical_synthesis.shared"


def _get(session: Session, principal: Principal, household_id: int) -> Household:
    household = session.exec(select(Household).where(Household.id == household_id,
                                                      scope.visible_to_landlord(principal))).first()
    if household is None:
        raise NotFound("Logement introuvable.")
    return household


def _shared_report(session: Session, household_id: int) -> tuple[Report, datetime] | None:
    """The latest report whose copy went to the landlord, with when it was shared."""
    return _shared_reports(session, [household_id]).get(household_id)


def _shared_reports(session: Session, household_ids: list[int]) -> dict[int, tuple[Report, datetime]]:
    """`_shared_report` for a page of dwellings, in one query."""
    if not household_ids:
        return {}
    rows = session.exec(
        select(Report, func.max(Delivery.at)).join(Delivery, col(Delivery.report_id) == Report.id)
        .where(col(Report.household_id).in_(household_ids), Delivery.recipient == "landlord",
               col(Delivery.status).in_(["sent", "recorded"]),
               col(Report.status).in_([ReportStatus.validated, ReportStatus.sent]))
        .group_by(col(Report.id)).order_by(col(Report.number))).all()
    return {report.household_id: (report, at) for report, at in rows}  # the highest number wins


def _changes_by_household(principal: Principal):  # noqa: ANN202 (a SQL subquery)
    """When each visible dwelling last changed for the landlord: consent given, report shared, works update."""
    # Annotated: mypy cannot solve the type of a labelled column.
    consent: Select[Any, Any] = select(col(Consent.household_id).label("hid"), col(Consent.given_at).label("at")).where(
        Consent.purpose == ConsentPurpose.share_with_landlord)
    shared: Select[Any, Any] = select(col(Report.household_id).label("hid"), col(Delivery.at).label("at")).join(
        Delivery, col(Delivery.report_id) == Report.id).where(Delivery.recipient == "landlord")
    works: Select[Any, Any] = select(col(WorksUpdate.household_id).label("hid"), col(WorksUpdate.created_at).label("at")).where(
        WorksUpdate.organisation_id == principal.organisation_id)
    events = union_all(consent, shared, works).subquery()
    return select(events.c.hid, func.max(events.c.at).label("last_change_at")).group_by(events.c.hid).subquery()


def _facts(dwelling: Dwelling | None) -> LandlordDwellingFacts:
    return LandlordDwellingFacts(
        dwelling_type=dwelling.dwelling_type if dwelling else None,
        construction_period=dwelling.construction_period if dwelling else None,
        surface_m2=dwelling.surface_m2 if dwelling else None,
        main_heating_energy=dwelling.main_heating_energy if dwelling else None)


def list_dwellings(session: Session, principal: Principal, changed_since: datetime | None,
                   limit: int, offset: int) -> Page[LandlordDwelling]:
    changes = _changes_by_household(principal)
    stmt = (select(Household, Dwelling, changes.c.last_change_at)
            .join(changes, changes.c.hid == Household.id)
            .join(Dwelling, col(Dwelling.household_id) == Household.id, isouter=True)
            .where(scope.visible_to_landlord(principal)))
    if changed_since is not None:
        stmt = stmt.where(changes.c.last_change_at > changed_since)
    total = session.exec(select(func.count()).select_from(stmt.subquery())).one()
    rows = session.exec(stmt.order_by(changes.c.last_change_at, col(Household.id)).limit(limit).offset(offset)).all()
    shared_by_household = _shared_reports(session, [id_of(h) for h, _, _ in rows])
    items = []
    for household, dwelling, last_change in rows:
        shared = shared_by_household.get(id_of(household))
        items.append(LandlordDwelling(
            household_id=household.id, address_line=household.address_line, postcode=household.postcode,
            commune=household.commune, dwelling=_facts(dwelling),
            technical_synthesis=SharedSynthesisRef(report_id=shared[0].id, shared_at=shared[1]) if shared else None,
            last_change_at=as_utc(last_change)))
    # The ids: subject access tells a household when its dwelling appeared in a landlord's list.
    audit.record(session, principal, "list", "landlord_dwelling",
                 detail={"count": len(items), "household_ids": [i.household_id for i in items]})
    return Page.of(items, total=total, limit=limit, offset=offset)



def read_dwelling(session: Session, principal: Principal, household_id: int) -> LandlordDwellingDetail:
    household = _get(session, principal, household_id)
    assert household.id is not None  # a stored household
    dwelling = session.exec(select(Dwelling).where(Dwelling.household_id == household.id)).first()
    shared = _shared_report(session, household.id)
    report, shared_at = shared if shared else (None, None)
    visit = session.get(Visit, report.visit_id) if report else None
    updates = [u for u in followup.works_update_reads(session, household.id)
               if u.organisation.id == principal.organisation_id]
    consent_at = session.exec(select(func.max(Consent.given_at)).where(
        Consent.household_id == household.id, Consent.purpose == ConsentPurpose.share_with_landlord)).one()
    last_change = max([as_utc(consent_at)] + ([shared_at] if shared_at else []) + [u.created_at for u in updates])
    audit.record(session, principal, "read", "landlord_dwelling", household.id, household_id=household.id)
    return LandlordDwellingDetail(
        household_id=household.id, address_line=household.address_line, postcode=household.postcode,
        commune=household.commune, dwelling=_facts(dwelling),
        technical_synthesis=SharedSynthesisRef(report_id=report.id, shared_at=shared_at) if report else None,
        last_change_at=last_change, visit_date=visit.starts_at.date() if visit else None,
        technical_synthesis_text=report.technical_synthesis if report else None,
        # The advisor's free text on aids (« MaPrimeRénov' bleu ») can reveal the tenant's income band: not
        # for the landlord, as on its PDF copy.
        works=[PlannedWork.model_validate({**w, "possible_aids": ""}) for w in report.works] if report else [],
        works_updates=updates)


def technical_pdf(session: Session, principal: Principal, household_id: int) -> tuple[bytes, str]:
    household = _get(session, principal, household_id)
    shared = _shared_report(session, id_of(household))
    if shared is None:
        raise NotFound("Aucune synthèse technique n'a encore été partagée pour ce logement.")
    report = shared[0]
    audit.record(session, principal, "read", "landlord_pdf", report.id, household_id=household.id)
    return (render(report_document.document(session, report), "landlord"),
            f"synthese-technique-{household.id}-{report.number}.pdf")


def post_works_update(session: Session, principal: Principal, household_id: int,
                      data: WorksUpdateCreate) -> WorksUpdateRead:
    household = _get(session, principal, household_id)
    assert household.id is not None and principal.organisation_id is not None  # a landlord's token has one
    shared = _shared_report(session, household.id)
    if shared is None:
        raise NotFound("Aucune synthèse technique n'a encore été partagée pour ce logement.")
    report = shared[0]
    if not any(w.get("priority") == data.work_priority for w in report.works):
        raise InvalidInput("work_priority", "Aucun des travaux préconisés n'a cette priorité.")
    if data.on > clock.today() and data.status != "planned":
        raise InvalidInput("on", "Seuls des travaux planifiés peuvent être datés dans le futur.")
    row = WorksUpdate(household_id=household.id, report_id=id_of(report), organisation_id=principal.organisation_id,
                      token_id=principal.token_id, **data.model_dump())
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "works_update", row.id, household_id=household.id,
                 detail={"work_priority": data.work_priority, "status": data.status})
    notifications.notify_works_update(session, principal, household, report)
    return next(u for u in followup.works_update_reads(session, household.id) if u.id == row.id)


def announce_shared(session: Session, report: Report, household: Household) -> None:
    """Tell the landlord's system (if it subscribed) that a technical synthesis is there to fetch."""
    if household.landlord_id is None:
        return
    webhooks.enqueue(session, household.landlord_id, SHARED_EVENT, {
        "household_id": household.id, "report_id": report.id,
        "dwelling_url": f"/api/v1/landlord/dwellings/{household.id}",
        "pdf_url": f"/api/v1/landlord/dwellings/{household.id}/technical-synthesis.pdf",
    })

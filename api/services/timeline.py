"""A household's timeline (« Parcours du ménage »): its referrals, visits, diagnostics, syntheses,
reports and orientations as one list, newest first, each with the SPA path that opens it.

Who sees what follows the routes that open each record: the household must be within reach
(api/services/scope.py, else 404), then each kind of record is listed only for a principal holding
the scope of the route that reads it (the advisor sees no social diagnostic, for instance). So the
timeline never tells more than the person could open one page at a time.

The shaping (`*_entry`, `newest_first`) is pure; `household_timeline` issues one query per kind of
record, whatever the size of the file.
"""

from datetime import datetime

from sqlmodel import Session, col, select

from api.access import Principal, Scope
from api.labels import ENUM_LABELS
from api.models import (
    Orientation,
    OrientationStatus,
    OrientationType,
    Referral,
    ReferralStatus,
    Report,
    ReportStatus,
    SocialDiagnostic,
    Synthesis,
    SynthesisKind,
    SynthesisStatus,
    TechnicalDiagnostic,
    Visit,
    VisitStatus,
)
from api.schemas.common import Page
from api.schemas.navigation import TimelineEntry, TimelineKind
from api.services import audit, followup, scope

# Which scope lets a principal open each kind of record (the scope its read route declares).
READ_SCOPE: dict[TimelineKind, Scope] = {
    TimelineKind.referral: Scope.referrals_read,
    TimelineKind.visit: Scope.agenda_read,
    TimelineKind.social_diagnostic: Scope.social_read,
    TimelineKind.technical_diagnostic: Scope.agenda_read,
    TimelineKind.synthesis: Scope.reports_read,
    TimelineKind.report: Scope.reports_read,
    TimelineKind.orientation: Scope.households_read,
}

VISIT_LABELS = {
    VisitStatus.planned: "Visite à domicile prévue",
    VisitStatus.done: "Visite à domicile réalisée",
    VisitStatus.cancelled: "Visite à domicile annulée",
    VisitStatus.no_show: "Visite à domicile : ménage absent",
    VisitStatus.rescheduled: "Visite à domicile reportée",
}


def _status_label(enum: type, value: str) -> str:
    return ENUM_LABELS[enum].get(str(value), str(value))


# --- pure shaping -------------------------------------------------------------------------------

def referral_entry(referral: Referral) -> TimelineEntry:
    triaged = referral.status != ReferralStatus.received
    return TimelineEntry(
        kind=TimelineKind.referral, record_id=referral.id, at=referral.received_at,
        label=f"Demande d’intervention n° {referral.id} reçue" + (" et traitée" if triaged else ""),
        status=referral.status, status_label=_status_label(ReferralStatus, referral.status),
        path=f"/demandes/{referral.id}",
    )


def visit_entry(visit: Visit) -> TimelineEntry:
    return TimelineEntry(
        kind=TimelineKind.visit, record_id=visit.id, at=visit.starts_at,
        label=VISIT_LABELS.get(VisitStatus(visit.status), "Visite à domicile"),
        status=visit.status, status_label=_status_label(VisitStatus, visit.status), path=f"/visites/{visit.id}",
    )


def social_diagnostic_entry(diagnostic: SocialDiagnostic) -> TimelineEntry:
    return TimelineEntry(
        kind=TimelineKind.social_diagnostic, record_id=diagnostic.id, at=diagnostic.updated_at,
        label="Diagnostic social mis à jour", path=f"/menages/{diagnostic.household_id}/diagnostic-social",
    )


def technical_diagnostic_entry(diagnostic: TechnicalDiagnostic) -> TimelineEntry:
    return TimelineEntry(
        kind=TimelineKind.technical_diagnostic, record_id=diagnostic.visit_id, at=diagnostic.updated_at,
        label="Diagnostic technique mis à jour", path=f"/visites/{diagnostic.visit_id}/diagnostic-technique",
    )


def synthesis_entry(synthesis: Synthesis) -> TimelineEntry:
    return TimelineEntry(
        kind=TimelineKind.synthesis, record_id=synthesis.id, at=synthesis.updated_at,
        label=_status_label(SynthesisKind, synthesis.kind),
        status=synthesis.status, status_label=_status_label(SynthesisStatus, synthesis.status),
        path=f"/visites/{synthesis.visit_id}/syntheses",
    )


def report_at(report: Report) -> datetime:
    """The date of the report's latest step: sent, validated, submitted, or drafted."""
    return report.sent_at or report.validated_at or report.submitted_at or report.created_at


def report_reference(household_id: int, number: int) -> str:
    """The reference printed on the report's PDF (api/services/report_delivery.py): CR-<household>-<n>."""
    return f"CR-{household_id}-{number}"


def report_entry(report: Report) -> TimelineEntry:
    correction = f" (correction n° {report.number})" if report.number > 1 else ""
    return TimelineEntry(
        kind=TimelineKind.report, record_id=report.id, at=report_at(report),
        label=f"Compte-rendu {report_reference(report.household_id, report.number)}{correction}",
        status=report.status, status_label=_status_label(ReportStatus, report.status),
        path=f"/comptes-rendus/{report.id}",
    )


def orientation_entry(orientation: Orientation, type_label: str | None) -> TimelineEntry:
    return TimelineEntry(
        kind=TimelineKind.orientation, record_id=orientation.id,
        at=orientation.settled_at or orientation.created_at,
        label=f"Orientation : {type_label or orientation.kind}",
        status=orientation.status, status_label=_status_label(OrientationStatus, orientation.status),
        path=f"/menages/{orientation.household_id}#suivi",
    )


def newest_first(entries: list[TimelineEntry]) -> list[TimelineEntry]:
    """Newest first; on the same instant, a stable order by kind then id (newest record first)."""
    order = {kind: i for i, kind in enumerate(TimelineKind)}
    by_kind = sorted(entries, key=lambda e: (order[e.kind], -e.record_id))
    return sorted(by_kind, key=lambda e: e.at, reverse=True)


# --- the query ----------------------------------------------------------------------------------

def household_timeline(
    session: Session, principal: Principal, household_id: int, *, limit: int, offset: int
) -> Page[TimelineEntry]:
    household = scope.get_household(session, principal, household_id)
    hid = household.id
    reads = {kind for kind, needed in READ_SCOPE.items() if principal.can(needed)}
    entries: list[TimelineEntry] = []
    if TimelineKind.referral in reads:
        entries += [referral_entry(r) for r in session.exec(
            select(Referral).where(Referral.household_id == hid, scope.visible_referrals(principal))).all()]
    if TimelineKind.visit in reads:
        entries += [visit_entry(v) for v in session.exec(
            select(Visit).where(Visit.household_id == hid, scope.visible_visits(principal))).all()]
    if TimelineKind.social_diagnostic in reads:
        entries += [social_diagnostic_entry(d) for d in session.exec(
            select(SocialDiagnostic).where(SocialDiagnostic.household_id == hid)).all()]
    if TimelineKind.technical_diagnostic in reads:
        entries += [technical_diagnostic_entry(d) for d in session.exec(
            select(TechnicalDiagnostic).where(TechnicalDiagnostic.household_id == hid)).all()]
    if TimelineKind.synthesis in reads:
        entries += [synthesis_entry(s) for s in session.exec(
            select(Synthesis).where(Synthesis.household_id == hid)).all()]
    if TimelineKind.report in reads:
        entries += [report_entry(r) for r in session.exec(
            select(Report).where(Report.household_id == hid, scope.visible_reports(principal))).all()]
    if TimelineKind.orientation in reads:
        rows = session.exec(
            select(Orientation, OrientationType.label)
            .join(OrientationType, col(Orientation.kind) == OrientationType.code, isouter=True)
            .where(Orientation.household_id == hid, followup.followed())).all()
        entries += [orientation_entry(o, type_label) for o, type_label in rows]
    ordered = newest_first(entries)
    page = ordered[offset:offset + limit]
    # Recorded like the household read, saying which view and how much of it was shown.
    audit.record(session, principal, "read", "household", hid, household_id=hid,
                 detail={"view": "timeline", "count": len(page), "kinds": sorted({e.kind.value for e in page})})
    return Page.of(page, total=len(ordered), limit=limit, offset=offset)

"""A validated report as the PDF copies show it: what each recipient's document is made of (no delivery
here: report_delivery sends it, landlords serves the technical part)."""

from decimal import Decimal

from sqlmodel import Session, col, select

from api.documents.pdf import ReportDocument, Work
from api.models import ConsentPurpose, Household, Orientation, Organisation, Programme, Referral, Report, User, Visit
from api.services import followup
from api.services import households as household_service
from api.services.availability import DEFAULT_ZONE


def document(session: Session, report: Report) -> ReportDocument:
    household = session.get(Household, report.household_id)
    visit = session.get(Visit, report.visit_id)
    assert household is not None and household.id is not None and visit is not None  # foreign keys
    coordinator, advisor = session.get(User, visit.coordinator_id), session.get(User, visit.advisor_id)
    assert coordinator is not None and advisor is not None  # foreign keys
    validator = session.get(User, report.validated_by_id) if report.validated_by_id else None
    referral = session.get(Referral, visit.referral_id) if visit.referral_id else None
    prescriber = session.get(Organisation, referral.referring_organisation_id) if referral else None
    orientations = session.exec(select(Orientation).where(Orientation.report_id == report.id)
                                .order_by(col(Orientation.id))).all()
    kinds = followup.labels(session)
    address = household_service.postal_address(household)
    programme = session.get(Programme, household.programme_id)
    assert programme is not None  # a stored row's programme
    return ReportDocument(
        issuer=programme.issuer_name, issuer_address=programme.issuer_address, logo_svg=programme.logo_svg,
        reference=f"CR-{report.household_id}-{report.number}", household_name=household_service.display_name(household),
        address=address, visit_date=visit.starts_at.astimezone(DEFAULT_ZONE).date(), coordinator=coordinator.full_name,
        advisor=advisor.full_name, prescriber=prescriber.name if prescriber else "", introduction=report.introduction,
        family_synthesis=report.family_synthesis, technical_synthesis=report.technical_synthesis,
        works=[Work(w["priority"], w["description"], _dec(w.get("saving_kwh")), _dec(w.get("saving_eur")),
                    _dec(w.get("cost_low")), _dec(w.get("cost_high")), w.get("possible_aids", "")) for w in report.works],
        orientations=[(kinds.get(o.kind, o.kind), o.description, o.partner) for o in orientations],
        validated_by=validator.full_name if validator else None,  # the complementary opinion stays internal
        validated_on=report.validated_at.astimezone(DEFAULT_ZONE).date() if report.validated_at else None,
        landlord_consent=household_service.has_current_consent(session, household.id, ConsentPurpose.share_with_landlord),
        # Figures come from what was frozen at validation, never recomputed with today's reference values.
        reference_date=report.reference_date, frozen_analysis=report.frozen_analysis,
        frozen_works_estimate=report.frozen_works_estimate,
    )


def _dec(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))

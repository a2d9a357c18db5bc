"""Eligibility of a household: Anah income category, chèque énergie and the Jura FSL.

Reads the members, the social diagnostic (revenu fiscal de référence, persons, aids) and the barèmes in
force on the reference date, and hands them to the pure functions of api.energy.eligibility. A reader
without income access (the energy advisor) gets the category and yes/no answers only: the amounts and
the ceilings that bracket the household's income are left out.
"""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, func, select

from api import clock
from api.access import Principal, Scope
from api.energy.eligibility import (
    CATEGORY_LABELS,
    AnahCategory,
    Verdict,
    anah_category,
    cheque_energie,
    fsl_verdict,
    zone_of,
)
from api.energy.household import monthly_resources, tax_household_persons
from api.energy.reference import ReferenceData
from api.models import Household, HouseholdMember
from api.schemas.diagnostics import AidKind, SocialDiagnosticData
from api.schemas.eligibility import (
    AnahCategoryRead,
    ChequeEnergieRead,
    EligibilityRead,
    VerdictRead,
)
from api.services import audit, diagnostics, reference_data, scope


def _read(verdict: Verdict, full: bool) -> dict:
    return {"value": verdict.value, "explanation": verdict.explanation if full else verdict.summary,
            "missing": verdict.missing, "sources": verdict.sources}


def tax_year_note(income_year: int | None, barème_year: int) -> str | None:
    """Anah and the chèque énergie take the latest tax notice (year N−1, income N−2), or the one before."""
    if income_year is None:
        return "Année des revenus de l'avis d'imposition non saisie : vérifier qu'il s'agit de l'avis N−1 ou N−2."
    if income_year not in (barème_year - 2, barème_year - 3):
        return (f"Revenus {income_year} : pour le barème {barème_year}, l'Anah retient l'avis d'imposition "
                f"{barème_year - 1} (revenus {barème_year - 2}) ou, à défaut, {barème_year - 2} "
                f"(revenus {barème_year - 3}) : vérifier l'avis.")
    return None


def _persons_and_income(session: Session, household_id: int,
                        social: SocialDiagnosticData | None) -> tuple[int | None, Decimal | None]:
    members = session.exec(select(func.count()).select_from(HouseholdMember)
                           .where(HouseholdMember.household_id == household_id)).one()
    return (tax_household_persons(social.tax_household_persons if social else None, members),
            social.tax_reference_income_eur if social else None)


def anah_verdict(session: Session, household: Household, reference: ReferenceData) -> Verdict:
    """The household's Anah income category (for the works scenarios' aids); not audited on its own."""
    assert household.id is not None  # a stored household
    social_row = diagnostics.social_row(session, household.id)
    social = SocialDiagnosticData.model_validate(social_row.data) if social_row else None
    persons, rfr = _persons_and_income(session, household.id, social)
    return anah_category(persons, rfr, zone_of(household.postcode), reference)


def eligibility(session: Session, principal: Principal, household_id: int, on: date | None = None) -> EligibilityRead:
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    on = on or clock.today()
    reference = reference_data.in_force(session, on)
    social_row = diagnostics.social_row(session, household.id)
    social = SocialDiagnosticData.model_validate(social_row.data) if social_row else None
    persons, rfr = _persons_and_income(session, household.id, social)
    zone = zone_of(household.postcode)
    full = principal.can(Scope.income_read)

    anah = anah_category(persons, rfr, zone, reference)
    cheque = cheque_energie(persons, rfr, reference)
    monthly = monthly_resources(i.monthly_eur for i in social.incomes) if social and social.incomes else None
    fsl = fsl_verdict(persons, monthly, reference)
    notes = []
    if social is not None and rfr is not None:
        note = tax_year_note(social.tax_income_year, on.year)
        if note:
            notes.append(note)
    if not household.postcode:
        notes.append("Code postal non saisi : plafonds Anah hors Île-de-France.")
    received = None if social is None else any(a.kind == AidKind.cheque_energie for a in social.aids)
    audit.record(session, principal, "read", "eligibility", household.id, household_id=household.id,
                 detail={"on": on.isoformat(), "income_shown": full})
    return EligibilityRead(
        household_id=household.id, reference_date=on, persons=persons, zone=zone,
        tax_income_year=social.tax_income_year if social else None, income_hidden=not full,
        anah_category=AnahCategoryRead(**_read(anah, full),
                                       label=CATEGORY_LABELS[AnahCategory(anah.value)] if anah.value else None),
        cheque_energie=ChequeEnergieRead(**_read(cheque.verdict, full), eligible=cheque.eligible,
                                         amount_eur=cheque.amount_eur if full else None, units=cheque.units,
                                         declared_received=received),
        fsl=VerdictRead(**_read(fsl, full)), notes=notes,
    )

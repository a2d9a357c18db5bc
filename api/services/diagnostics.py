"""Bills, the social and technical diagnostics and the works plan of a household."""

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlmodel import Session, col, select

from api import clock
from api.access import Principal
from api.energy import household as household_figures
from api.energy.bills import Bill, convert
from api.energy.reference import ReferenceData
from api.energy.units import DELIVERED, Energy, UnitError, accepts_gas_coefficient, check_unit, needs_gas_coefficient
from api.errors import InvalidInput, NotFound
from api.models import (
    BillEntry,
    EquipmentItem,
    SocialDiagnostic,
    TechnicalDiagnostic,
    User,
    WorksPlan,
)
from api.schemas.common import PersonRef
from api.schemas.diagnostics import (
    HOUSING_CHARGES,
    AidKind,
    BillEntryRead,
    BillEntryUpdate,
    BillEntryWrite,
    InsulationState,
    SocialDiagnosticData,
    SocialDiagnosticRead,
    SocialDiagnosticWrite,
    TechnicalDiagnosticData,
    TechnicalDiagnosticRead,
    TechnicalDiagnosticWrite,
    WorksPlanRead,
    WorksPlanWrite,
)
from api.services import audit, reference_data, scope
from api.services.versioning import claim_version
from api.models.base import id_of

EARLIEST_BILL = date(2000, 1, 1)


def _person(session: Session, user_id: int | None) -> PersonRef | None:
    user = session.get(User, user_id) if user_id else None
    return PersonRef(id=user.id, full_name=user.full_name) if user else None


# --- bills --------------------------------------------------------------------------------------

def check_bill(data: BillEntryWrite) -> None:
    """The rules a bill must follow, each reported on its field."""
    try:
        check_unit(data.energy, data.unit)
    except UnitError as exc:
        raise InvalidInput("unit", str(exc)) from exc
    today = clock.today()
    if data.delivery_date is not None:
        if data.energy not in DELIVERED:
            raise InvalidInput("delivery_date", "Cette énergie se facture sur une période, pas par livraison.")
        if data.period_start or data.period_end:
            raise InvalidInput("period_start", "Une livraison n'a pas de période : laisser début et fin vides.")
        if not EARLIEST_BILL <= data.delivery_date <= today:
            raise InvalidInput("delivery_date", "Date de livraison invalide (ni future, ni avant 2000).")
    else:
        if data.period_start is None:
            raise InvalidInput("period_start", "Indiquer le début de la période facturée (ou une date de livraison).")
        if data.period_end is None:
            raise InvalidInput("period_end", "Indiquer la fin de la période facturée.")
        if data.period_end < data.period_start:
            raise InvalidInput("period_end", "La fin de la période précède son début.")
        if data.period_start < EARLIEST_BILL or data.period_end > today.replace(year=today.year + 1):
            raise InvalidInput("period_start", "Période hors des dates possibles.")
        if (data.period_end - data.period_start).days > 3 * 366:
            raise InvalidInput("period_end", "Une facture couvre au plus trois ans.")
    if data.gas_coefficient is not None and not accepts_gas_coefficient(data.energy, data.unit):
        raise InvalidInput("gas_coefficient", "Le coefficient de conversion ne concerne que le gaz naturel et le "
                           "propane en réseau (m³).")
    if needs_gas_coefficient(data.energy, data.unit) and data.gas_coefficient is None:
        raise InvalidInput("gas_coefficient", "Pour du gaz en m³, saisir le coefficient imprimé sur la facture.")
    wood_fields = {"wood_species": data.wood_species, "wood_moisture": data.wood_moisture,
                   "log_length_cm": data.log_length_cm, "kwh_per_unit": data.kwh_per_unit}
    for name, value in wood_fields.items():
        if value is not None and not (data.energy == Energy.wood_logs and data.unit == "stere"):
            raise InvalidInput(name, "Ce champ ne concerne que le bois en bûches compté en stères.")
    if data.unpaid_eur > data.amount_eur:
        raise InvalidInput("unpaid_eur", "L'impayé ne peut pas dépasser le montant de la facture.")


def energy_bill(row: Any) -> Bill:
    """A stored bill row (or a row of its columns) as the energy engine's Bill."""
    return Bill(energy=Energy(row.energy), quantity=row.quantity, unit=row.unit, amount_eur=row.amount_eur,
                period_start=row.period_start, period_end=row.period_end, delivery_date=row.delivery_date,
                gas_coefficient=row.gas_coefficient, unpaid_eur=row.unpaid_eur, estimated=row.estimated,
                wood_species=row.wood_species, wood_moisture=row.wood_moisture, log_length_cm=row.log_length_cm,
                kwh_per_unit=row.kwh_per_unit)


def bill_read(bill: BillEntry, reference: ReferenceData) -> BillEntryRead:
    kwh = kwh_pcs = None
    notes: list[str] = []
    if bill.energy != Energy.water:
        converted = convert(energy_bill(bill), reference)
        kwh = converted.kwh_pci.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        kwh_pcs = converted.kwh_pcs.quantize(Decimal("1"), rounding=ROUND_HALF_UP) if converted.kwh_pcs else None
        notes = list(converted.notes)
    return BillEntryRead(**bill.model_dump(exclude={"household_id", "created_by_id", "created_at"}), kwh=kwh,
                         kwh_pcs=kwh_pcs, conversion_notes=notes)


def list_bills(session: Session, principal: Principal, household_id: int) -> list[BillEntryRead]:
    scope.get_household(session, principal, household_id)
    reference = reference_data.in_force(session, clock.today())
    bills = session.exec(select(BillEntry).where(BillEntry.household_id == household_id).order_by(
        col(BillEntry.energy), col(BillEntry.period_start), col(BillEntry.delivery_date), col(BillEntry.id))).all()
    audit.record(session, principal, "read", "bill_entry", household_id=household_id, detail={"count": len(bills)})
    return [bill_read(b, reference) for b in bills]


def add_bill(session: Session, principal: Principal, household_id: int, data: BillEntryWrite) -> BillEntryRead:
    scope.get_household(session, principal, household_id)
    check_bill(data)
    bill = BillEntry(household_id=household_id, created_by_id=principal.user_id, **data.model_dump())
    session.add(bill)
    session.flush()
    audit.record(session, principal, "create", "bill_entry", bill.id, household_id=household_id)
    return bill_read(bill, reference_data.in_force(session, clock.today()))


def _visible_bill(session: Session, principal: Principal, household_id: int, bill_id: int) -> BillEntry:
    scope.get_household(session, principal, household_id)
    bill = session.exec(select(BillEntry).where(BillEntry.id == bill_id, BillEntry.household_id == household_id)).first()
    if bill is None:
        raise NotFound("Facture introuvable.")
    return bill


def update_bill(session: Session, principal: Principal, household_id: int, bill_id: int,
                data: BillEntryUpdate) -> BillEntryRead:
    bill = _visible_bill(session, principal, household_id, bill_id)
    check_bill(data)
    claim_version(session, bill, data.version, "La facture",
                  current=lambda: bill_read(bill, reference_data.in_force(session, clock.today())))
    for name, value in data.model_dump(exclude={"version"}).items():
        setattr(bill, name, value)
    session.add(bill)
    session.flush()
    audit.record(session, principal, "update", "bill_entry", bill.id, household_id=household_id)
    return bill_read(bill, reference_data.in_force(session, clock.today()))


def delete_bill(session: Session, principal: Principal, household_id: int, bill_id: int) -> None:
    bill = _visible_bill(session, principal, household_id, bill_id)
    session.delete(bill)
    session.flush()
    audit.record(session, principal, "delete", "bill_entry", bill_id, household_id=household_id)


# --- social diagnostic ----------------------------------------------------------------------------

def yearly_income(data: SocialDiagnosticData) -> Decimal:
    """Disposable income before aids, from the diagnostic's monthly incomes (see household.yearly_income)."""
    return household_figures.yearly_income(i.monthly_eur for i in data.incomes)


def cheque_energie(data: SocialDiagnosticData, year: int) -> Decimal:
    """Chèques énergie received in `year` (see household.cheque_energie_received)."""
    return household_figures.cheque_energie_received(
        ((a.yearly_eur, a.received_on) for a in data.aids if a.kind == AidKind.cheque_energie), year)


def housing_costs(data: SocialDiagnosticData) -> Decimal:
    """Gross yearly rent, loan and charges, from the diagnostic's housing charges (see
    household.yearly_housing_costs)."""
    return household_figures.yearly_housing_costs(c.monthly_eur for c in data.charges if c.kind in HOUSING_CHARGES)


def has_housing_cost(data: SocialDiagnosticData) -> bool:
    """A household that entered no housing charge may be hosted for free or may not have said: the BRDE
    is computed when incomes or charges were entered at all."""
    return bool(data.charges or data.incomes)


def social_read(session: Session, row: SocialDiagnostic) -> SocialDiagnosticRead:
    data = SocialDiagnosticData.model_validate(row.data)
    return SocialDiagnosticRead(**data.model_dump(), version=row.version, yearly_income_eur=yearly_income(data),
                                housing_costs_eur=housing_costs(data), updated_by=_person(session, row.updated_by_id),
                                updated_at=row.updated_at)


def social_row(session: Session, household_id: int) -> SocialDiagnostic | None:
    return session.exec(select(SocialDiagnostic).where(SocialDiagnostic.household_id == household_id)).first()


def read_social(session: Session, principal: Principal, household_id: int) -> SocialDiagnosticRead:
    scope.get_household(session, principal, household_id)
    row = social_row(session, household_id)
    if row is None:
        raise NotFound("Pas encore de diagnostic social pour ce ménage.")
    audit.record(session, principal, "read", "social_diagnostic", row.id, household_id=household_id)
    return social_read(session, row)


def write_social(session: Session, principal: Principal, household_id: int,
                 data: SocialDiagnosticWrite) -> SocialDiagnosticRead:
    scope.get_household(session, principal, household_id)
    row = social_row(session, household_id)
    payload = SocialDiagnosticData.model_validate(data.model_dump(exclude={"version"})).model_dump(mode="json")
    if row is None:
        row = SocialDiagnostic(household_id=household_id)
    else:
        claim_version(session, row, data.version, "Le diagnostic social", current=lambda: social_read(session, row))
    row.data, row.updated_by_id, row.updated_at = payload, principal.user_id, datetime.now(UTC)
    session.add(row)
    session.flush()
    audit.record(session, principal, "update", "social_diagnostic", row.id, household_id=household_id)
    return social_read(session, row)


# --- technical diagnostic -------------------------------------------------------------------------

def with_default_u_values(data: TechnicalDiagnosticData, reference: ReferenceData) -> tuple[dict[str, Any], list[int]]:
    """U-values the advisor left empty, from what was seen (3CL tables).

    Windows: from the glazing type, which must then be given (never guessed from the period). Walls, roofs and
    floors: the insulation state decides. `none` → the uninsulated U0 whatever the period; `good` → the period's
    value, or the 1975–1977 column for a building from before 1975 insulated at an unknown date (3CL rule);
    `partial` → half-way between U0 and that insulated value (half the area insulated: the losses average);
    `unknown` → the period's value (U0 before 1975 and for an unknown period).
    """
    payload = data.model_dump(mode="json")
    defaulted = []
    period = data.construction_period.value
    old = period in ("before_1975", "unknown")
    for index, element in enumerate(data.envelope):
        if element.glazing is not None and element.kind != "window":
            raise InvalidInput(f"envelope.{index}.glazing", "Le type de vitrage ne concerne que les fenêtres.")
        if element.u_value is not None:
            continue
        if element.kind == "window":
            if element.glazing is None:
                raise InvalidInput(f"envelope.{index}.glazing", "Indiquer le type de vitrage de cette fenêtre "
                                   "(simple, double ancien, double récent, triple) ou son coefficient Uw.")
            value = reference.get("u_window", element.glazing.value)
        else:
            table = {"wall": "u_wall", "roof": "u_roof", "floor": "u_floor"}[element.kind]
            uninsulated = reference.get("u_uninsulated", element.kind)
            insulated = reference.get(table, "1975_1977" if old else period)
            if element.insulation == InsulationState.none:
                value = uninsulated
            elif element.insulation == InsulationState.good:
                value = insulated
            elif element.insulation == InsulationState.partial:
                value = (uninsulated + insulated) / 2
            else:
                value = reference.get(table, period)
        payload["envelope"][index]["u_value"] = str(value)
        defaulted.append(index)
    return payload, defaulted


def technical_read(session: Session, row: TechnicalDiagnostic) -> TechnicalDiagnosticRead:
    data = TechnicalDiagnosticData.model_validate({k: v for k, v in row.data.items() if k != "defaulted"})
    codes = {e.code: e for e in session.exec(select(EquipmentItem)).all()}
    cost = sum((codes[i.code].unit_cost_eur * i.quantity for i in data.equipment_installed if i.code in codes),
               Decimal(0))
    return TechnicalDiagnosticRead(**data.model_dump(), visit_id=row.visit_id, version=row.version,
                                   defaulted_u_values=row.data.get("defaulted", []), equipment_cost_eur=cost,
                                   updated_by=_person(session, row.updated_by_id), updated_at=row.updated_at)


def read_technical(session: Session, principal: Principal, visit_id: int) -> TechnicalDiagnosticRead:
    visit = scope.get_visit(session, principal, visit_id)
    row = session.exec(select(TechnicalDiagnostic).where(TechnicalDiagnostic.visit_id == visit.id)).first()
    if row is None:
        raise NotFound("Pas encore de diagnostic technique pour cette visite.")
    audit.record(session, principal, "read", "technical_diagnostic", row.id, household_id=visit.household_id)
    return technical_read(session, row)


def write_technical(session: Session, principal: Principal, visit_id: int,
                    data: TechnicalDiagnosticWrite) -> TechnicalDiagnosticRead:
    visit = scope.get_visit(session, principal, visit_id)
    known = set(session.exec(select(EquipmentItem.code)).all())
    for index, item in enumerate(data.equipment_installed):
        if item.code not in known:
            raise InvalidInput(f"equipment_installed.{index}.code", "Équipement absent du catalogue.")
    reference = reference_data.in_force(session, clock.today())
    payload, defaulted = with_default_u_values(TechnicalDiagnosticData.model_validate(
        data.model_dump(exclude={"version"})), reference)
    row = session.exec(select(TechnicalDiagnostic).where(TechnicalDiagnostic.visit_id == visit.id)).first()
    if row is None:
        row = TechnicalDiagnostic(visit_id=id_of(visit), household_id=visit.household_id)
    else:
        claim_version(session, row, data.version, "Le diagnostic technique",
                      current=lambda: technical_read(session, row))
    row.data = {**payload, "defaulted": defaulted}
    row.updated_by_id, row.updated_at = principal.user_id, datetime.now(UTC)
    session.add(row)
    session.flush()
    audit.record(session, principal, "update", "technical_diagnostic", row.id, household_id=visit.household_id)
    return technical_read(session, row)


def latest_technical(session: Session, household_id: int) -> TechnicalDiagnostic | None:
    return session.exec(select(TechnicalDiagnostic).where(TechnicalDiagnostic.household_id == household_id)
                        .order_by(col(TechnicalDiagnostic.updated_at).desc(), col(TechnicalDiagnostic.id).desc())).first()


# --- works plan ----------------------------------------------------------------------------------

def read_plan(session: Session, principal: Principal, household_id: int) -> WorksPlanRead:
    scope.get_household(session, principal, household_id)
    row = session.exec(select(WorksPlan).where(WorksPlan.household_id == household_id)).first()
    if row is None:
        raise NotFound("Pas encore de programme de travaux pour ce ménage.")
    return WorksPlanRead(household_id=household_id, version=row.version, items=row.items, updated_at=row.updated_at)


def write_plan(session: Session, principal: Principal, household_id: int, data: WorksPlanWrite) -> WorksPlanRead:
    scope.get_household(session, principal, household_id)
    priorities = [i.priority for i in data.items]
    if len(priorities) != len(set(priorities)):
        raise InvalidInput("items", "Chaque travail doit avoir une priorité différente.")
    for index, item in enumerate(data.items):
        if item.cost_low is not None and item.cost_high is not None and item.cost_low > item.cost_high:
            raise InvalidInput(f"items.{index}.cost_high", "Le coût haut doit être supérieur au coût bas.")
    row = session.exec(select(WorksPlan).where(WorksPlan.household_id == household_id)).first()
    if row is None:
        row = WorksPlan(household_id=household_id)
    else:
        claim_version(session, row, data.version, "Le programme de travaux", current=lambda: WorksPlanRead(
            household_id=household_id, version=row.version, items=row.items, updated_at=row.updated_at))
    row.items = [i.model_dump(mode="json") for i in sorted(data.items, key=lambda i: i.priority)]
    row.updated_by_id, row.updated_at = principal.user_id, datetime.now(UTC)
    session.add(row)
    session.flush()
    audit.record(session, principal, "update", "works_plan", row.id, household_id=household_id)
    return WorksPlanRead(household_id=household_id, version=row.version, items=row.items, updated_at=row.updated_at)

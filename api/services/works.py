"""The works estimate of a household: the dwelling as the advisor described it, calibrated on the bills.

Reads the latest technical diagnostic, the bills and the reference values in force, and hands them to
the pure functions of api.energy.works.
"""

from datetime import date
from decimal import Decimal

from sqlmodel import Session

from api.access import Principal
from api.energy.units import Energy
from api.energy.works import Dwelling, Element, estimate
from api.errors import NotFound
from api.schemas.analysis import WorkEstimateRead, WorksEstimateRead
from api.schemas.diagnostics import TechnicalDiagnosticData
from api.services import audit, diagnostics, reference_data, scope
from api.services.analysis import household_years


def works_estimate(session: Session, principal: Principal, household_id: int) -> WorksEstimateRead:
    household = scope.get_household(session, principal, household_id)
    row = diagnostics.latest_technical(session, household.id)
    if row is None:
        raise NotFound("Le diagnostic technique de la visite est nécessaire pour estimer les travaux.")
    data = TechnicalDiagnosticData.model_validate({k: v for k, v in row.data.items() if k != "defaulted"})
    reference = reference_data.in_force(session, date.today())
    main = next((s for s in data.systems if s.main and s.use in ("heating", "both")), None)
    heating_energy = main.energy if main else Energy.electricity
    efficiency = main.efficiency if main else Decimal("1")
    years = {y.energy: y for y in household_years(session, household.id, reference)}
    billed = years.get(heating_energy)
    billed_kwh = billed.kwh_per_year if billed else None
    if billed_kwh is not None and heating_energy == Energy.electricity:
        # Electricity bills also pay for lighting and appliances: keep the heating share only.
        specific = reference.get("assumption", "specific_electricity_kwh")
        billed_kwh = max(billed_kwh - specific, Decimal(0)) or None
    if billed and billed.kwh_per_year:
        price = billed.eur_per_year / billed.kwh_per_year
    else:
        price = reference.get("fallback_price", heating_energy.value)
    dwelling = Dwelling(
        elements=tuple(Element(e.kind, e.area_m2, e.u_value, e.b) for e in data.envelope if e.u_value is not None),
        volume_m3=data.surface_m2 * data.ceiling_height_m,
        air_changes_per_hour=reference.get("assumption", "ventilation_air_changes"),
        degree_hours=reference.get("degree_hours", data.altitude_class.value),
        efficiency=efficiency,
    )
    result = estimate(
        dwelling, billed_heating_kwh=billed_kwh, price_per_kwh=price, target_r=reference.table("target_r"),
        target_window_u=reference.get("target_u", "window"),
        new_efficiency=reference.get("target_efficiency", heating_energy.value),
        controls_share=reference.get("assumption", "controls_saving_share"),
        cost_low=reference.table("works_cost_low"), cost_high=reference.table("works_cost_high"),
    )
    audit.record(session, principal, "read", "works_estimate", household.id, household_id=household.id)
    return WorksEstimateRead(
        household_id=household.id, visit_id=row.visit_id, heat_loss_w_per_k=result.heat_loss_w_per_k,
        modelled_final_kwh=result.modelled_final_kwh, billed_heating_kwh=result.billed_heating_kwh,
        calibration=result.calibration, calibrated=result.calibrated, heating_energy=heating_energy,
        price_per_kwh=price.quantize(Decimal("0.0001")), items=[WorkEstimateRead(**vars(i)) for i in result.items],
    )

"""The works estimate of a household: the dwelling as the advisor described it, calibrated on the heating bills.

Reads the latest technical diagnostic, the bills, the household's members and the reference values in force,
works out what each heating energy's bill leaves for heating (hot water, cooking and specific electricity
estimated apart), and hands everything to the pure functions of api.energy.works.
"""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, func, select

from api import clock
from api.access import Principal, Scope
from api.energy import costs
from api.energy import works as engine
from api.energy.eligibility import CATEGORY_LABELS, AnahCategory
from api.energy.finance import Budget, ScenarioMoney, scenario_money
from api.energy.tee import energy_spending, household_tee
from api.energy.other_uses import (
    OtherUse,
    heating_part_of_bill,
    hot_water_kwh,
    specific_electricity_kwh,
)
from api.energy.reference import ReferenceData
from api.energy.units import Energy
from api.errors import InvalidInput, NotFound
from api.formatting import percent
from api.models import Household, HouseholdMember
from api.schemas.analysis import (
    AidLineRead,
    CostRangeRead,
    HeatSourceRead,
    OtherUseRead,
    SavingRead,
    ScenarioMoneyRead,
    ScenarioStepRead,
    WorkEstimateRead,
    WorksEstimateRead,
    WorksScenarioRead,
)
from api.schemas.diagnostics import (
    HeatingSystem,
    SocialDiagnosticData,
    TechnicalDiagnosticData,
)
from api.services import audit, diagnostics, eligibility, reference_data, scope
from api.services.analysis import household_facts, household_years, reference_year
from api.models.base import id_of

# Bought by delivery with no subscription: what the household paid per kWh is the kWh price. Metered energies
# (electricity, gas, district heating) and propane (tank rental, network subscription) use the dated table.
PRICED_FROM_BILLS = {Energy.fuel_oil, Energy.wood_logs, Energy.wood_pellets}
HEATING_USES = ("heating", "both")
HOT_WATER_USES = ("hot_water", "both")


def works_estimate(session: Session, principal: Principal, household_id: int,
                   on: date | None = None) -> WorksEstimateRead:
    household = scope.get_household(session, principal, household_id)
    assert household.id is not None  # a stored household
    row = diagnostics.latest_technical(session, household.id)
    if row is None:
        raise NotFound("Le diagnostic technique de la visite est nécessaire pour estimer les travaux.")
    data = TechnicalDiagnosticData.model_validate({k: v for k, v in row.data.items() if k != "defaulted"})
    main_system = next((s for s in data.systems if s.main and s.use in HEATING_USES), None)
    if main_system is None:
        # Guessing (the old "electric, efficiency 1") would put a made-up figure in a signed document.
        raise InvalidInput("systems", "Non estimable : indiquer le chauffage principal (un système « principal » "
                           "utilisé pour le chauffage) dans le diagnostic technique.")
    on = on or clock.today()
    reference = reference_data.in_force(session, on)
    years = {y.energy: y for y in household_years(session, household.id, reference)}
    persons = session.exec(select(func.count()).select_from(HouseholdMember)
                           .where(HouseholdMember.household_id == household.id)).one()
    used: set[tuple[str, str]] = set()

    def ref(table: str, key: str) -> Decimal:
        used.add((table, key))
        return reference.get(table, key)

    notes: list[str] = []
    other_uses: list[OtherUseRead] = []
    heat_sources: list[HeatSourceRead] = []

    def price_of(energy: Energy) -> tuple[Decimal | None, str]:
        year = years.get(energy)
        if energy in PRICED_FROM_BILLS and year and year.kwh_per_year and year.eur_per_year > 0:
            return year.eur_per_year / year.kwh_per_year, "Prix payé par le ménage (montant ÷ kWh de ses factures)"
        used.add(("fallback_price", energy.value))
        return reference.maybe("fallback_price", energy.value), reference.source("fallback_price", energy.value) or \
            "À renseigner"

    def source(system: HeatingSystem) -> engine.HeatSource:
        """The system with its heating consumption: entered on it, else its energy's bill less the other uses."""
        price, price_source = price_of(system.energy)
        year = years.get(system.energy)
        billed, heating = None, None
        if system.yearly_kwh is not None:
            billed = heating = system.yearly_kwh
        elif year and year.kwh_per_year:
            billed = year.kwh_per_year
            share = heating_part_of_bill(billed, system.energy.value,
                                                _other_uses(system.energy, data, persons, ref, notes))
            heating = share.heating_kwh
            other_uses.extend(OtherUseRead(energy=system.energy, use=u.use, label=u.label, kwh=u.kwh)
                              for u in share.other_uses)
            if share.note:
                notes.append(share.note)
        heat_sources.append(HeatSourceRead(energy=system.energy, main=system.main, efficiency=system.efficiency,
                                           billed_kwh=billed, heating_kwh=heating, heat_share=None,
                                           price_per_kwh=price, price_source=price_source))
        return engine.HeatSource(energy=system.energy.value, efficiency=system.efficiency, price_per_kwh=price,
                                 heating_kwh=heating, main=system.main, emitters=system.emitters.value)

    main = source(main_system)
    secondaries = []
    for system in data.systems:
        if system.main or system.use not in HEATING_USES:
            continue
        if system.energy == main_system.energy and system.yearly_kwh is None:
            notes.append(f"Chauffage d'appoint au même combustible que le chauffage principal "
                         f"({system.system_type}) : compté avec lui sur la même facture.")
            continue
        secondaries.append(source(system))
    if main.heating_kwh is None and not years.get(main_system.energy):
        notes.append("Pas de facture pour l'énergie du chauffage principal : modèle non recalé.")

    dwelling = engine.Dwelling(
        elements=tuple(engine.Element(e.kind, e.area_m2, e.u_value, e.b) for e in data.envelope
                       if e.u_value is not None),
        air_flow_m3_per_h=ref("assumption", "ventilation_m3_per_h_m2") * data.surface_m2,
        degree_hours=ref("degree_hours", data.altitude_class.value),
    )
    result = engine.estimate(dwelling, main, secondaries, engine.assumptions_from(reference))
    used |= {(t, k) for (t, k) in reference.rows if t in engine.WORKS_TABLES}
    used |= {("fallback_price", e) for e in engine.NEW_ENERGIES}
    used |= {("assumption", k) for k in ("controls_saving_share", "underheating_calibration_below",
                                         "overconsumption_calibration_above")}
    heat_sources = [read.model_copy(update={"heat_share": computed.heat_share})
                    for read, computed in zip(heat_sources, result.sources, strict=True)]
    audit.record(session, principal, "read", "works_estimate", household.id, household_id=household.id,
                 detail={"visit_id": row.visit_id, "calibrated": result.calibrated, "reference_date": on.isoformat()})
    item_sources = {w: _work_sources(reference, w) for w in engine.LABELS}
    money = _money_of(session, principal, household, data, reference, list(years.values()), on)
    return WorksEstimateRead(
        household_id=household.id, visit_id=row.visit_id, reference_date=on,
        heat_loss_w_per_k=result.heat_loss_w_per_k, modelled_need_kwh=result.modelled_need_kwh,
        modelled_final_kwh=result.modelled_final_kwh,
        billed_heating_kwh=main.heating_kwh, heating_kwh=result.heating_kwh, heating_eur=result.heating_eur,
        calibration=result.calibration, calibrated=result.calibrated, shares_only=not result.calibrated,
        underheating=result.underheating, heating_energy=main_system.energy, price_per_kwh=main.price_per_kwh,
        persons=persons, heat_sources=heat_sources, other_uses=other_uses,
        non_cumulative_note=engine.NON_CUMULATIVE, notes=list(dict.fromkeys([*result.notes[1:], *notes])),
        items=[_item(i, item_sources[i.work]) for i in result.items],
        scenarios=[_scenario(s, money(s)) for s in result.scenarios],
        sources={f"{t}/{k}": reference.source(t, k) or "" for t, k in sorted(used)},
    )


def _other_uses(energy: Energy, data: TechnicalDiagnosticData, persons: int, ref, notes: list[str]  # noqa: ANN001
                ) -> list[OtherUse]:
    """Hot water, cooking and specific electricity paid on this energy's bill, estimated per person."""
    uses: list[OtherUse] = []
    hot_water = next((s for s in data.systems if s.use in HOT_WATER_USES and s.energy == energy), None)
    if hot_water is not None:
        kwh = hot_water_kwh(persons, ref("assumption", "hot_water_useful_kwh_per_person"), hot_water.efficiency)
        uses.append(OtherUse("hot_water", f"Eau chaude ({persons} pers.)", kwh))
    elif not any(s.use in HOT_WATER_USES for s in data.systems):
        notes.append("Production d'eau chaude non renseignée : rien n'est déduit des factures pour l'eau chaude.")
    if data.cooking_energy == energy:
        uses.append(OtherUse("cooking", f"Cuisson ({persons} pers.)",
                                    Decimal(max(persons, 1)) * ref("assumption", "cooking_kwh_per_person")))
    elif data.cooking_energy is None and energy == Energy.electricity:
        notes.append("Énergie de cuisson non renseignée : rien n'est déduit pour la cuisson.")
    if energy == Energy.electricity:
        uses.append(OtherUse("specific_electricity", f"Électricité spécifique ({persons} pers.)",
                                    specific_electricity_kwh(
                                        persons, ref("assumption", "specific_electricity_kwh"),
                                        ref("assumption", "specific_electricity_fixed_share"),
                                        ref("assumption", "average_household_size"))))
    return uses


def _work_sources(reference: ReferenceData, work: str) -> list[str]:
    keys = [("works_cost_low", work), ("works_cost_high", work), ("vat_rate", costs.vat_key(work)),
            ("work_lifetime", work), ("replacement_efficiency", work)]
    if work == "controls":
        keys.append(("assumption", "controls_saving_share"))
    found = []
    for table, key in keys:
        text = reference.source(table, key)
        if text and f"{table}/{key} : {text}" not in found:
            found.append(f"{table}/{key} : {text}")
    return found


def _cost(cost: costs.CostRange) -> CostRangeRead:
    return CostRangeRead(vat_rate=cost.vat_rate, low_ht=cost.low_ht, high_ht=cost.high_ht, low_ttc=cost.low_ttc,
                         high_ttc=cost.high_ttc)


def _saving(saving: engine.Saving) -> SavingRead:
    return SavingRead(kwh=saving.kwh, eur=saving.eur, share=saving.share)


def _item(item: engine.WorkEstimate, sources: list[str]) -> WorkEstimateRead:
    return WorkEstimateRead(
        work=item.work, label=item.label, quantity=item.quantity, quantity_unit=item.quantity_unit,
        saving=_saving(item.saving), saving_kwh=item.saving.kwh, saving_eur=item.saving.eur, cost=_cost(item.cost),
        cost_low=item.cost.low_ttc, cost_high=item.cost.high_ttc, lifetime_years=item.lifetime_years,
        payback_years_low=item.payback_years_low, payback_years_high=item.payback_years_high,
        lifetime_cost_per_kwh_low=item.lifetime_cost_per_kwh_low,
        lifetime_cost_per_kwh_high=item.lifetime_cost_per_kwh_high,
        energy_after=Energy(item.energy_after) if item.energy_after else None, efficiency_after=item.efficiency_after,
        alternative_to=item.alternative_to, sources=sources, notes=item.notes)


def _money_of(session: Session, principal: Principal, household: Household, data: TechnicalDiagnosticData,
              reference: ReferenceData, years: list, on: date):  # noqa: ANN202
    """A function giving each scenario its aids, amount left to pay and, for the social team, its effect on
    the taux d'effort and the reste à vivre. The household's Anah category is shown to the advisor too (as on
    the eligibility page): it is a band, not an amount."""
    category = eligibility.anah_verdict(session, household, reference)
    social_row = diagnostics.social_row(session, id_of(household))
    budget = None
    if social_row is not None and principal.can(Scope.income_read):
        social = SocialDiagnosticData.model_validate(social_row.data)
        year, _ = reference_year(years, social_row.updated_at.year, on)
        births = session.exec(select(HouseholdMember.birth_year).where(HouseholdMember.household_id == household.id)).all()
        facts = household_facts(social, births, data.surface_m2, year)
        # No energy bill: the spending is unknown, not 0, so no TEE nor reste à vivre (as on the analysis).
        if facts.yearly_income and facts.consumption_units and household_tee(years, facts.yearly_income) is not None:
            budget = Budget(income=facts.yearly_income, energy_spending=energy_spending(years),
                            housing_costs=facts.housing_cost or Decimal(0), consumption_units=facts.consumption_units)
    # MaPrimeRénov' pays windows per window: the count of window elements the advisor entered.
    counts = {"window": Decimal(sum(1 for e in data.envelope if e.kind == "window"))}
    label = CATEGORY_LABELS[AnahCategory(category.value)] if category.value else None
    hidden = not principal.can(Scope.income_read)

    def money(scenario: engine.Scenario) -> ScenarioMoneyRead:
        computed = scenario_money(scenario, category.value, reference, counts=counts, budget=budget)
        return _money(computed, category.value, label, category.summary, hidden)
    return money


def _money(m: ScenarioMoney, category: str | None, label: str | None, explanation: str,
           hidden: bool) -> ScenarioMoneyRead:
    notes = list(m.notes)
    if hidden:
        notes.append("Effet sur le taux d'effort et le reste à vivre : réservé à l'équipe sociale.")
    return ScenarioMoneyRead(
        category=category, category_label=label, category_explanation=explanation,
        aids=[AidLineRead(work=a.work, scheme=a.scheme, amount_eur=a.amount_eur, capped=a.capped,
                          explanation=a.explanation, source=a.source) for a in m.aids],
        aids_low_eur=m.aids_low, aids_high_eur=m.aids_high, aids_complete=m.aids_complete,
        left_to_pay_low_eur=m.left_to_pay_low, left_to_pay_high_eur=m.left_to_pay_high,
        payback_after_aids_years_low=m.payback_low, payback_after_aids_years_high=m.payback_high,
        tee_before=m.tee_before, tee_after=m.tee_after,
        tee_before_display=percent(m.tee_before) if m.tee_before is not None else "",
        tee_after_display=percent(m.tee_after) if m.tee_after is not None else "",
        reste_a_vivre_uc_before_eur=m.rest_per_uc_before, reste_a_vivre_uc_after_eur=m.rest_per_uc_after,
        income_hidden=hidden, notes=notes)


def _scenario(scenario: engine.Scenario, money: ScenarioMoneyRead | None = None) -> WorksScenarioRead:
    return WorksScenarioRead(
        code=scenario.code, label=scenario.label,
        steps=[ScenarioStepRead(work=s.work, label=s.label, quantity=s.quantity, quantity_unit=s.quantity_unit,
                                cost=_cost(s.cost), saving=_saving(s.saving)) for s in scenario.steps],
        cost=_cost(scenario.cost), saving=_saving(scenario.saving), heating_kwh_after=scenario.heating_kwh_after,
        heating_eur_after=scenario.heating_eur_after, payback_years_low=scenario.payback_years_low,
        payback_years_high=scenario.payback_years_high, money=money, notes=scenario.notes)


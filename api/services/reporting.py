"""The annual activity report (step 13) and the pseudonymised case-level extract.

A fixed number of queries, whatever the number of households: each table is loaded once for the
year and the figures are computed in memory by pure functions (api/energy, api/reporting).
"""

import hashlib
import hmac
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from api import clock
from api.access import Principal
from api.energy.household import consumption_units, income_per_uc
from api.energy.indicators import decile_position
from api.energy.tee import household_tee, tee_band, tee_bands, thresholds
from api.energy.reference import ReferenceData
from api.energy.works import LABELS as WORK_LABELS
from api.errors import NotFound
from api.models import (
    BillEntry,
    CallAttempt,
    Campaign,
    CampaignUnit,
    Delivery,
    Dwelling,
    EquipmentItem,
    Household,
    HouseholdMember,
    Organisation,
    Orientation,
    OrientationType,
    Referral,
    ReferralReasonLink,
    Report,
    SocialDiagnostic,
    TechnicalDiagnostic,
    TerritorialUnit,
    Visit,
    WorksUpdate,
)
from api.models.base import as_utc
from api.reporting import labels
from api.reporting.stats import (
    K,
    k_anonymise,
    median,
    percentile,
    suppress,
    suppress_line,
    suppress_table,
)
from api.schemas.diagnostics import SocialDiagnosticData
from api.schemas.reporting import (
    AnnualReport,
    CaseExtract,
    CaseRow,
    CostSummary,
    CountRow,
    CrossTab,
    EquipmentRow,
    LeadTime,
    MeasuredImpactRow,
    MeasuredImpactSection,
    OrientationOutcome,
    UnitProgress,
    WorksRow,
)
from api.services import audit, followup, reference_data
from api.services import impact as impact_service
from api.services.analysis import BILL_COLUMNS, DwellingFacts, dwelling_from, reference_year, years_of
from api.services.diagnostics import yearly_income

QUASI_IDENTIFIERS = ["commune", "income_band", "tee_band", "heating_energy", "tenure"]
# The report splits the households above the highest dated threshold (SLIME 10 %) at 15 %: a reporting
# choice with no source, so not a dated threshold (making it one needs a reference row and its migration).
SEVERE_TEE = Decimal("0.15")
ONE_DAY = 86400


def _year_bounds(year: int, zone: ZoneInfo) -> tuple[datetime, datetime]:
    return (datetime.combine(date(year, 1, 1), time.min, zone).astimezone(UTC),
            datetime.combine(date(year + 1, 1, 1), time.min, zone).astimezone(UTC))


def _days(start: datetime, end: datetime) -> Decimal:
    return Decimal((end - start).total_seconds()) / ONE_DAY


def _pct(part: Decimal | int, whole: Decimal) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) if whole else None


def _counts(values: list[str], names: dict[str, str] | list[str], *, total_published: bool = True) -> list[CountRow]:
    """One row per category; with total_published (each value counted once, so the rows add up to a figure
    shown elsewhere), a lone small cell is protected by hiding another (stats.suppress_table)."""
    counter = Counter(values)
    keys = list(names) if isinstance(names, list) else [k for k in names if k in counter]
    keys += sorted(k for k in counter if k not in keys)
    keys = [k for k in keys if counter[k] or isinstance(names, list)]
    label = (lambda k: k) if isinstance(names, list) else (lambda k: names.get(k, k))
    counts = suppress_line([counter[k] for k in keys]) if total_published else [suppress(counter[k]) for k in keys]
    return [CountRow(key=k, label=label(k), count=n) for k, n in zip(keys, counts, strict=True)]


def _from_margin(counter: Counter, keys: list[str], margin: list[int | None], names: dict[str, str]) -> list[CountRow]:
    """The rows of a category table whose counts were protected as the margin of a cross table; a value
    outside the labels (never expected) stays a row of its own, suppressed alone."""
    rows = [CountRow(key=k, label=names[k], count=n) for k, n in zip(keys, margin, strict=True) if counter[k]]
    return rows + [CountRow(key=k, label=k, count=None) for k in sorted(counter) if k not in names]


def _protect_progress(units: list[UnitProgress], total: UnitProgress) -> tuple[list[UnitProgress], UnitProgress]:
    """Visit counts as a table: units × months, with each unit's visits and each month's total published as
    margins; the margins themselves add up to the total visits. A hidden count hides its share of objective."""
    # Before suppression every count is a number (the read model's fields allow None for after).
    protected = suppress_table([cast(list[int], u.visits_by_month) for u in units]) if units else None
    months = protected.cells if protected else []
    done = protected.row_totals if protected else []
    total_months = protected.column_totals if protected else [suppress(n) for n in cast(list[int], total.visits_by_month)]

    def hidden(u: UnitProgress, visits: int | None, by_month: list[int | None]) -> UnitProgress:
        return u.model_copy(update={"visits_done": visits, "visits_by_month": by_month,
                                    "share_of_objective_pct": u.share_of_objective_pct if visits is not None else None})

    total_done = protected.total if protected else suppress(cast(int, total.visits_done))
    return ([hidden(u, d, m) for u, d, m in zip(units, done, months, strict=True)],
            hidden(total, total_done, total_months))


def _orientation_outcomes(outcomes: dict[str, Counter], amounts: dict[str, Decimal],
                          type_labels: dict[str, str]) -> list[OrientationOutcome]:
    """Each row's statuses add up to its published total: complementary suppression along rows; the
    amount obtained is hidden with the count of aids obtained it belongs to."""
    statuses = ("proposed", "in_progress", "obtained", "refused", "abandoned")
    kinds = sorted(outcomes)
    if not kinds:
        return []
    protected = suppress_table([[outcomes[k][s] for s in statuses] for k in kinds], column_totals=False)
    rows = []
    for kind, row, total in zip(kinds, protected.cells, protected.row_totals, strict=True):
        by_status = dict(zip(statuses, row, strict=True))
        rows.append(OrientationOutcome(
            kind=kind, label=type_labels.get(kind, kind), **by_status, total=total,
            amount_obtained_eur=amounts[kind].quantize(Decimal("0.01")) if by_status["obtained"] is not None else None))
    return rows


CHUNK = 500  # households whose bills are held at once by the annual report (~5k bill rows)


class _HouseholdRows:
    """The rows one chunk of the year's visited households needs for its income and TEE: five queries."""

    def __init__(self, session: Session, ids: list[int]) -> None:
        self.members: dict[int, list[int]] = defaultdict(list)
        for hid, birth_year in session.exec(select(HouseholdMember.household_id, HouseholdMember.birth_year)
                                            .where(col(HouseholdMember.household_id).in_(ids))).all():
            self.members[hid].append(birth_year)
        # SQLModel types a row as a plain tuple; SQLAlchemy's rows are also read by column name.
        self.social: dict[int, Any] = {row.household_id: row for row in session.exec(  # type: ignore[attr-defined]
            select(SocialDiagnostic.household_id, SocialDiagnostic.data, SocialDiagnostic.updated_at)
            .where(col(SocialDiagnostic.household_id).in_(ids))).all()}
        self.bills = _bills_by_household(session, ids)
        self.dwellings: dict[int, Any] = {row.household_id: row for row in session.exec(  # type: ignore[attr-defined]
            select(Dwelling.household_id, col(Dwelling.surface_m2), Dwelling.altitude_class, Dwelling.main_heating_energy)
            .where(col(Dwelling.household_id).in_(ids))).all()}
        self.latest_technical: dict[int, dict] = {}
        for hid, technical in session.exec(
                select(TechnicalDiagnostic.household_id, col(TechnicalDiagnostic.data))
                .where(col(TechnicalDiagnostic.household_id).in_(ids))
                .order_by(col(TechnicalDiagnostic.updated_at), col(TechnicalDiagnostic.id))).all():
            self.latest_technical[hid] = technical  # ordered: the last one wins

    def dwelling(self, household_id: int) -> DwellingFacts:
        """As on the household page: the latest technical diagnostic, else the dwelling row."""
        return dwelling_from(self.latest_technical.get(household_id), self.dwellings.get(household_id))

    def income_and_tee(self, household_id: int, report_year: int, reference: ReferenceData) -> tuple[str, Decimal | None]:
        social = self.social.get(household_id)
        if social is None:
            return labels.UNKNOWN, None
        data = SocialDiagnosticData.model_validate(social.data)
        years = years_of(self.bills[household_id], reference, self.dwelling(household_id))
        year, _ = reference_year(years, social.updated_at.year, date(report_year, 12, 31))
        income = yearly_income(data)
        per_uc = income_per_uc(income, consumption_units(self.members[household_id], year))
        band = labels.UNKNOWN if per_uc is None else decile_position(per_uc, reference.table("income_decile"))
        return band, household_tee(years, income)


class _Year:
    """Everything the report needs about one year, loaded in a fixed number of queries."""

    def __init__(self, session: Session, year: int, unit_id: int | None, zone: ZoneInfo) -> None:
        self.year, self.zone = year, zone
        start, end = _year_bounds(year, zone)
        campaign = session.exec(select(Campaign).where(Campaign.year == year)).first()
        if campaign is None:
            raise NotFound(f"Aucune campagne pour l'année {year}.")
        self.campaign = campaign
        unit_filter = [col(TerritorialUnit.id) == unit_id] if unit_id else []
        self.units = session.exec(select(TerritorialUnit).join(CampaignUnit, col(CampaignUnit.unit_id) == TerritorialUnit.id)
                                  .where(CampaignUnit.campaign_id == self.campaign.id, *unit_filter)
                                  .order_by(col(TerritorialUnit.name))).all()
        if unit_id and not self.units:
            raise NotFound("Cette unité territoriale ne fait pas partie de la campagne de l'année.")
        household_filter = [col(Household.unit_id) == unit_id] if unit_id else []
        done_in_year = [col(Visit.status) == "done", col(Visit.starts_at) >= start, col(Visit.starts_at) < end]
        # The year's sets as subqueries, not lists of ids: at national scale they hold ~11k ids,
        # which the database joins far faster than it parses an IN list.
        visit_ids = select(Visit.id).join(Household, col(Visit.household_id) == Household.id) \
            .where(*done_in_year, *household_filter)
        ids = select(Visit.household_id).join(Household, col(Visit.household_id) == Household.id) \
            .where(*done_in_year, *household_filter)
        # Only the columns the figures need, as plain rows (full ORM objects cost several times more); the rows
        # are read by column name, which SQLModel's tuple types do not know: typed Any.
        self.visits: Sequence[Any] = session.exec(
            select(Visit.id, Visit.starts_at, col(Household.id).label("household_id"), Household.unit_id,  # type: ignore[call-overload]  # more than 4 columns
                   Household.tenure, Household.commune, Dwelling.main_heating_energy)
            .join(Household, col(Visit.household_id) == Household.id)
            .join(Dwelling, col(Dwelling.household_id) == Household.id, isouter=True)
            .where(*done_in_year, *household_filter).order_by(col(Visit.starts_at))).all()
        first_visit: dict[int, Any] = {}
        row: Any  # read by column name
        for row in self.visits:
            first_visit.setdefault(row.household_id, row)
        self.households = first_visit  # household id → its first visit of the year
        received_in_year = [col(Referral.received_at) >= start, col(Referral.received_at) < end, *household_filter]
        self.referrals: Sequence[Any] = session.exec(
            select(Referral.id, Referral.received_at, Organisation.kind)
            .join(Organisation, col(Referral.referring_organisation_id) == Organisation.id)
            .join(Household, col(Referral.household_id) == Household.id, isouter=True)
            .where(*received_in_year)).all()
        referral_ids = select(Referral.id).join(Household, col(Referral.household_id) == Household.id, isouter=True) \
            .where(*received_in_year)
        self.reasons = session.exec(select(ReferralReasonLink.reason).where(
            col(ReferralReasonLink.referral_id).in_(referral_ids))).all()
        self.first_call = dict(session.exec(select(CallAttempt.referral_id, func.min(CallAttempt.at))
                                            .where(col(CallAttempt.referral_id).in_(referral_ids))
                                            .group_by(col(CallAttempt.referral_id))).all())
        self.first_visit_of_referral = dict(session.exec(
            select(Visit.referral_id, func.min(Visit.starts_at))
            .where(col(Visit.referral_id).in_(referral_ids), Visit.status == "done")
            .group_by(col(Visit.referral_id))).all())
        self.report_sent = dict(session.exec(
            select(Report.visit_id, func.min(Delivery.at)).join(Delivery, col(Delivery.report_id) == Report.id)
            .where(col(Report.visit_id).in_(visit_ids), col(Delivery.status).in_(["sent", "recorded"]))
            .group_by(col(Report.visit_id))).all())
        self.session = session  # the visited households' bills and diagnostics are read chunk by chunk
        # Only the equipment installed, not whole diagnostics (JSON path, on PostgreSQL and SQLite alike).
        self.equipment_installed = session.exec(select(col(TechnicalDiagnostic.data)["equipment_installed"])
                                                .where(col(TechnicalDiagnostic.visit_id).in_(visit_ids))).all()
        self.equipment = {e.code: e for e in session.exec(select(EquipmentItem)).all()}
        self.orientations = session.exec(
            select(Orientation.household_id, Orientation.kind, Orientation.status, col(Orientation.amount_obtained_eur))
            .where(col(Orientation.household_id).in_(ids), followup.followed())).all()
        self.type_labels = dict(session.exec(select(OrientationType.code, OrientationType.label)).all())
        self.works = session.exec(select(WorksUpdate.status, func.count(), func.sum(WorksUpdate.actual_cost_eur))
                                  .where(col(WorksUpdate.household_id).in_(ids),
                                         col(WorksUpdate.on) >= date(year, 1, 1), col(WorksUpdate.on) < date(year + 1, 1, 1))
                                  .group_by(col(WorksUpdate.status))).all()
        self.reference = reference_data.in_force(session, min(date(year, 12, 31), clock.today()))

    def incomes_and_tees(self) -> Iterator[tuple[int, str, Decimal | None]]:
        """Each visited household's income band and TEE, as the household page computes them (bills annualised
        the same way, the income before aids, the UC at the year of the income and bills).

        CHUNK households at a time: their bills, diagnostics and members are held for one chunk only, so a
        national year does not sit in the worker's memory at once (issue 19: under 200 MB per worker)."""
        ids = sorted(self.households)
        for start in range(0, len(ids), CHUNK):
            chunk = _HouseholdRows(self.session, ids[start:start + CHUNK])
            for hid in ids[start:start + CHUNK]:
                yield hid, *chunk.income_and_tee(hid, self.year, self.reference)

    def tee_band(self, tee: Decimal | None) -> str:
        """The band of the thresholds in force for the year (tee.tee_band), split at SEVERE_TEE above them."""
        band = tee_band(tee, self.tee_bounds)
        return labels.UNKNOWN if band is None else band.label

    @property
    def tee_bounds(self) -> tuple[Decimal, ...]:
        return (*thresholds(self.reference), SEVERE_TEE)

    @property
    def tee_band_labels(self) -> list[str]:
        """Every band, lowest first, then « inconnu »: the rows of the report's distribution."""
        return [band.label for band in tee_bands(self.tee_bounds)] + [labels.UNKNOWN]

    def local_month(self, visit: Any) -> int:
        return visit.starts_at.astimezone(self.zone).month


def _bills_by_household(session: Session, ids: Any) -> dict[int, list[Any]]:
    """Every bill row of the year's households, in one query: the annual report annualises them exactly
    as the household page does (calendar coverage, overlaps, gaps), which sums in SQL could not."""
    bills: dict[int, list[Any]] = defaultdict(list)
    for row in session.exec(select(*BILL_COLUMNS).where(col(BillEntry.household_id).in_(ids))).all():
        bills[row.household_id].append(row)
    return bills


def _progress(unit: TerritorialUnit | None, households: int, objective: Decimal, months: list[int]) -> UnitProgress:
    target = (Decimal(households) * objective / 1000).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    done = sum(months)
    return UnitProgress(unit_id=unit.id if unit else None, unit=unit.name if unit else "Total",
                        households_count=households, objective_visits=target, visits_done=done,
                        share_of_objective_pct=_pct(done, target), visits_by_month=months)


def year_data(session: Session, year: int, zone: ZoneInfo) -> "_Year":
    """The year's rows of the session's programme (NotFound without a campaign that year)."""
    return _Year(session, year, None, zone)


def count_rows(values: list[str], names: dict[str, str] | list[str]) -> list[CountRow]:
    """One row per category, small counts protected (the rows add up to a published total)."""
    return _counts(values, names)


def household_profiles(data: "_Year") -> list[tuple[str, str, str, str]]:
    """Each visited household's tenure, heating energy, income band and TEE band (the annual report's
    profiles, and the national view's)."""
    profiles = []
    for hid, band, tee in data.incomes_and_tees():
        visit = data.households[hid]
        profiles.append((visit.tenure, visit.main_heating_energy or "unknown", band, data.tee_band(tee)))
    return profiles


def annual_report(session: Session, principal: Principal, year: int, unit_id: int | None, zone: ZoneInfo) -> AnnualReport:
    data = _Year(session, year, unit_id, zone)
    objective = data.campaign.objective_per_thousand
    months_by_unit: dict[int | None, list[int]] = defaultdict(lambda: [0] * 12)
    for visit in data.visits:
        months_by_unit[visit.unit_id][data.local_month(visit) - 1] += 1
    units = [_progress(u, u.households_count, objective, months_by_unit[u.id]) for u in data.units]
    total_months = [sum(cast(int, u.visits_by_month[m]) for u in units) for m in range(12)]  # not suppressed yet
    total = _progress(None, sum(u.households_count for u in units), objective, total_months)
    units, total = _protect_progress(units, total)

    lead: dict[str, list[Decimal]] = defaultdict(list)
    for referral in data.referrals:
        if referral.id in data.first_call:
            lead["referral_to_first_call"].append(_days(referral.received_at, as_utc(data.first_call[referral.id])))
        if referral.id in data.first_visit_of_referral:
            lead["referral_to_visit"].append(_days(referral.received_at, as_utc(data.first_visit_of_referral[referral.id])))
    for visit in data.visits:
        if visit.id in data.report_sent:
            lead["visit_to_report_sent"].append(_days(visit.starts_at, as_utc(data.report_sent[visit.id])))

    profiles = household_profiles(data)

    outcomes: dict[str, Counter] = defaultdict(Counter)
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for _, kind, status, amount in data.orientations:
        outcomes[kind][status] += 1
        amounts[kind] += amount or Decimal(0)

    installed: Counter = Counter()
    for items in data.equipment_installed:
        for item in items or []:
            installed[item["code"]] += int(item.get("quantity", 1))
    equipment = [EquipmentRow(code=code, name=data.equipment[code].name if code in data.equipment else code,
                              quantity=n, cost_eur=(data.equipment[code].unit_cost_eur * n if code in data.equipment
                                                    else Decimal(0)).quantize(Decimal("0.01")))
                 for code, n in sorted(installed.items())]
    equipment_cost = sum((e.cost_eur for e in equipment), Decimal("0.00"))
    visited = len(data.households)
    budget = data.campaign.budget_eur if unit_id is None else None

    tenures = list(labels.TENURE)
    heatings = list(labels.HEATING)
    cross = Counter((t, h) for t, h, _, _ in profiles)
    # Tenure × heating and its two margins (the tenure and heating tables) are protected together: a
    # count hidden in a margin must not be the sum of published cells of its line, and conversely.
    linked = suppress_table([[cross[(t, h)] for h in heatings] for t in tenures])
    linked_tenure = _from_margin(Counter(p[0] for p in profiles), tenures, linked.row_totals, labels.TENURE)
    linked_heating = _from_margin(Counter(p[1] for p in profiles), heatings, linked.column_totals, labels.HEATING)
    measured = measured_impact_section(session, year, unit_id, data)
    audit.record(session, principal, "read", "annual_report", detail={"year": year, "unit_id": unit_id})
    return AnnualReport(
        year=year, unit_id=unit_id, generated_at=datetime.now(UTC), objective_per_thousand=objective,
        units=units, total=total,
        visits_outside_campaign_units=suppress(sum(sum(m) for u, m in months_by_unit.items()
                                                   if u not in {unit.id for unit in data.units})),
        referrals_by_referrer_kind=_counts([r.kind for r in data.referrals], labels.REFERRER_KIND),
        # A referral may give several reasons: the rows add up to no published total.
        referrals_by_reason=_counts(list(data.reasons), labels.REASON, total_published=False),
        lead_times=[LeadTime(key=k, label=label, cases=len(lead[k]), median_days=median(lead[k]),
                             p90_days=percentile(lead[k], 90)) for k, label in labels.LEAD_TIME.items()],
        tenure=linked_tenure,
        heating_energy=linked_heating,
        income_band=_counts([p[2] for p in profiles], labels.INCOME_BANDS),
        tee_band=_counts([p[3] for p in profiles], data.tee_band_labels),
        tenure_by_heating=CrossTab(rows=[labels.TENURE[t] for t in tenures], columns=[labels.HEATING[h] for h in heatings],
                                   cells=linked.cells),
        orientations=_orientation_outcomes(outcomes, amounts, data.type_labels),
        equipment=equipment,
        landlord_works=[WorksRow(status=s, label=labels.WORKS_STATUS.get(s, s), count=suppress(n),
                                 # The cost of one or two works is the cost of someone's home: hidden with the count.
                                 actual_cost_eur=(cost or Decimal(0)).quantize(Decimal("0.01")) if suppress(n) else None)
                        for s, n, cost in sorted(data.works)],
        cost=CostSummary(budget_eur=budget, households_visited=visited,
                         cost_per_household_eur=(budget / visited).quantize(Decimal("0.01")) if budget and visited else None,
                         equipment_cost_eur=equipment_cost),
        measured_impact=measured,
    )


# --- measured impact: households visited the year before, measured on the bills since ---------------------

IMPACT_GROUPS = {"several_works": "Plusieurs types de travaux", "eco_gestures_only": "Écogestes seuls",
                 "no_action": "Ni travaux faits ni écogestes"}


def measured_impact_section(session: Session, year: int, unit_id: int | None, data: "_Year") -> MeasuredImpactSection:
    """The cohort is the households whose first done visit was in year − 1: their bills of the report year are
    their « N+1 ». Each household falls in one group (its single type of work done, several types, eco-gestures
    only, nothing recorded), so the rows add up to the households measured: complementary suppression on the
    column and its total. Seven queries, whatever the number of households."""
    return impact_section(year - 1, *impact_groups(session, year, unit_id, data))


ImpactGroups = dict[str, list[tuple[Decimal, Decimal]]]


def impact_groups(session: Session, year: int, unit_id: int | None, data: "_Year") -> tuple[int, int, ImpactGroups]:
    """The cohort's households followed, those corrected for the climate, and each group's (measured,
    estimated) savings, before any suppression (the national view adds programmes up first)."""
    cohort_year = year - 1
    start, end = _year_bounds(cohort_year, data.zone)
    household_filter = [Household.unit_id == unit_id] if unit_id else []
    first = select(Visit.household_id).join(Household, col(Visit.household_id) == Household.id) \
        .where(Visit.status == "done", *household_filter).group_by(col(Visit.household_id)) \
        .having(func.min(Visit.starts_at) >= start, func.min(Visit.starts_at) < end)
    visits: dict[int, Any] = {}
    row: Any  # rows read by column name
    for row in session.exec(select(Visit.id, Visit.household_id, Visit.starts_at)
                            .where(Visit.status == "done", col(Visit.household_id).in_(first))
                            .order_by(col(Visit.starts_at), col(Visit.id))).all():
        visits.setdefault(row.household_id, row)
    # Only a household with a bill after its visit can be measured (impact.split_bills: delivered, or
    # starting, on or after the visit day): the others' bills, diagnostics and works are not even loaded.
    after_visit = func.max(func.coalesce(BillEntry.delivery_date, BillEntry.period_start))
    measurable = [hid for hid, last in session.exec(select(BillEntry.household_id, after_visit)
                                                    .where(col(BillEntry.household_id).in_(first))
                                                    .group_by(col(BillEntry.household_id))).all()
                  if last is not None and _as_date(last) >= as_utc(visits[hid].starts_at).date()]
    bills: dict[int, list[Any]] = defaultdict(list)
    for row in session.exec(select(*BILL_COLUMNS).where(col(BillEntry.household_id).in_(measurable))).all():
        bills[row.household_id].append(row)
    technical = dict(session.exec(select(TechnicalDiagnostic.visit_id, col(TechnicalDiagnostic.data)).where(
        col(TechnicalDiagnostic.visit_id).in_([visits[h].id for h in measurable]))).all())
    heating = dict(session.exec(select(Dwelling.household_id, Dwelling.main_heating_energy)
                                .where(col(Dwelling.household_id).in_(measurable))).all())
    done: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for hid, report_id, priority in session.exec(select(WorksUpdate.household_id, WorksUpdate.report_id,
                                                        WorksUpdate.work_priority)
                                                 .where(col(WorksUpdate.household_id).in_(measurable),
                                                        WorksUpdate.status == "done")).all():
        done[hid].append((report_id, priority))
    report_works = dict(session.exec(select(Report.id, Report.works).where(
        col(Report.id).in_({r for pairs in done.values() for r, _ in pairs} or {0}))).all())

    groups: ImpactGroups = defaultdict(list)
    corrected = 0
    for hid in measurable:
        visit = visits[hid]
        data_of_visit = technical.get(visit.id)
        # SQLModel types the selected report id `int | None` and the JSON list `Sequence[Any]`.
        estimated = impact_service.estimated_savings(done[hid], report_works, data_of_visit, data.equipment)  # type: ignore[arg-type]
        result, _, _, _ = impact_service.compute(bills[hid], as_utc(visit.starts_at).date(), data_of_visit,
                                                 heating.get(hid), estimated, data.reference)
        if result.measured_saving_kwh is None:
            continue
        corrected += result.climate_corrected
        works = sorted({e.code for e in estimated if e.kind == "work"})
        group = works[0] if len(works) == 1 else "several_works" if works else \
            "eco_gestures_only" if estimated else "no_action"
        groups[group].append((result.measured_saving_kwh, result.estimated_kwh))
    return len(visits), corrected, groups


def _as_date(value: date | str) -> date:
    """A MAX over a date column comes back as text on SQLite."""
    return date.fromisoformat(value) if isinstance(value, str) else value


def impact_section(cohort_year: int, followed: int, corrected: int, groups: ImpactGroups) -> MeasuredImpactSection:
    """The measured-impact rows, small counts suppressed together with their total."""
    keys = sorted(k for k in groups if k not in IMPACT_GROUPS) + [k for k in IMPACT_GROUPS if k in groups]
    protected = suppress_table([[len(groups[k])] for k in keys], row_totals=False) if keys else None
    rows = []
    for index, key in enumerate(keys):
        count = protected.cells[index][0] if protected else None
        measured = sum((m for m, _ in groups[key]), Decimal(0))
        estimated_total = sum((e for _, e in groups[key]), Decimal(0))
        rows.append(MeasuredImpactRow(
            group=key, label=IMPACT_GROUPS.get(key) or WORK_LABELS.get(key, key), households=count,
            measured_saving_kwh=measured if count is not None else None,
            estimated_saving_kwh=estimated_total if count is not None else None,
            share_of_estimate=(measured / estimated_total).quantize(Decimal("0.0001"))
            if count is not None and estimated_total else None))
    return MeasuredImpactSection(
        cohort_year=cohort_year, households_followed=suppress(followed),
        households_measured=protected.total if protected else 0, climate_corrected=suppress(corrected), rows=rows,
        note=(f"Ménages visités pour la première fois en {cohort_year}, mesurés sur les factures saisies depuis leur "
              "visite (factures avant et après la visite) ; économies en kWh par an, corrigées du climat quand les "
              "degrés-jours de l'année sont renseignés, sinon non corrigées ; effectifs de 1 à 4 masqués."))



def pseudonym(household_id: int, secret: bytes) -> str:
    """Stable across extracts and years, meaningless without the server's pseudonym key (Keys.pseudonym)."""
    return "M-" + hmac.new(secret, f"case:{household_id}".encode(), hashlib.sha256).hexdigest()[:12]


def case_extract(session: Session, principal: Principal, year: int, zone: ZoneInfo, secret: bytes) -> CaseExtract:
    data = _Year(session, year, None, zone)
    units = {u.id: u.name for u in data.units}
    per_household: defaultdict[int, Counter[str]] = defaultdict(Counter)
    for hid, _, status, _ in data.orientations:
        per_household[hid]["all"] += 1
        per_household[hid]["obtained"] += status == "obtained"
    rows = []
    for hid, band, tee in data.incomes_and_tees():
        visit = data.households[hid]
        rows.append({
            "case": pseudonym(hid, secret), "commune": visit.commune,
            "unit": units.get(visit.unit_id, "hors campagne"), "tenure": labels.TENURE[visit.tenure],
            "heating_energy": labels.HEATING[visit.main_heating_energy or "unknown"],
            "income_band": band, "tee_band": data.tee_band(tee),
            "orientations": per_household[hid]["all"], "orientations_obtained": per_household[hid]["obtained"]})
    safe = k_anonymise(sorted(rows, key=lambda r: r["case"]), QUASI_IDENTIFIERS, K)
    audit.record(session, principal, "export", "case_extract", detail={"year": year, "count": len(safe)})
    return CaseExtract(year=year, k=K, quasi_identifiers=QUASI_IDENTIFIERS, items=[CaseRow(**r) for r in safe])

"""Demo data: the Jura set-up, one account per role, and a dozen households in varied situations.

The households and people are fictitious. The households per unit split the seed's département
total (116,653) for the demo only; an administrator replaces them with INSEE figures.
"""

from dataclasses import dataclass
from typing import Any
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo
from decimal import Decimal

from sqlmodel import Session, func, select

from api import tenancy
from api.models import (
    AdvisorAssignment,
    Commune,
    Programme,
    AltitudeClass,
    CallOutcome,
    ConstructionPeriod,
    DwellingType,
    HeatingEnergy,
    OrientationStatus,
    ReferralChannel,
    ReferralReason,
    ReferralStatus,
    Relation,
    Tenure,
    VisitStatus,
    Delivery,
    Orientation,
    OrientationEvent,
    Report,
    ReportStatus,
    Synthesis,
    SynthesisKind,
    SynthesisStatus,
    BillEntry,
    CallAttempt,
    Campaign,
    CampaignUnit,
    Consent,
    ConsentPurpose,
    Dwelling,
    Household,
    HouseholdMember,
    Organisation,
    OrganisationKind,
    Referral,
    ReferralReasonLink,
    ReferralTransition,
    Role,
    SocialDiagnostic,
    TechnicalDiagnostic,
    TerritorialUnit,
    TriageNote,
    User,
    UserRole,
    Visit,
)
from api.models.base import id_of
from api.security import hash_password
from api.services.households import phone_digits
from api.services.reference_data import seed_programme_catalogues
from api.services.text import fold

DEMO_PASSWORD = "Binome-demo-2026"
PARIS = ZoneInfo("Europe/Paris")

UNITS = [
    ("DOLE", "Dole", 34_100),
    ("CHAMPAGNOLE", "Champagnole", 18_650),
    ("LONS", "Lons-le-Saunier", 40_300),
    ("SAINT-CLAUDE", "Saint-Claude", 23_603),
]
UNITS_SOURCE = "Démonstration : répartition fictive du total départemental (116 653 ménages, document d'origine)"

ACCOUNTS = [
    ("admin@binome.demo", "Alex Admin", "Conseil départemental du Jura", [Role.admin]),
    ("animatrice@cd39.demo", "Claire Martin", "Conseil départemental du Jura", [Role.coordinator]),
    ("conseiller@ajena.demo", "Lucas Bernard", "Ajena", [Role.advisor]),
    ("conseillere2@ajena.demo", "Inès Roux", "Ajena", [Role.advisor]),
    ("cheffe@cd39.demo", "Sophie Durand", "Conseil départemental du Jura", [Role.manager]),
    ("referente@ccas-dole.demo", "Nadia Petit", "CCAS de Dole", [Role.referrer]),
    ("referent@caf39.demo", "Marc Leroy", "CAF du Jura", [Role.referrer]),
]

ORGANISATIONS = [
    ("Conseil départemental du Jura", OrganisationKind.departement),
    ("Ajena", OrganisationKind.energy_association),
    ("Jura Habitat", OrganisationKind.social_landlord),
    ("OPH du Jura Sud", OrganisationKind.social_landlord),
    ("CCAS de Dole", OrganisationKind.ccas),
    ("CAF du Jura", OrganisationKind.caf),
]

# (last, first, commune, postcode, insee, unit code, tenure, landlord, referrer email, members, dwelling)
HOUSEHOLDS = [
    ("Girard", "Amélie", "Dole", "39100", "39198", "DOLE", "social_tenant", "Jura Habitat", "referente@ccas-dole.demo",
     [("Amélie", 1986, "applicant"), ("Léo", 2016, "child"), ("Jade", 2019, "child")],
     ("apartment", "before_1975", "64.0", "below_400", "electricity")),
    ("Moreau", "Jean", "Tavaux", "39500", "39526", "DOLE", "owner_occupier", None, "referente@ccas-dole.demo",
     [("Jean", 1949, "applicant"), ("Monique", 1951, "spouse")],
     ("house", "before_1975", "98.0", "below_400", "fuel_oil")),
    ("Benali", "Karim", "Dole", "39100", "39198", "DOLE", "private_tenant", None, None,
     [("Karim", 1979, "applicant"), ("Samira", 1982, "spouse"), ("Yanis", 2007, "child"), ("Lina", 2014, "child")],
     ("house", "1975_1977", "85.0", "below_400", "natural_gas")),
    ("Faivre", "Odile", "Champagnole", "39300", "39097", "CHAMPAGNOLE", "owner_occupier", None, "referent@caf39.demo",
     [("Odile", 1944, "applicant")],
     ("house", "before_1975", "120.0", "400_800", "wood_logs")),
    ("Vuillet", "Thomas", "Nozeroy", "39250", "39393", "CHAMPAGNOLE", "private_tenant", None, None,
     [("Thomas", 1990, "applicant"), ("Emma", 2021, "child")],
     ("house", "before_1975", "75.0", "above_800", "propane")),
    ("Nguyen", "Lan", "Lons-le-Saunier", "39000", "39300", "LONS", "social_tenant", "OPH du Jura Sud", "referente@ccas-dole.demo",
     [("Lan", 1975, "applicant"), ("Minh", 2004, "child")],
     ("apartment", "1978_1982", "58.0", "below_400", "electricity")),
    ("Perrin", "Gilles", "Montmorot", "39570", "39370", "LONS", "hosted", None, None,
     [("Gilles", 1962, "applicant")],
     None),
    ("Cattin", "Sylvie", "Saint-Claude", "39200", "39478", "SAINT-CLAUDE", "social_tenant", "OPH du Jura Sud", "referent@caf39.demo",
     [("Sylvie", 1970, "applicant"), ("Hugo", 2009, "child"), ("Manon", 2012, "child")],
     ("apartment", "before_1975", "70.0", "400_800", "district_heating")),
    ("Bourgeois", "René", "Les Rousses", "39220", "39470", "SAINT-CLAUDE", "owner_occupier", None, None,
     [("René", 1955, "applicant"), ("Josiane", 1957, "spouse")],
     ("house", "before_1975", "110.0", "above_800", "wood_pellets")),
    ("Diallo", "Aminata", "Dole", "39100", "39198", "DOLE", "private_tenant", None, "referente@ccas-dole.demo",
     [("Aminata", 1993, "applicant"), ("Ibrahim", 2017, "child"), ("Fatou", 2020, "child"), ("Moussa", 2023, "child")],
     ("apartment", "1983_1988", "68.0", "below_400", "electricity")),
    ("Lambert", "Chantal", "Poligny", "39800", "39434", "CHAMPAGNOLE", "owner_occupier", None, None,
     [("Chantal", 1958, "applicant"), ("Patrick", 1956, "spouse"), ("Kevin", 1988, "child")],
     ("house", "1989_2000", "130.0", "400_800", "heat_pump")),
    ("Roy", "Maxime", "Lons-le-Saunier", "39000", "39300", "LONS", "social_tenant", "Jura Habitat", None,
     [("Maxime", 1998, "applicant")],
     ("apartment", "2001_2005", "32.0", "below_400", "electricity")),
    ("Jacquet", "Hélène", "Lons-le-Saunier", "39000", "39300", "LONS", "social_tenant", "Jura Habitat",
     "referent@caf39.demo",
     [("Hélène", 1968, "applicant"), ("Noah", 2010, "child")],
     ("apartment", "before_1975", "66.0", "below_400", "electricity")),
]


@dataclass(frozen=True)
class DemoProgramme:
    slug: str
    units: list[tuple[str, str, int]]
    organisations: list[tuple[str, OrganisationKind]]
    accounts: list[tuple[str, str, str, list[Role]]]
    households: list[Any]  # the HOUSEHOLDS shape
    phone_referrer: str  # the organisation of referrals taken by phone
    coordinator: str
    advisor: str
    manager: str


JURA_DEMO = DemoProgramme("jura", UNITS, ORGANISATIONS, ACCOUNTS, HOUSEHOLDS, "CAF du Jura",
                          "animatrice@cd39.demo", "conseiller@ajena.demo", "cheffe@cd39.demo")

# A second, fictitious programme: its own territory, units, team and households, on the same platform.
# One person (Inès Roux, Ajena) works in both: she chooses her programme at login.
HAUTE_VALLEE = Programme(
    slug="haute-vallee", name="SLIME de Haute-Vallée (fictif)",
    territory="Communauté de communes de Haute-Vallée (territoire fictif de démonstration)",
    issuer_name="Communauté de communes de Haute-Vallée – Service habitat",
    issuer_address="1 place de la Mairie, 99100 Bourg-sur-Vallée", signature="L'équipe SLIME de Haute-Vallée",
    named_in_national=False,
)
HAUTE_VALLEE_COMMUNES = [  # fictitious INSEE codes (99: no real commune), for the demo only
    ("99101", "Bourg-sur-Vallée", "99100", "AMONT"), ("99102", "Val-Clair", "99110", "AMONT"),
    ("99103", "Les Essarts-Hauts", "99120", "AVAL"), ("99104", "Pont-de-Vallée", "99130", "AVAL"),
]
HAUTE_VALLEE_DEMO = DemoProgramme(
    "haute-vallee",
    [("AMONT", "Haute-Vallée amont", 6_200), ("AVAL", "Haute-Vallée aval", 5_400)],
    [("Communauté de communes de Haute-Vallée", OrganisationKind.other_partner),
     ("Ajena", OrganisationKind.energy_association), ("Vallée Habitat", OrganisationKind.social_landlord),
     ("CCAS de Bourg-sur-Vallée", OrganisationKind.ccas)],
    [("admin@haute-vallee.demo", "Paul Admin", "Communauté de communes de Haute-Vallée", [Role.admin]),
     ("coordinatrice@haute-vallee.demo", "Julie Mercier", "Communauté de communes de Haute-Vallée",
      [Role.coordinator]),
     ("conseillere2@ajena.demo", "Inès Roux", "Ajena", [Role.advisor]),
     ("responsable@haute-vallee.demo", "Éric Colin", "Communauté de communes de Haute-Vallée", [Role.manager]),
     ("referente@ccas-bourg.demo", "Lucie Blanc", "CCAS de Bourg-sur-Vallée", [Role.referrer])],
    [("Marchand", "Rose", "Bourg-sur-Vallée", "99100", "99101", "AMONT", "social_tenant", "Vallée Habitat",
      "referente@ccas-bourg.demo", [("Rose", 1980, "applicant"), ("Tom", 2012, "child")],
      ("apartment", "before_1975", "61.0", "400_800", "electricity")),
     ("Garnier", "Louis", "Val-Clair", "99110", "99102", "AMONT", "owner_occupier", None, None,
      [("Louis", 1947, "applicant")], ("house", "before_1975", "104.0", "above_800", "fuel_oil")),
     ("Besson", "Nora", "Pont-de-Vallée", "99130", "99104", "AVAL", "private_tenant", None,
      "referente@ccas-bourg.demo", [("Nora", 1991, "applicant"), ("Adam", 2018, "child")],
      ("house", "1975_1977", "80.0", "400_800", "propane"))],
    "CCAS de Bourg-sur-Vallée", "coordinatrice@haute-vallee.demo", "conseillere2@ajena.demo",
    "responsable@haute-vallee.demo",
)

# The platform's own people: no programme (they see no household).
PLATFORM_ORGANISATION = ("Réseau national des SLIME", OrganisationKind.other_partner)
PLATFORM_ACCOUNTS = [
    ("plateforme@binome.demo", "Camille Plateforme", [Role.platform_admin]),
    ("reseau@binome.demo", "Dominique Réseau", [Role.network]),
]


def seed_demo(session: Session) -> bool:
    """Load the demo data into an empty database: the Jura, a second fictitious programme and the
    platform's accounts. Returns False when data already exist."""
    with tenancy.unscoped(session):
        if session.exec(select(func.count()).select_from(Organisation)).one() > 0:
            return False
        jura = session.exec(select(Programme).where(Programme.slug == "jura")).one()  # made by migration 0014p
    now = datetime.now(UTC)
    password_hash = hash_password(DEMO_PASSWORD)
    with tenancy.within(session, jura.id):
        _seed_programme(session, JURA_DEMO, now, password_hash)
    second = Programme(**HAUTE_VALLEE.model_dump(exclude={"id", "created_at"}))
    session.add(second)
    session.flush()
    with tenancy.within(session, second.id):
        seed_programme_catalogues(session)
        session.add_all(Commune(insee_code=code, name=name, search_name=fold(name).replace("-", " "), postcodes=postcode,
                                unit_code=unit) for code, name, postcode, unit in HAUTE_VALLEE_COMMUNES)
        _seed_programme(session, HAUTE_VALLEE_DEMO, now, password_hash)
    with tenancy.within(session, None):
        name, kind = PLATFORM_ORGANISATION
        platform = Organisation(name=name, kind=kind)
        session.add(platform)
        session.flush()
        for email, full_name, roles in PLATFORM_ACCOUNTS:
            user = User(email=email, full_name=full_name, organisation_id=id_of(platform), password_hash=password_hash)
            session.add(user)
            session.flush()
            session.add_all(UserRole(user_id=id_of(user), role=r) for r in roles)
        session.flush()
    return True


def _seed_programme(session: Session, demo: DemoProgramme, now: datetime, password_hash: str) -> None:
    orgs = {name: Organisation(name=name, kind=kind) for name, kind in demo.organisations}
    session.add_all(orgs.values())
    units = {code: TerritorialUnit(code=code, name=name, households_count=n, households_source=UNITS_SOURCE)
             for code, name, n in demo.units}
    session.add_all(units.values())
    session.flush()

    year = now.year
    # The Jura alternates halves of the département; the second programme covers its whole territory yearly.
    halves = (["LONS", "SAINT-CLAUDE"], ["DOLE", "CHAMPAGNOLE"]) if demo is JURA_DEMO else (sorted(units),) * 2
    for campaign_year, campaign_codes in zip((year - 1, year), halves, strict=True):
        campaign = Campaign(year=campaign_year, objective_per_thousand=Decimal("2"), budget_eur=Decimal("123192.50"),
                            notes="Objectif : 2 visites pour 1 000 ménages des unités actives.")
        session.add(campaign)
        session.flush()
        session.add_all(CampaignUnit(campaign_id=id_of(campaign), unit_id=id_of(units[c])) for c in campaign_codes)

    users: dict[str, User] = {}
    for email, name, org, roles in demo.accounts:
        user = User(email=email, full_name=name, organisation_id=id_of(orgs[org]), password_hash=password_hash)
        session.add(user)
        session.flush()
        session.add_all(UserRole(user_id=id_of(user), role=r) for r in roles)
        users[email] = user

    coordinator = users[demo.coordinator]
    advisor = users[demo.advisor]
    for index, (last, first, commune, postcode, insee, unit, tenure, landlord, referrer, members, dwelling) in enumerate(demo.households):
        household = Household(
            first_name=first, last_name=last, search_name=fold(f"{last} {first}"),
            phone=f"06 {10 + index:02d} 20 30 {40 + index:02d}", address_line=f"{index + 3} rue des Tilleuls",
            phone_digits=phone_digits(f"06 {10 + index:02d} 20 30 {40 + index:02d}"),
            postcode=postcode, commune=commune, insee_code=insee, unit_id=id_of(units[unit]), tenure=Tenure(tenure),
            landlord_id=id_of(orgs[landlord]) if landlord else None,
            social_referent_name="Maison des solidarités de " + units[unit].name,
            created_by_id=id_of(coordinator),
            created_at=now - timedelta(days=40 - 3 * index), updated_at=now - timedelta(days=40 - 3 * index),
        )
        session.add(household)
        session.flush()
        assert id_of(household) is not None  # flushed
        session.add_all(HouseholdMember(household_id=id_of(household), position=i, first_name=f, birth_year=y,
                                        relation=Relation(r))
                        for i, (f, y, r) in enumerate(members))
        if dwelling:
            kind, period, surface, altitude, energy = dwelling
            session.add(Dwelling(household_id=id_of(household), dwelling_type=DwellingType(kind),
                                 construction_period=ConstructionPeriod(period), surface_m2=Decimal(surface),
                                 altitude_class=AltitudeClass(altitude), main_heating_energy=HeatingEnergy(energy)))
        session.add(Consent(household_id=id_of(household), purpose=ConsentPurpose.data_processing,
                            given_at=household.created_at, recorded_by_id=id_of(coordinator), note="Recueilli par téléphone"))
        if landlord and index % 2 == 0:
            session.add(Consent(household_id=id_of(household), purpose=ConsentPurpose.share_with_landlord,
                                given_at=household.created_at, recorded_by_id=id_of(coordinator)))
        if index < 6:
            session.add(AdvisorAssignment(household_id=id_of(household), user_id=id_of(advisor), assigned_by_id=id_of(coordinator)))
        session.flush()
        _demo_referral(session, index, household, users.get(referrer) if referrer else None, orgs[demo.phone_referrer],
                       coordinator, advisor, now)
        _demo_diagnostics(session, index, household, coordinator, advisor, now)
        session.flush()
        _demo_follow_up(session, index, household, coordinator, advisor, users[demo.manager], now)
    session.flush()


def _monthly_periods(now: datetime, months: int) -> list[tuple[date, date]]:
    """The last `months` whole calendar months before now."""
    first = date(now.year, now.month, 1)
    periods = []
    for _ in range(months):
        end = first - timedelta(days=1)
        first = date(end.year, end.month, 1)
        periods.append((first, end))
    return list(reversed(periods))


def _demo_diagnostics(session: Session, index: int, household: Household, coordinator: User, advisor: User,
                      now: datetime) -> None:
    """A year of bills and the diagnostics for a few households, so the analysis has something to show."""
    if index not in (0, 4, 8):
        return
    assert household.id is not None  # flushed by seed_demo
    for month, (start, end) in enumerate(_monthly_periods(now, 12)):
        winter = start.month in (11, 12, 1, 2, 3)
        kwh = Decimal(620 if winter else 240) if index == 0 else Decimal(180 if winter else 150)
        session.add(BillEntry(household_id=household.id, energy="electricity", supplier="EDF", contract_option="Base",
                              subscribed_kva=Decimal("6"), period_start=start, period_end=end, quantity=kwh, unit="kwh",
                              amount_eur=(kwh * Decimal("0.2016") + Decimal("12.44")).quantize(Decimal("0.01")),
                              unpaid_eur=Decimal("85.20") if index == 0 and month == 11 else Decimal("0"),
                              created_by_id=coordinator.id))
    if index == 4:
        for days, kg in ((400, 1100), (30, 900)):
            session.add(BillEntry(household_id=household.id, energy="propane", supplier="Primagaz", unit="kg",
                                  quantity=Decimal(kg), amount_eur=Decimal(kg) * Decimal("2.35"),
                                  delivery_date=(now - timedelta(days=days)).date(), created_by_id=coordinator.id))
    if index == 8:
        session.add(BillEntry(household_id=household.id, energy="wood_pellets", supplier="Jura Granulés", unit="kg",
                              quantity=Decimal(3500), amount_eur=Decimal("1610.00"),
                              delivery_date=(now - timedelta(days=60)).date(), created_by_id=coordinator.id))
    incomes = {0: [("family_benefits", "420"), ("rsa", "640"), ("housing_benefit", "310")],
               4: [("salary", "1350")], 8: [("pension", "1080"), ("pension", "760")]}[index]
    session.add(SocialDiagnostic(household_id=household.id, updated_by_id=coordinator.id, data={
        "incomes": [{"source": s, "monthly_eur": m} for s, m in incomes],
        "charges": [{"kind": "rent", "monthly_eur": "520"}] if index != 8 else [],
        "aids": [{"kind": "cheque_energie", "yearly_eur": "194", "received_on": None}],
        "debts": [{"creditor": "EDF", "kind": "energy", "amount_eur": "85.20"}] if index == 0 else [],
        "felt_cold": index != 8, "notes": "",
    }))
    visit = session.exec(select(Visit).where(Visit.household_id == household.id)).first()
    if visit is not None and index in (4, 8):
        session.add(TechnicalDiagnostic(visit_id=id_of(visit), household_id=household.id, updated_by_id=advisor.id, data={
            "dwelling_type": "house", "construction_period": "before_1975",
            "surface_m2": "75.0" if index == 4 else "110.0", "levels": 1, "ceiling_height_m": "2.5",
            "altitude_class": "above_800", "ventilation": "Aucune ventilation mécanique",
            "humidity_mould": index == 4, "condensation": index == 4, "humidity_notes": "", "appliances": "",
            "envelope": [
                {"kind": "roof", "description": "Combles perdus", "area_m2": "75.0", "insulation": "none",
                 "u_value": "2.5", "b": "1"},
                {"kind": "wall", "description": "Pierre 50 cm", "area_m2": "110.0", "insulation": "none",
                 "u_value": "2.5", "b": "1"},
                {"kind": "window", "description": "Simple vitrage bois", "area_m2": "12.0", "insulation": "none",
                 "u_value": "5.8", "b": "1"}],
            "systems": [{"use": "both", "energy": "propane" if index == 4 else "wood_pellets",
                         "system_type": "Chaudière ancienne", "age_years": 22, "efficiency": "0.75",
                         "controls": "Thermostat d'ambiance", "main": True}],
            "measurements": [{"room": "Séjour", "temperature_c": "16.5", "relative_humidity_pct": "71.0",
                              "measured_at": None}],
            "decency": {"airtight": "not_ok", "ventilation_ok": "not_ok"}, "dpe": None,
            "equipment_installed": [{"code": "led_bulb", "quantity": 5}, {"code": "shower_reducer", "quantity": 1}],
            "notes": "", "defaulted": []}))


# Where each demo household stands (same order as HOUSEHOLDS): status, reasons, days ago, visit offset.
REFERRAL_STORIES = [
    ("visit_scheduled", ["bill_payment_difficulty", "cold_damp_mould"], 20, 2),
    ("received", ["unpaid_cutoff_risk"], 3, None),
    ("received", ["energy_hungry_dwelling"], 9, None),
    ("contacted", ["fsl_energy_or_water"], 12, None),
    ("visited", ["cold_damp_mould", "energy_hungry_dwelling"], 30, -6),
    ("visit_scheduled", ["bill_payment_difficulty"], 15, 8),
    ("received", ["unpaid_cutoff_risk", "bill_payment_difficulty"], 1, None),
    ("contacted", ["cold_damp_mould"], 10, None),
    ("closed", ["energy_hungry_dwelling"], 60, -40),
    ("received", ["bill_payment_difficulty"], 5, None),
    ("out_of_scope", ["other"], 25, None),
    ("received", ["fsl_energy_or_water"], 2, None),
    ("closed", ["bill_payment_difficulty", "cold_damp_mould"], 75, -55),
]
STEPS = {"contacted": ["contact"], "visit_scheduled": ["contact", "schedule"],
         "visited": ["contact", "schedule", "visit_done"], "closed": ["contact", "schedule", "visit_done", "close"],
         "out_of_scope": ["mark_out_of_scope"]}
TARGETS = {"contact": "contacted", "schedule": "visit_scheduled", "visit_done": "visited", "close": "closed",
           "mark_out_of_scope": "out_of_scope"}


def _demo_referral(session: Session, index: int, household: Household, referrer: User | None,
                   phone_referrer: Organisation, coordinator: User, advisor: User, now: datetime) -> None:
    status, reasons, days_ago, visit_in_days = REFERRAL_STORIES[index]
    assert household.id is not None and coordinator.id is not None and advisor.id is not None  # flushed by seed_demo
    received = now - timedelta(days=days_ago)
    org = session.get(Organisation, referrer.organisation_id) if referrer else phone_referrer
    assert org is not None  # the referrer's organisation exists
    referral = Referral(
        household_id=household.id, status=ReferralStatus(status),
        channel=ReferralChannel.form if referrer else ReferralChannel.phone, referring_organisation_id=id_of(org), referrer_user_id=referrer.id if referrer else None,
        referrer_name=referrer.full_name if referrer else "Service social CAF (appel)",
        description="Factures d'électricité en forte hausse, logement froid l'hiver.",
        cutoff_risk="unpaid_cutoff_risk" in reasons,
        cutoff_date=(now + timedelta(days=10)).date() if index == 6 else None,
        contact_consent=True, received_at=received, status_changed_at=received + timedelta(days=1),
        out_of_scope_reason="Ménage hors du département (Doubs)" if status == "out_of_scope" else None,
        created_by_id=referrer.id if referrer else coordinator.id,
    )
    session.add(referral)
    session.flush()
    assert referral.id is not None  # flushed
    session.add_all(ReferralReasonLink(referral_id=referral.id, reason=ReferralReason(r)) for r in reasons)
    state = "received"
    for step, action in enumerate(STEPS.get(status, [])):
        session.add(ReferralTransition(referral_id=referral.id, action=action, from_status=ReferralStatus(state),
                                       to_status=ReferralStatus(TARGETS[action]), by_user_id=coordinator.id,
                                       at=received + timedelta(days=1 + step)))
        state = TARGETS[action]
    if status != "received" and status != "out_of_scope":
        session.add(CallAttempt(referral_id=referral.id, at=received + timedelta(days=1), outcome=CallOutcome.reached,
                                by_user_id=coordinator.id))
        session.add(TriageNote(referral_id=referral.id, written_by_id=coordinator.id, written_at=received + timedelta(days=1),
                               problem="Impayés d'électricité, chauffage d'appoint, moisissures dans la chambre.",
                               questions_for_advisor="Vérifier la ventilation et l'isolation des combles."))
    if visit_in_days is not None:
        day = (now + timedelta(days=visit_in_days)).astimezone(PARIS).date()
        while day.weekday() >= 5:
            day += timedelta(days=1)
        starts = datetime.combine(day, time(9 if index % 2 == 0 else 14), PARIS).astimezone(UTC)
        visit = Visit(household_id=household.id, referral_id=referral.id, coordinator_id=coordinator.id,
                      advisor_id=advisor.id, starts_at=starts, ends_at=starts + timedelta(hours=2),
                      place=f"{household.address_line}, {household.postcode} {household.commune}",
                      status=VisitStatus.planned if visit_in_days > 0 else VisitStatus.done, created_by_id=coordinator.id)
        session.add(visit)
        if not session.exec(select(AdvisorAssignment).where(AdvisorAssignment.household_id == household.id,
                                                            AdvisorAssignment.user_id == advisor.id)).first():
            session.add(AdvisorAssignment(household_id=household.id, user_id=advisor.id, assigned_by_id=coordinator.id))


# Reports already validated and sent, with their orientations under follow-up: (type, status, due in days).
FOLLOW_UP_STORIES = {
    8: [("cheque_energie", "obtained", None), ("anah_maprimerenov", "in_progress", -5),
        ("eco_gestures", "obtained", None)],
    12: [("fsl_energy", "in_progress", 12), ("landlord_mediation", "proposed", 20),
         ("social_referent", "proposed", None)],
}
DEMO_WORKS = [
    {"priority": 1, "work": "roof", "description": "Isoler les combles perdus (30 cm de laine soufflée)", "saving_kwh": "2100",
     "saving_eur": "420", "cost_low": "1800", "cost_high": "2600", "possible_aids": "MaPrimeRénov', CEE"},
    {"priority": 2, "work": "ventilation", "description": "Installer une VMC hygroréglable", "saving_kwh": "350", "saving_eur": "70",
     "cost_low": "900", "cost_high": "1500", "possible_aids": ""},
]


def _demo_follow_up(session: Session, index: int, household: Household, coordinator: User, advisor: User,
                    manager: User, now: datetime) -> None:
    """Syntheses, a validated report sent to its recipients, and orientations at various stages."""
    stories = FOLLOW_UP_STORIES.get(index)
    visit = session.exec(select(Visit).where(Visit.household_id == household.id)).first()
    if not stories or visit is None:
        return
    assert household.id is not None and coordinator.id is not None and advisor.id is not None  # flushed by seed_demo
    assert visit.id is not None  # a stored visit
    family = "Famille rencontrée à domicile. Difficultés à payer les factures d'électricité ; logement froid."
    technical = "Logement ancien peu isolé ; humidité dans la chambre. Priorité : isolation des combles et ventilation."
    session.add_all([
        Synthesis(visit_id=visit.id, household_id=household.id, kind=SynthesisKind.family, owner_id=coordinator.id,
                  status=SynthesisStatus.final, content=family),
        Synthesis(visit_id=visit.id, household_id=household.id, kind=SynthesisKind.technical, owner_id=advisor.id,
                  status=SynthesisStatus.final, content=technical, works=DEMO_WORKS),
    ])
    validated = visit.starts_at + timedelta(days=9)
    report = Report(household_id=household.id, visit_id=visit.id, author_id=coordinator.id, status=ReportStatus.sent,
                    introduction="Suite à notre visite, voici nos constats et nos propositions.",
                    family_synthesis=family, technical_synthesis=technical, works=DEMO_WORKS,
                    submitted_at=visit.starts_at + timedelta(days=6), validated_by_id=manager.id,
                    validated_at=validated, sent_at=validated + timedelta(days=1))
    session.add(report)
    session.flush()
    assert report.id is not None  # flushed
    recipients = [("household", "post", f"{household.address_line}, {household.postcode} {household.commune}")]
    if household.landlord_id:
        landlord = session.get(Organisation, household.landlord_id)
        assert landlord is not None  # a foreign key
        recipients.append(("landlord", "api", f"Espace bailleur (API) – {landlord.name}"))
    session.add_all(Delivery(report_id=report.id, recipient=r, channel=c, address=a, status="recorded",
                             at=validated + timedelta(days=1), by_id=coordinator.id) for r, c, a in recipients)
    for kind, status, due_in in stories:
        settled = status in ("obtained", "refused", "abandoned")
        orientation = Orientation(
            household_id=household.id, report_id=report.id, kind=kind, description=DEMO_ORIENTATIONS[kind],
            partner=DEMO_PARTNERS.get(kind, ""), responsible_id=coordinator.id, status=OrientationStatus(status),
            due_on=(now + timedelta(days=due_in)).date() if due_in is not None else None,
            amount_obtained_eur=Decimal("194") if kind == "cheque_energie" else None,
            outcome="Chèque énergie reçu et utilisé pour la facture d'électricité." if kind == "cheque_energie" else "",
            settled_at=validated + timedelta(days=20) if settled else None, created_by_id=coordinator.id,
            created_at=validated, updated_at=validated)
        session.add(orientation)
        session.flush()
        session.add(OrientationEvent(orientation_id=id_of(orientation), kind="note",
                                     on=(validated + timedelta(days=7)).date(), contact=DEMO_PARTNERS.get(kind, "Ménage"),
                                     note="Dossier présenté, pièces demandées au ménage.", by_id=coordinator.id))


DEMO_ORIENTATIONS = {
    "cheque_energie": "Vérifier l'envoi et l'usage du chèque énergie.",
    "anah_maprimerenov": "Monter le dossier MaPrimeRénov' pour l'isolation des combles.",
    "eco_gestures": "Régler le chauffage à 19 °C et aérer 10 minutes par jour.",
    "fsl_energy": "Demande d'aide FSL énergie pour la dette d'électricité.",
    "landlord_mediation": "Demander au bailleur l'isolation des combles et une VMC.",
    "social_referent": "Accompagnement budgétaire par la référente de la MDS.",
}
DEMO_PARTNERS = {"anah_maprimerenov": "France Rénov' Jura", "fsl_energy": "FSL du Jura",
                 "landlord_mediation": "Jura Habitat", "cheque_energie": "ASP"}


def describe_accounts() -> str:
    lines = [f"Comptes de démonstration (mot de passe commun : {DEMO_PASSWORD})", "SLIME du Jura :"]
    for email, name, org, roles in ACCOUNTS:
        lines.append(f"  {', '.join(roles):<12} {email:<32} {name} ({org})")
    lines.append(f"{HAUTE_VALLEE.name} :")
    for email, name, org, roles in HAUTE_VALLEE_DEMO.accounts:
        lines.append(f"  {', '.join(roles):<12} {email:<32} {name} ({org})")
    lines.append("Plateforme (aucun ménage) :")
    for email, name, roles in PLATFORM_ACCOUNTS:
        lines.append(f"  {', '.join(roles):<12} {email:<32} {name}")
    lines.append("Inès Roux (conseillere2@ajena.demo) travaille dans les deux programmes : elle choisit à la connexion.")
    return "\n".join(lines)

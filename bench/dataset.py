"""A national-scale synthetic dataset on PostgreSQL, built once and then reused.

    .venv/bin/python -m bench.dataset [--database-url URL] [--rebuild]

The volume of all 55 SLIME programmes over 10 years: 55 territorial units, ~120k households
(members, dwelling, consents), ~130k referrals (reasons, call attempts), ~110k visits, a social
diagnostic and ~10 bills for each visited household (~1.1M bill entries), 4 orientations per
visited household (~440k), and a campaign per year covering every unit.

Order: the Alembic migrations (api.cli.migrate, which also seeds the reference values), the demo
accounts (api.demo.seed_demo, so logins work), then the bulk rows with COPY through psycopg. A row
in `bench_dataset` marks the build; a later run with the same DATASET_VERSION reuses it.
All names and figures are fictitious (seeded random generator: the same data on every machine).
"""

import argparse
import json
import random
import sys
import time
from contextlib import contextmanager
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

import psycopg
from sqlalchemy.engine import make_url

DATASET_VERSION = 2  # 2: rows belong to the first programme (migration 0014p)
DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/binome_bench"

UNITS = 55
YEARS = list(range(2015, 2025))  # ten full years before the demo campaigns (current and previous year)
HOUSEHOLDS = 120_000
VISITED_SHARE = 110_000 / 120_000
BILLS_PER_VISITED = 10
ORIENTATIONS_PER_VISITED = 4
ANALYSIS_BILLS = 24
SEARCH_TERM = "garnier"  # a surname held by about 1 household in 60: a realistic search result

LAST_NAMES = ["Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
              "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
              "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefevre", "Faure", "Andre",
              "Mercier", "Blanc", "Guerin", "Boyer", "Garnier", "Chevalier", "Francois", "Legrand", "Gauthier", "Garcia",
              "Perrin", "Robin", "Clement", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
              "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noel", "Meyer", "Dufour", "Meunier"]
FIRST_NAMES = ["Marie", "Jean", "Nathalie", "Pierre", "Isabelle", "Michel", "Sylvie", "Philippe", "Catherine", "Alain",
               "Françoise", "Patrick", "Sandrine", "Nicolas", "Valérie", "Christophe", "Stéphanie", "Éric", "Céline",
               "Laurent", "Sophie", "Frédéric", "Aurélie", "David", "Julie", "Karim", "Fatima", "Yanis", "Inès", "Léa"]
COMMUNES = ["Saint-Martin", "Villeneuve", "Montigny", "Beaulieu", "Fontaine", "Châteauneuf", "Saint-Denis", "Bellevue",
            "Mont-Roc", "Val-d'Aulne", "Les Essarts", "Pontarlier", "Rochefort", "Belmont", "Clairvaux", "Serre"]
TENURES = ["owner_occupier"] * 4 + ["private_tenant"] * 3 + ["social_tenant"] * 3 + ["hosted", "unknown"]
HEATING = ["electricity", "electricity", "natural_gas", "fuel_oil", "wood_logs", "propane", "wood_pellets"]
PERIODS = ["before_1975", "before_1975", "1975_1977", "1978_1982", "1989_2000", "2001_2005", "unknown"]
REASONS = ["bill_payment_difficulty", "unpaid_cutoff_risk", "energy_hungry_dwelling", "fsl_energy_or_water",
           "cold_damp_mould", "other"]
ORIENTATION_STATUSES = ["proposed", "in_progress", "obtained", "obtained", "refused", "abandoned"]
UNVISITED_STATUSES = ["received", "contacted", "declined", "unreachable", "out_of_scope"]


def psycopg_url(url: str) -> str:
    """The SQLAlchemy URL as a libpq one."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class Progress:
    """A one-line progress bar on stderr (no dependency)."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.started, self.last = total, 0, time.perf_counter(), 0.0
        self.label = ""

    def advance(self, n: int = 1, label: str | None = None) -> None:
        self.done += n
        if label is not None:
            self.label = label
        now = time.perf_counter()
        if now - self.last > 0.2 or self.done >= self.total:
            self.last = now
            share = min(1.0, self.done / self.total)
            bar = "#" * int(share * 40)
            rate = self.done / max(now - self.started, 1e-9)
            sys.stderr.write(f"\r  [{bar:<40}] {share:6.1%} {self.done:>10,} rows  {rate:>9,.0f} rows/s  "
                             f"{self.label:<22}")
            sys.stderr.flush()

    def finish(self) -> None:
        sys.stderr.write(f"\n  loaded {self.done:,} rows in {time.perf_counter() - self.started:.0f} s\n")


def dataset_info(url: str) -> dict | None:
    """The build marker, or None when the database or the marker is missing (or another version)."""
    try:
        with psycopg.connect(psycopg_url(url), connect_timeout=5) as conn:
            row = conn.execute("SELECT meta FROM bench_dataset WHERE version = %s", (DATASET_VERSION,)).fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


def _recreate_database(url: str) -> None:
    parsed = make_url(url)
    admin = psycopg_url(url).rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{parsed.database}"')


def ensure_dataset(url: str = DEFAULT_URL, *, rebuild: bool = False) -> dict:
    """Return the dataset's description, building it first when it is missing."""
    from api.cli import migrate, seed
    from api.settings import Environment, Settings

    settings = Settings(environment=Environment.test, database_url=url, secret_key="bench-" + "k" * 40, spa_dir="",
                        webhook_interval_seconds=0)
    info = None if rebuild else dataset_info(url)
    if info is not None:
        migrate(settings)  # migrations added since the build apply to the kept data (a no-op otherwise)
        print(f"dataset v{DATASET_VERSION} already built ({info['built_at']}): reused")
        return info
    print(f"building the national-scale dataset v{DATASET_VERSION} in {make_url(url).database} …")
    _recreate_database(url)
    started = time.perf_counter()
    migrate(settings)
    seed(settings)
    print(f"  migrations and demo accounts: {time.perf_counter() - started:.1f} s")
    with psycopg.connect(psycopg_url(url)) as conn:
        with _rows_of_first_programme(conn):
            meta = _load(conn)
        conn.execute("CREATE TABLE bench_dataset (version integer PRIMARY KEY, built_at timestamptz NOT NULL, "
                     "meta json NOT NULL)")
        meta["built_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        conn.execute("INSERT INTO bench_dataset VALUES (%s, now(), %s)", (DATASET_VERSION, json.dumps(meta)))
        conn.commit()
    with psycopg.connect(psycopg_url(url), autocommit=True) as conn:
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"  VACUUM ANALYZE: {time.perf_counter() - started:.1f} s")
    return meta


@contextmanager
def _rows_of_first_programme(conn: psycopg.Connection) -> Iterator[None]:
    """Every bulk row belongs to the demo's first programme (the Jura): its 55 units stand for the
    national volume within one programme, so the per-programme routes and the annual report see it all.
    COPY names no programme_id: a column default does, for the load only."""
    first = conn.execute("SELECT min(id) FROM programme").fetchone()[0]
    tables = [r[0] for r in conn.execute(
        "SELECT table_name FROM information_schema.columns WHERE column_name = 'programme_id' "
        "AND table_schema = current_schema() ORDER BY table_name")]
    for table in tables:
        conn.execute(f"ALTER TABLE {table} ALTER COLUMN programme_id SET DEFAULT {int(first)}")
    yield
    for table in tables:
        conn.execute(f"ALTER TABLE {table} ALTER COLUMN programme_id DROP DEFAULT")


def _copy(conn: psycopg.Connection, progress: Progress, table: str, columns: list[str],
          rows: Iterable[tuple]) -> int:
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            count += 1
            if count % 5000 == 0:
                progress.advance(5000, table)
    progress.advance(count % 5000, table)
    return count


def _next_id(conn: psycopg.Connection, table: str) -> int:
    return conn.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def _load(conn: psycopg.Connection) -> dict:
    rnd = random.Random(20261128)
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    coordinator = one("SELECT id FROM app_user WHERE email = 'animatrice@cd39.demo'")
    advisors = [r[0] for r in conn.execute("SELECT id FROM app_user WHERE email LIKE 'conseill%' ORDER BY id")]
    kinds = [r[0] for r in conn.execute("SELECT code FROM orientation_type ORDER BY position, code")]
    referrer_users = [r for r in conn.execute(
        "SELECT u.id, u.full_name, u.organisation_id FROM app_user u JOIN user_role r ON r.user_id = u.id "
        "WHERE r.role = 'referrer' ORDER BY u.id")]

    visited_total = int(HOUSEHOLDS * VISITED_SHARE)
    estimate = (UNITS + 12 + len(YEARS) * (1 + UNITS) + HOUSEHOLDS * (1 + 2.3 + 1 + 1.5) + HOUSEHOLDS * 1.08 * (1 + 1.5 + 1)
                + visited_total * (1 + 1 + BILLS_PER_VISITED + ORIENTATIONS_PER_VISITED))
    progress = Progress(int(estimate))

    # Territorial units (one per programme), partner organisations, landlords.
    unit0 = _next_id(conn, "territorial_unit")
    units = list(range(unit0, unit0 + UNITS))
    _copy(conn, progress, "territorial_unit", ["id", "code", "name", "households_count", "households_source"],
          ((unit0 + i, f"BENCH-{i + 1:02d}", f"Programme SLIME n° {i + 1:02d}", rnd.randint(120_000, 600_000),
            "Banc d'essai : effectif fictif") for i in range(UNITS)))
    org0 = _next_id(conn, "organisation")
    org_rows = [(org0 + i, f"Bailleur social fictif {i + 1}", "social_landlord") for i in range(6)]
    org_rows += [(org0 + 6 + i, f"CCAS fictif {i + 1}", "ccas") for i in range(6)]
    _copy(conn, progress, "organisation", ["id", "name", "kind", "created_at"],
          ((i, n, k, datetime(2014, 1, 1, tzinfo=UTC)) for i, n, k in org_rows))
    landlords = [r[0] for r in org_rows[:6]]
    ccas = [r[0] for r in org_rows[6:]]

    # A campaign per year covering every unit.
    campaign0 = _next_id(conn, "campaign")
    _copy(conn, progress, "campaign", ["id", "year", "objective_per_thousand", "budget_eur", "notes"],
          ((campaign0 + i, y, "2.00", "5000000.00", "Banc d'essai") for i, y in enumerate(YEARS)))
    _copy(conn, progress, "campaign_unit", ["campaign_id", "unit_id"],
          ((campaign0 + i, u) for i in range(len(YEARS)) for u in units))

    # Households: created over the ten years; 11 in 12 are visited once.
    household0 = _next_id(conn, "household")
    households: list[tuple[int, datetime, bool, str]] = []  # id, created, visited, tenure
    def household_rows() -> Iterator[tuple]:
        span = (datetime(YEARS[-1] + 1, 1, 1, tzinfo=UTC) - datetime(YEARS[0], 1, 1, tzinfo=UTC)).total_seconds() - 90 * 86400
        for i in range(HOUSEHOLDS):
            hid = household0 + i
            created = datetime(YEARS[0], 1, 1, tzinfo=UTC) + timedelta(seconds=span * i / HOUSEHOLDS + rnd.random() * 3600)
            last, first = rnd.choice(LAST_NAMES), rnd.choice(FIRST_NAMES)
            tenure = rnd.choice(TENURES)
            visited = rnd.random() < VISITED_SHARE
            households.append((hid, created, visited, tenure))
            phone = f"06{rnd.randrange(10**8):08d}"
            commune = rnd.choice(COMMUNES)
            search = (last + " " + first).lower().translate(str.maketrans("éèêëàâîïôûùç", "eeeeaaiiouuc"))
            yield (hid, 1, "closed" if visited and created.year < YEARS[-1] else "open", first, last, search,
                   phone, phone, None, f"{rnd.randint(1, 120)} rue des Lilas", f"{rnd.randint(1000, 95999):05d}",
                   commune, None, rnd.choice(units), tenure,
                   rnd.choice(landlords) if tenure == "social_tenant" else None, coordinator, created,
                   created + timedelta(days=rnd.randint(1, 120)))
    _copy(conn, progress, "household",
          ["id", "version", "status", "first_name", "last_name", "search_name", "phone", "phone_digits", "email",
           "address_line", "postcode", "commune", "insee_code", "unit_id", "tenure", "landlord_id", "created_by_id",
           "created_at", "updated_at"], household_rows())

    def member_rows() -> Iterator[tuple]:
        for hid, created, _, _ in households:
            n = rnd.choices([1, 2, 3, 4, 5], weights=[35, 25, 18, 14, 8])[0]
            for position in range(n):
                relation = "applicant" if position == 0 else "spouse" if position == 1 and rnd.random() < .6 else "child"
                born = rnd.randint(1940, 1995) if relation != "child" else rnd.randint(created.year - 17, created.year)
                yield hid, position, rnd.choice(FIRST_NAMES), born, relation
    _copy(conn, progress, "household_member", ["household_id", "position", "first_name", "birth_year", "relation"],
          member_rows())
    _copy(conn, progress, "dwelling", ["household_id", "dwelling_type", "construction_period", "surface_m2",
                                       "altitude_class", "main_heating_energy"],
          ((hid, rnd.choice(["house", "apartment"]), rnd.choice(PERIODS), f"{rnd.randint(25, 160)}.0",
            rnd.choice(["below_400", "below_400", "400_800", "above_800"]), rnd.choice(HEATING))
           for hid, _, _, _ in households))

    def consent_rows() -> Iterator[tuple]:
        for hid, created, _, tenure in households:
            yield hid, "data_processing", created, coordinator, ""
            if tenure == "social_tenant":
                yield hid, "share_with_landlord", created, coordinator, ""
    _copy(conn, progress, "consent", ["household_id", "purpose", "given_at", "recorded_by_id", "note"], consent_rows())

    # Referrals: one per household, a second one for 8 %.
    referral0 = _next_id(conn, "referral")
    referrals: list[tuple[int, int, datetime, bool]] = []  # id, household, received, leads to the visit
    def referral_rows() -> Iterator[tuple]:
        rid = referral0
        for hid, created, visited, _ in households:
            for extra in range(2 if rnd.random() < 0.08 else 1):
                received = created + timedelta(days=extra * rnd.randint(200, 700))
                leads = visited and extra == 0
                status = "closed" if leads else rnd.choice(UNVISITED_STATUSES)
                user = rnd.choice(referrer_users) if rnd.random() < 0.3 else None
                referrals.append((rid, hid, received, leads))
                yield (rid, 1, hid, status, "form" if user else "phone", user[2] if user else rnd.choice(ccas),
                       user[0] if user else None, user[1] if user else "Travailleur social", "Factures en hausse.",
                       rnd.random() < 0.15, True, received, received + timedelta(days=rnd.randint(1, 60)), coordinator)
                rid += 1
    _copy(conn, progress, "referral",
          ["id", "version", "household_id", "status", "channel", "referring_organisation_id", "referrer_user_id",
           "referrer_name", "description", "cutoff_risk", "contact_consent", "received_at", "status_changed_at",
           "created_by_id"], referral_rows())
    _copy(conn, progress, "referral_reason", ["referral_id", "reason"],
          ((rid, reason) for rid, _, _, _ in referrals for reason in rnd.sample(REASONS, rnd.choice([1, 1, 2, 2, 3]))))
    _copy(conn, progress, "call_attempt", ["referral_id", "at", "outcome", "note", "by_user_id"],
          ((rid, received + timedelta(days=rnd.randint(1, 10), hours=rnd.randint(0, 8)),
            rnd.choice(["reached", "no_answer", "voicemail"]), "", coordinator)
           for rid, _, received, _ in referrals for _ in range(rnd.choice([1, 1, 2]))))

    # Visits: one per visited household, weeks after its referral, done.
    visit0 = _next_id(conn, "visit")
    visits: list[tuple[int, int, datetime]] = []
    def visit_rows() -> Iterator[tuple]:
        vid = visit0
        for rid, hid, received, leads in referrals:
            if not leads:
                continue
            starts = (received + timedelta(days=rnd.randint(10, 60))).replace(hour=rnd.choice([8, 9, 13, 14]), minute=0,
                                                                              second=0, microsecond=0)
            if starts.year > YEARS[-1]:
                starts = starts.replace(year=YEARS[-1], month=12, day=rnd.randint(1, 20))
            visits.append((vid, hid, starts))
            yield (vid, 1, hid, rid, coordinator, rnd.choice(advisors), starts, starts + timedelta(hours=2),
                   "Au domicile", "done", "", coordinator, starts - timedelta(days=10))
            vid += 1
    _copy(conn, progress, "visit",
          ["id", "version", "household_id", "referral_id", "coordinator_id", "advisor_id", "starts_at", "ends_at",
           "place", "status", "notes", "created_by_id", "created_at"], visit_rows())

    def social_rows() -> Iterator[tuple]:
        for _, hid, starts in visits:
            data = {"incomes": [{"source": rnd.choice(["salary", "pension", "rsa", "family_benefits"]),
                                 "monthly_eur": str(rnd.randint(500, 2200))}],
                    "charges": [{"kind": "rent", "monthly_eur": str(rnd.randint(250, 750))}],
                    "aids": [], "debts": [], "felt_cold": rnd.random() < 0.7, "notes": ""}
            yield hid, 1, json.dumps(data), coordinator, starts
    _copy(conn, progress, "social_diagnostic", ["household_id", "version", "data", "updated_by_id", "updated_at"],
          social_rows())

    # Bills: the ten months before the visit, electricity (and gas for a third of the households).
    analysis_household = visits[0][1]
    def bill_rows() -> Iterator[tuple]:
        for _, hid, starts in visits:
            gas = rnd.random() < 0.33
            months = ANALYSIS_BILLS if hid == analysis_household else BILLS_PER_VISITED
            first = date(starts.year, starts.month, 1)
            for m in range(months, 0, -1):
                index = first.year * 12 + first.month - 1 - m
                start = date(index // 12, index % 12 + 1, 1)
                end = date(start.year + (start.month == 12), start.month % 12 + 1, 1) - timedelta(days=1)
                energy = "natural_gas" if gas and m % 2 == 0 and hid != analysis_household else "electricity"
                kwh = rnd.randint(150, 900)
                yield (hid, 1, energy, "EDF" if energy == "electricity" else "Engie", "Base", "6.0", start, end,
                       f"{kwh}.000", "kwh", f"{kwh * 0.2016 + 12.44:.2f}", False, "0.00", coordinator, starts)
    _copy(conn, progress, "bill_entry",
          ["household_id", "version", "energy", "supplier", "contract_option", "subscribed_kva", "period_start",
           "period_end", "quantity", "unit", "amount_eur", "estimated", "unpaid_eur", "created_by_id", "created_at"],
          bill_rows())

    def orientation_rows() -> Iterator[tuple]:
        for _, hid, starts in visits:
            for kind in rnd.sample(kinds, min(ORIENTATIONS_PER_VISITED, len(kinds))):
                status = rnd.choice(ORIENTATION_STATUSES)
                created = starts + timedelta(days=10)
                settled = created + timedelta(days=rnd.randint(10, 200)) if status in ("obtained", "refused", "abandoned") else None
                yield (hid, None, kind, "Orientation proposée lors de la visite.", "", coordinator,
                       (created + timedelta(days=rnd.randint(15, 120))).date(), status, "",
                       "194.00" if status == "obtained" and kind == "cheque_energie" else None, settled, 1,
                       coordinator, created, settled or created)
    _copy(conn, progress, "orientation",
          ["household_id", "report_id", "kind", "description", "partner", "responsible_id", "due_on", "status",
           "outcome", "amount_obtained_eur", "settled_at", "version", "created_by_id", "created_at", "updated_at"],
          orientation_rows())
    progress.finish()

    for table in ("territorial_unit", "organisation", "campaign", "household", "referral", "visit"):
        conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    counts = {t: one(f"SELECT count(*) FROM {t}") for t in (
        "household", "household_member", "dwelling", "consent", "referral", "referral_reason", "call_attempt", "visit",
        "social_diagnostic", "bill_entry", "orientation", "campaign", "campaign_unit", "territorial_unit")}
    return {"dataset_version": DATASET_VERSION, "analysis_household_id": analysis_household,
            "search_term": SEARCH_TERM, "report_year": YEARS[-1], "counts": counts,
            "referral_org_id": ccas[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--rebuild", action="store_true", help="drop and rebuild even if already built")
    args = parser.parse_args()
    info = ensure_dataset(args.database_url, rebuild=args.rebuild)
    print(json.dumps(info["counts"], indent=1))


if __name__ == "__main__":
    main()

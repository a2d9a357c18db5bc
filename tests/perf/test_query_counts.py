"""No N+1: every list endpoint runs the same number of SQL statements for a small and a larger dataset.

The larger dataset is the demo data plus three copies of every demo household with everything that
hangs off it (referral, visit, report, orientations, consents, ...), added in the test's
transaction. Each endpoint is called once first (an integration token writes its last use at most
once a minute), then counted on the small dataset, then on the larger one.
"""

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Table, event, insert, select
from sqlmodel import Session, SQLModel

from api.models import AuditEvent, User
from tests.helpers import Principals

COPIES = 3
# Rows belonging to a household, copied with it; a foreign key into one of these is remapped.
OWNED = ["household", "referral", "visit", "report", "orientation", "household_member", "dwelling", "consent",
         "advisor_assignment", "referral_reason", "referral_transition", "call_attempt", "triage_note", "delivery",
         "orientation_event", "synthesis", "works_update", "social_diagnostic", "technical_diagnostic", "bill_entry"]


def _copy_households(db: Session, copies: int) -> None:
    """Copy every household `copies` times with all its rows (foreign keys follow the copies)."""
    tables: dict[str, Table] = {t.name: t for t in SQLModel.metadata.sorted_tables if t.name in OWNED}
    connection = db.connection()
    for _ in range(copies):
        new_ids: dict[str, dict[int, int]] = {}
        for name, table in tables.items():  # parents before children (sorted_tables)
            parents = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys
                       if fk.column.table.name in tables}
            rows = connection.execute(select(table)).mappings().all()
            if name != "household":
                rows = [r for r in rows if any(r[c] in new_ids.get(p, {}) and p != name for c, p in parents.items())]
            new_ids[name] = {}
            for row in rows:
                values = {k: v for k, v in row.items() if k != "id"}
                for column, parent in parents.items():
                    if parent == name:
                        values[column] = None  # a link to another row of the same table (correction, reschedule)
                    elif values[column] in new_ids.get(parent, {}):
                        values[column] = new_ids[parent][values[column]]
                new_ids[name][row["id"]] = connection.execute(insert(table).values(**values)).inserted_primary_key[0]
        # And the audit trail grows too.
        user_id = db.exec(select(User.id)).first()[0]
        for hid in new_ids["household"].values():
            db.add(AuditEvent(actor_user_id=user_id, action="read", entity="household", entity_id=hid, household_id=hid))
        db.flush()


def _counter(engine) -> Callable[[Callable[[], None]], int]:  # noqa: ANN001
    def count(call: Callable[[], None]) -> int:
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            call()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)
    return count


def _week_of_demo_visits(db: Session) -> tuple[date, date]:
    today = date.today()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(days=7), monday + timedelta(days=14)


ENDPOINTS = [
    ("households", "coordinator", "/api/v1/households", {"limit": 50}),
    ("households search", "coordinator", "/api/v1/households", {"limit": 50, "q": "a"}),
    ("households (advisor scope)", "advisor", "/api/v1/households", {"limit": 50}),
    ("referrals", "coordinator", "/api/v1/referrals", {"limit": 50}),
    ("referrals call order", "coordinator", "/api/v1/referrals", {"limit": 50, "order": "call_priority"}),
    ("my referrals", "referrer", "/api/v1/referrals/mine", {"limit": 50}),
    ("orientations board", "coordinator", "/api/v1/orientations", {"limit": 50}),
    ("landlord dwellings", "landlord_a", "/api/v1/landlord/dwellings", {"limit": 50}),
    ("audit events", "manager", "/api/v1/audit-events", {"limit": 50}),
    ("agenda", "coordinator", "/api/v1/agenda", "agenda"),
    ("worklist coordinator", "coordinator", "/api/v1/worklist", {}),
    ("worklist advisor", "advisor", "/api/v1/worklist", {}),
    ("worklist manager", "manager", "/api/v1/worklist", {}),
    ("worklist referrer", "referrer", "/api/v1/worklist", {}),
]


@pytest.mark.parametrize(("name", "who", "path", "params"), ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_a_list_costs_the_same_number_of_queries_for_more_rows(
        client: TestClient, principals: Principals, db: Session, engine,  # noqa: ANN001
        name: str, who: str, path: str, params: dict | str) -> None:
    if params == "agenda":
        first, last = _week_of_demo_visits(db)
        users = db.exec(select(User.id).where(User.email.in_(["animatrice@cd39.demo", "conseiller@ajena.demo"]))).all()
        params = {"user_id": [u[0] for u in users], "start": first.isoformat(), "end": last.isoformat()}
    count = _counter(engine)
    sizes: list[int] = []

    def call() -> None:
        response = client.get(path, params=params, headers=principals[who])
        assert response.status_code == 200, response.text
        body = response.json()
        sizes.append(len(body["items"]) if isinstance(body, dict) and "items" in body else len(str(body)))

    call()  # warm-up: token last-use write, caches
    small = count(call)
    _copy_households(db, COPIES)
    large = count(call)
    assert sizes[-1] > sizes[-2], f"{name}: the larger dataset should list more ({sizes})"
    assert large == small, f"{name}: {small} statements for the small dataset, {large} for the larger one"


# (Its three demo households have no orientation yet: the orientations board is counted for the Jura above.)
SECOND_PROGRAMME = [("/api/v1/households", {"limit": 50}), ("/api/v1/referrals", {"limit": 50}),
                    ("/api/v1/worklist", {})]


@pytest.mark.parametrize(("path", "params"), SECOND_PROGRAMME, ids=[p for p, _ in SECOND_PROGRAMME])
def test_the_second_programme_costs_the_same_number_of_queries_for_more_rows(
        client: TestClient, others: dict[str, dict[str, str]], db: Session, engine,  # noqa: ANN001
        path: str, params: dict) -> None:
    """The programme filter rides on each statement (api/tenancy.py): the second programme's coordinator
    runs the same number of statements when both programmes hold four times the households."""
    count = _counter(engine)
    headers = others["hv_coordinator"]
    seen: list[int] = []

    def call() -> None:
        response = client.get(path, params=params, headers=headers)
        assert response.status_code == 200, response.text
        body = response.json()
        seen.append(len(body["items"]) if "items" in body else len(str(body)))

    call()  # warm-up
    small = count(call)
    _copy_households(db, COPIES)
    large = count(call)
    assert seen[-1] > seen[-2], f"{path}: the larger dataset should list more ({seen})"
    assert large == small, f"{path}: {small} statements before, {large} after"

"""At most four round trips to the database per read request, authentication and the audit row included.

Counted on the real request path (api.db.get_session: a pooled connection, BEGIN, COMMIT), not inside a
test's transaction: every statement the driver sends is one round trip, the implicit BEGIN of psycopg is
one, and the COMMIT is one unless the transaction was already closed. On PostgreSQL the audit INSERT
travels with the COMMIT (psycopg's pipeline mode, api/db.py), so it adds no round trip of its own; on
SQLite, in process, it is one more statement (no network to cross), hence a budget of five there.
"""

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, event, func, select
from sqlmodel import Session, col

from api.db import PIPELINED
from api.models import AdvisorAssignment, AuditEvent, Household, User
from tests.helpers import Principals

READS = [
    ("household page", "coordinator", "/api/v1/households/{hid}", {}),
    ("household page (assigned advisor)", "advisor", "/api/v1/households/{hid}", {}),
    ("50-row search list", "coordinator", "/api/v1/households", {"q": "a", "limit": 50}),
    ("50-row list", "coordinator", "/api/v1/households", {"limit": 50}),
    ("analysis (bills, diagnostics, members, reference values)", "coordinator", "/api/v1/households/{hid}/analysis", {}),
    ("analysis (advisor's view)", "advisor", "/api/v1/households/{hid}/analysis", {}),
]


def _last_audit_id(engine: Engine) -> int:
    with Session(engine) as session:
        return session.execute(select(func.max(AuditEvent.id))).scalar() or 0


@pytest.fixture
def real_client(shared_app, engine: Engine) -> Iterator[TestClient]:  # noqa: ANN001
    """The app with its own session dependency (no test transaction); the audit rows it commits are removed after."""
    last = _last_audit_id(engine)
    assert not shared_app.dependency_overrides
    with TestClient(shared_app) as client:
        yield client
    with Session(engine) as session:
        session.execute(delete(AuditEvent).where(col(AuditEvent.id) > last))
        session.commit()


def round_trips(engine: Engine, call: Callable[[], None]) -> list[str]:
    postgres = engine.dialect.name == "postgresql"
    trips: list[str] = []

    def statement(conn, _cursor, sql, *_args) -> None:  # noqa: ANN001
        if not conn.info.get(PIPELINED):
            trips.append(sql.split()[0] + " " + sql.split("FROM")[1].split()[0] if "FROM" in sql else sql[:40])

    def begin(_conn) -> None:  # noqa: ANN001
        if postgres:  # psycopg sends BEGIN before the first statement; SQLite's is a statement (api/db.py)
            trips.append("BEGIN")

    def commit(conn) -> None:  # noqa: ANN001
        # On PostgreSQL the pipeline has already sent the audit INSERT and the COMMIT in one round trip (the
        # driver then sees the transaction closed and sends nothing more): that round trip is counted here.
        closed = postgres and conn.connection.dbapi_connection.info.transaction_status == 0  # 0: idle
        trips.append("INSERT audit_event + COMMIT" if closed else "COMMIT")

    listeners = [("before_cursor_execute", statement), ("begin", begin), ("commit", commit)]
    for name, listener in listeners:
        event.listen(engine, name, listener)
    try:
        call()
    finally:
        for name, listener in listeners:
            event.remove(engine, name, listener)
    return trips


def _household_of(engine: Engine, who: str) -> int:
    """A Jura household the principal reaches: the first one, or for the advisor one assigned to them."""
    with Session(engine) as session:
        if who == "advisor":
            advisor = select(User.id).where(User.email == "conseiller@ajena.demo").scalar_subquery()
            return session.execute(select(func.min(AdvisorAssignment.household_id))
                                   .where(AdvisorAssignment.user_id == advisor)).scalar_one()
        return session.execute(select(func.min(Household.id)).where(Household.programme_id == 1)).scalar_one()


@pytest.mark.parametrize(("name", "who", "path", "params"), READS, ids=[r[0] for r in READS])
def test_a_read_request_costs_at_most_four_round_trips(
        real_client: TestClient, principals: Principals, engine: Engine,
        name: str, who: str, path: str, params: dict) -> None:
    url = path.format(hid=_household_of(engine, who))

    def call() -> None:
        response = real_client.get(url, params=params, headers=principals[who])
        assert response.status_code == 200, response.text

    call()  # warm-up: the login's last use, caches
    before = _last_audit_id(engine)
    trips = round_trips(engine, call)
    budget = 4 if engine.dialect.name == "postgresql" else 5
    assert len(trips) <= budget, f"{name}: {len(trips)} round trips {trips}"
    with Session(engine) as session:  # and the read was audited, committed with it
        written = session.execute(select(AuditEvent).where(col(AuditEvent.id) > before)).scalars().all()
    assert [(e.action, e.entity) for e in written] in ([("read", "household")], [("list", "household")],
                                                       [("read", "analysis")])


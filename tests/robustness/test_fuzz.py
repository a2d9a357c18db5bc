"""Property-based fuzzing of every operation of the API, from its own OpenAPI document (schemathesis).

Every operation is fuzzed as every authenticated role, with valid (positive) and invalid (negative)
data, and with path parameters that are either generated or point at seeded records (so the
handlers run deeper than a 404). Checks: never a 5xx, every response conforms to the schema and
status codes declared for its operation. Generation is derandomized: the same requests every run.

The app runs on the test's rolled-back transaction: fuzzing never pollutes the shared database.
"""

import time
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings as hypothesis_settings, strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance
from sqlmodel import Session, select

ROLES = ["coordinator", "advisor", "manager", "admin", "referrer", "landlord_a", "reporting"]
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
EXAMPLES_PER_OPERATION = 8  # per generation mode; × 2 modes × ~105 operations ≈ 1,600 requests
MIN_REQUESTS = 1_000


def _seeded_ids(db: Session) -> dict[str, Any]:
    """Ids of seeded records, so some cases reach real rows instead of a 404."""
    from api.models import Household, Report, Synthesis, Visit, User

    def first(model: Any) -> int:
        return db.exec(select(model.id).order_by(model.id)).first() or 1

    return {
        "household_id": first(Household), "visit_id": first(Visit), "report_id": first(Report),
        "synthesis_id": first(Synthesis), "user_id": first(User),
    }


def _strategy(operation: Any, mode: GenerationMode, real_ids: dict[str, Any]) -> st.SearchStrategy:
    generated = operation.as_strategy(generation_mode=mode)
    names = {p.name for p in operation.path_parameters}
    fixed = {name: value for name, value in real_ids.items() if name in names}
    if not fixed:
        return generated
    return st.one_of(generated, operation.as_strategy(generation_mode=mode, path_parameters=fixed))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_fuzz_every_operation_as_every_role(app, principals, db) -> None:  # noqa: ANN001
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)
    real_ids = _seeded_ids(db)
    sent: Counter[str] = Counter()
    timings: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    failures: dict[tuple[str, str], str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 100
    with asgi.get_client(app) as client:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

                @hypothesis_settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None,
                                     deadline=None, suppress_health_check=list(HealthCheck), phases=["explicit", "generate"])
                @given(case=_strategy(operation, mode, real_ids), role=st.sampled_from(ROLES))
                def fuzz(case: schemathesis.Case, role: str) -> None:
                    headers = principals[role]
                    began = time.perf_counter()
                    response = case.call(session=client, headers=headers)
                    timings[operation.label] += time.perf_counter() - began
                    sent[role] += 1
                    statuses[response.status_code] += 1
                    try:
                        case.validate_response(response, checks=CHECKS, headers=headers)
                    except FailureGroup as group:
                        for failure in group.exceptions:
                            key = (operation.label, failure.title)
                            failures.setdefault(key, f"[{role} {mode.value}] {failure.title}: {str(failure.message)[:600]}\n"
                                                     f"   {case.as_curl_command(headers=headers)[:400]}")

                try:
                    fuzz()
                except Unsatisfiable:
                    assert mode == GenerationMode.NEGATIVE  # nothing to make invalid (no parameters, no body)
                except Exception as error:  # an exception from the app itself (not a failed check)
                    failures.setdefault((operation.label, type(error).__name__), repr(error)[:800])
    total = sum(sent.values())
    slowest = [(label, round(seconds, 2)) for label, seconds in timings.most_common(5)]
    print(f"\ntime in requests: {sum(timings.values()):.1f} s; slowest operations (s): {slowest}")
    print(f"\nfuzzed requests: {total} over {len(operations)} operations; per role: {dict(sent)}; "
          f"per status: {dict(sorted(statuses.items()))}")
    assert total >= MIN_REQUESTS
    assert set(sent) == set(ROLES)
    assert not failures, f"{len(failures)} failure(s):\n" + "\n".join(f"- {k[0]}: {v}" for k, v in sorted(failures.items()))


@pytest.mark.parametrize(("method", "url", "body"), [
    ("POST", "/api/v1/visits", {"household_id": 2**63, "coordinator_id": 2**40, "advisor_id": 2**31,
                                "starts_at": "2026-12-02T09:00:00+01:00"}),
    ("POST", "/api/v1/visits", {"household_id": 2**31, "coordinator_id": 1, "advisor_id": 1,
                                "starts_at": "2026-12-02T09:00:00+01:00"}),
    ("GET", "/api/v1/agenda?user_id=99999999999999999999999", None),
    ("GET", "/api/v1/referrals/duplicate-candidates?last_name=a%00b&commune=Dole", None),
    ("POST", "/api/v1/households", {"first_name": "A\u0000", "last_name": "B", "commune": "Dole", "tenure": "owner",
                                    "members": [{"first_name": "A", "birth_year": 1980, "relation": "applicant"}]}),
])
def test_values_the_database_cannot_store_are_a_4xx(client, principals, method: str, url: str, body: Any) -> None:  # noqa: ANN001
    """Regressions of what fuzzing found: huge integers and NUL bytes were 500s (driver errors)."""
    response = client.request(method, url, json=body, headers=principals["coordinator"])
    assert response.status_code < 500, (response.status_code, response.text)
    if response.status_code >= 400:
        assert response.json()["error"] in {"validation_error", "not_found"}, response.text

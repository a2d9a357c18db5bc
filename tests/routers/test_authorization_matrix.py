"""Every API route × every principal, with the status each must get.

Built from the app's route list: a route that is neither public nor in MATRIX fails the suite,
so a new endpoint cannot ship without deciding who may call it. The household used is one the
advisor is not assigned to and the referrer did not refer: for them it must be out of reach.
"""

import ipaddress
import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlmodel import Session, select

from api.access import scopes_for
from api.main import create_app
from api.models import (
    AdvisorAssignment,
    Attachment,
    BillEntry,
    Campaign,
    Consent,
    ConsentPurpose,
    Delivery,
    Household,
    IntegrationToken,
    Notification,
    NotificationKind,
    Orientation,
    Organisation,
    Referral,
    Report,
    ReviewComment,
    SocialDiagnostic,
    Synthesis,
    TechnicalDiagnostic,
    Unavailability,
    User,
    Visit,
    WebhookSubscription,
    WorksPlan,
)
from api.services import webhooks
from api.storage import new_key
from api.settings import Environment, Settings
from tests.conftest import SECRET
from tests.helpers import PRINCIPALS, Principals, household_payload

PUBLIC = {("POST", "/api/v1/auth/token"), ("POST", "/api/v1/auth/refresh"), ("POST", "/api/v1/auth/logout"),
          ("GET", "/api/v1/healthz"), ("GET", "/api/v1/readyz"), ("GET", "/api/v1/calendar/{token}.ics"),
          ("POST", "/api/v1/auth/password-reset")}

BILL = {"energy": "electricity", "quantity": "1200", "unit": "kwh", "amount_eur": "290.40",
        "period_start": "2026-01-01", "period_end": "2026-04-30"}
TECHNICAL = {"dwelling_type": "house", "construction_period": "before_1975", "surface_m2": "90.0",
             "altitude_class": "400_800", "envelope": [{"kind": "roof", "area_m2": "60.0"}],
             "systems": [{"use": "heating", "energy": "fuel_oil", "system_type": "chaudière", "efficiency": "0.75"}]}
EVERYONE = {p: 200 for p in PRINCIPALS if p != "anonymous"}
STAFF = ("coordinator", "advisor", "manager", "admin")
TRIAGE = ("coordinator", "admin")
PEOPLE = ("coordinator", "advisor", "manager", "referrer", "admin")


def only(allowed: dict[str, int]) -> dict[str, int]:
    """Anonymous gets 401, the listed principals their status, every other principal 403."""
    return {p: 401 if p == "anonymous" else allowed.get(p, 403) for p in PRINCIPALS}


MATRIX: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/api/v1/auth/me"): {"anonymous": 401, **EVERYONE},
    ("GET", "/api/v1/households"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/households"): only({"coordinator": 201, "admin": 201}),
    ("GET", "/api/v1/households/{household_id}"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                        "advisor": 404}),
    ("PATCH", "/api/v1/households/{household_id}"): only({"coordinator": 200, "admin": 200}),
    ("POST", "/api/v1/households/{household_id}/consents"): only({"coordinator": 201, "admin": 201}),
    ("POST", "/api/v1/households/{household_id}/consents/{consent_id}/revoke"): only({"coordinator": 200, "admin": 200}),
    ("PUT", "/api/v1/households/{household_id}/advisors/{user_id}"): only({"coordinator": 200, "admin": 200}),
    ("DELETE", "/api/v1/households/{household_id}/advisors/{user_id}"): only({"coordinator": 200, "admin": 200}),
    ("POST", "/api/v1/referrals"): only({"referrer": 201, "coordinator": 201, "admin": 201}),
    ("GET", "/api/v1/referrals"): only({p: 200 for p in STAFF}),
    ("GET", "/api/v1/referrals/mine"): only({"referrer": 200}),
    # The target referral was not submitted by the referrer: someone else's, so out of reach.
    ("GET", "/api/v1/referrals/mine/{referral_id}"): only({"referrer": 404}),
    ("GET", "/api/v1/referrals/duplicate-candidates"): only({p: 200 for p in TRIAGE}),
    ("GET", "/api/v1/referrals/{referral_id}"): only({"coordinator": 200, "manager": 200, "admin": 200, "advisor": 404}),
    ("POST", "/api/v1/referrals/{referral_id}/transitions"): only({p: 200 for p in TRIAGE}),
    ("POST", "/api/v1/referrals/{referral_id}/calls"): only({p: 201 for p in TRIAGE}),
    ("PUT", "/api/v1/referrals/{referral_id}/triage-note"): only({p: 200 for p in TRIAGE}),
    ("POST", "/api/v1/referrals/{referral_id}/link-household"): only({p: 200 for p in TRIAGE}),
    ("POST", "/api/v1/visits"): only({p: 201 for p in TRIAGE}),
    ("GET", "/api/v1/visits/{visit_id}"): only({"coordinator": 200, "manager": 200, "admin": 200, "advisor": 404}),
    ("PATCH", "/api/v1/visits/{visit_id}"): only({p: 200 for p in TRIAGE}),
    # The manager sees the visit but is not of the pair; the advisor is not on it, so cannot see it.
    ("POST", "/api/v1/visits/{visit_id}/status"): only({"coordinator": 200, "admin": 200, "advisor": 404}),
    ("POST", "/api/v1/visits/{visit_id}/reschedule"): only({p: 201 for p in TRIAGE}),
    ("GET", "/api/v1/visits/{visit_id}/briefing"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                         "advisor": 404}),
    ("POST", "/api/v1/visits/{visit_id}/briefing/read"): only({"advisor": 404}),
    ("GET", "/api/v1/agenda"): only({p: 200 for p in STAFF}),
    ("GET", "/api/v1/agenda/free-slots"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/unavailabilities"): only({p: 201 for p in STAFF}),
    ("DELETE", "/api/v1/unavailabilities/{unavailability_id}"): only({"coordinator": 204, "admin": 204,
                                                                      "advisor": 404, "manager": 404}),
    ("POST", "/api/v1/calendar-feed"): only({p: 201 for p in STAFF}),
    ("DELETE", "/api/v1/calendar-feed"): only({p: 204 for p in STAFF}),
    ("GET", "/api/v1/worklist"): {"anonymous": 401, **EVERYONE},
    ("GET", "/api/v1/households/{household_id}/bills"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                              "advisor": 404}),
    ("POST", "/api/v1/households/{household_id}/bills"): only({p: 201 for p in TRIAGE}),
    ("PUT", "/api/v1/households/{household_id}/bills/{bill_id}"): only({p: 200 for p in TRIAGE}),
    ("DELETE", "/api/v1/households/{household_id}/bills/{bill_id}"): only({p: 204 for p in TRIAGE}),
    # Income and charges: never the advisor's, whatever the household.
    ("GET", "/api/v1/households/{household_id}/social-diagnostic"): only({"coordinator": 200, "manager": 200,
                                                                          "admin": 200}),
    ("PUT", "/api/v1/households/{household_id}/social-diagnostic"): only({p: 200 for p in TRIAGE}),
    ("GET", "/api/v1/visits/{visit_id}/technical-diagnostic"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                     "advisor": 404}),
    ("PUT", "/api/v1/visits/{visit_id}/technical-diagnostic"): only({"coordinator": 200, "admin": 200, "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/analysis"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                 "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/works-estimate"): only({"coordinator": 200, "manager": 200,
                                                                       "admin": 200, "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/eligibility"): only({"coordinator": 200, "manager": 200,
                                                                    "admin": 200, "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/measured-impact"): only({"coordinator": 200, "manager": 200,
                                                                        "admin": 200, "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/works-plan"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                   "advisor": 404}),
    ("PUT", "/api/v1/households/{household_id}/works-plan"): only({"coordinator": 200, "admin": 200, "advisor": 404}),
    ("GET", "/api/v1/reference-values"): only({p: 200 for p in STAFF}),
    ("GET", "/api/v1/reference-tables"): only({p: 200 for p in STAFF}),
    ("GET", "/api/v1/reference/energy-vocabulary"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/reference-values"): only({"admin": 201}),
    ("GET", "/api/v1/equipment-catalogue"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/equipment-catalogue"): only({"admin": 201}),
    ("PUT", "/api/v1/equipment-catalogue/{item_id}"): only({"admin": 200}),
    # Syntheses: the family one belongs to the visit's coordinator; Lucas (advisor) is not on this visit.
    ("GET", "/api/v1/visits/{visit_id}/syntheses"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                          "advisor": 404}),
    ("PUT", "/api/v1/visits/{visit_id}/syntheses/{kind}"): only({"coordinator": 200, "advisor": 404}),
    ("POST", "/api/v1/syntheses/{synthesis_id}/transitions"): only({"coordinator": 200, "advisor": 404}),
    ("POST", "/api/v1/syntheses/{synthesis_id}/comments"): only({"advisor": 404}),  # only the other member
    ("POST", "/api/v1/syntheses/{synthesis_id}/comments/{comment_id}/{decision}"): only({"coordinator": 200,
                                                                                         "advisor": 404}),
    # Allowed, then refused by the workflow (409): the syntheses are not final yet.
    ("POST", "/api/v1/visits/{visit_id}/report"): only({"coordinator": 409, "admin": 409, "advisor": 404}),
    ("GET", "/api/v1/reports/queue"): only({"manager": 200, "admin": 200}),
    ("GET", "/api/v1/reports/{report_id}"): only({"coordinator": 200, "manager": 200, "admin": 200, "advisor": 404}),
    ("GET", "/api/v1/reports/{report_id}/analysis"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                           "advisor": 404}),
    ("PATCH", "/api/v1/reports/{report_id}"): only({"coordinator": 409, "advisor": 404}),  # submitted: frozen
    # The coordinator wrote it: she may not validate it.
    ("POST", "/api/v1/reports/{report_id}/transitions"): only({"manager": 200, "admin": 200, "advisor": 404}),
    ("POST", "/api/v1/reports/{report_id}/corrections"): only({"coordinator": 409, "admin": 409, "advisor": 404}),
    ("GET", "/api/v1/reports/{report_id}/pdf"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                      "advisor": 404}),
    ("POST", "/api/v1/reports/{report_id}/deliveries"): only({"coordinator": 409, "admin": 409, "advisor": 404}),
    # A copy whose e-mail was given up goes back in the outbox.
    ("POST", "/api/v1/reports/{report_id}/deliveries/{delivery_id}/retry"): only({"coordinator": 200, "admin": 200}),
    # The development mail backend's local outbox: what would have been e-mailed, for administrators.
    ("GET", "/api/v1/outbox"): only({"admin": 200}),
    ("GET", "/api/v1/outbox/{file_name}"): only({"admin": 200}),
    ("GET", "/api/v1/organisations"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/organisations"): only({"admin": 201}),
    ("GET", "/api/v1/territorial-units"): only({p: 200 for p in STAFF}),
    ("PATCH", "/api/v1/territorial-units/{unit_id}"): only({"admin": 200}),
    # Communes are public reference data: alert givers need them to fill in a referral.
    ("GET", "/api/v1/communes"): only({**{p: 200 for p in STAFF}, "referrer": 200}),
    ("PATCH", "/api/v1/communes/{insee_code}"): only({"admin": 200}),
    ("GET", "/api/v1/campaigns"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/campaigns"): only({"admin": 201}),
    ("PATCH", "/api/v1/campaigns/{campaign_id}"): only({"admin": 200}),
    ("GET", "/api/v1/users"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/users"): only({"admin": 201}),
    ("PATCH", "/api/v1/users/{user_id}"): only({"admin": 200}),
    # Account administration (issue 16): the target is another advisor.
    ("POST", "/api/v1/users/{user_id}/unlock"): only({"admin": 200}),
    ("POST", "/api/v1/users/{user_id}/password-reset"): only({"admin": 200}),
    ("PATCH", "/api/v1/organisations/{organisation_id}"): only({"admin": 200}),
    ("GET", "/api/v1/integration-tokens"): only({"admin": 200}),
    ("GET", "/api/v1/integration-token-kinds"): only({"admin": 200}),
    ("POST", "/api/v1/integration-tokens"): only({"admin": 201}),
    ("POST", "/api/v1/integration-tokens/{token_id}/revoke"): only({"admin": 200}),
    ("GET", "/api/v1/audit-events"): only({"manager": 200, "admin": 200}),
    ("GET", "/api/v1/audit-events/vocabulary"): only({"manager": 200, "admin": 200}),
    ("GET", "/api/v1/audit-events/export.csv"): only({"manager": 200, "admin": 200}),
    # Who read this record: the GDPR team (privacy:manage) and audit readers; the advisor has neither.
    ("GET", "/api/v1/households/{household_id}/access-log"): only({"coordinator": 200, "manager": 200,
                                                                   "admin": 200}),
    # Follow-up: the orientation is on the target household, out of Lucas's reach.
    ("GET", "/api/v1/orientation-types"): only({p: 200 for p in STAFF}),
    ("POST", "/api/v1/orientation-types"): only({"admin": 201}),
    ("PUT", "/api/v1/orientation-types/{code}"): only({"admin": 200}),
    ("GET", "/api/v1/orientations"): only({p: 200 for p in STAFF}),
    ("GET", "/api/v1/orientations/{orientation_id}"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                            "advisor": 404}),
    ("PATCH", "/api/v1/orientations/{orientation_id}"): only({"coordinator": 200, "admin": 200, "advisor": 404}),
    ("POST", "/api/v1/orientations/{orientation_id}/transitions"): only({"coordinator": 200, "admin": 200,
                                                                         "advisor": 404}),
    ("POST", "/api/v1/orientations/{orientation_id}/notes"): only({"coordinator": 201, "admin": 201, "advisor": 404}),
    ("POST", "/api/v1/orientations/{orientation_id}/handover"): only({"coordinator": 200, "admin": 200,
                                                                      "advisor": 404}),
    ("POST", "/api/v1/households/{household_id}/orientations"): only({"coordinator": 201, "admin": 201,
                                                                      "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/follow-up"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                  "advisor": 404}),
    # Allowed, then refused: an orientation is still open; the case is not closed.
    ("POST", "/api/v1/households/{household_id}/close"): only({"coordinator": 409, "admin": 409}),
    ("POST", "/api/v1/households/{household_id}/reopen"): only({"coordinator": 409, "admin": 409}),
    # The landlords' API: the target dwelling is landlord A's, its tenant consents; landlord B gets a 404.
    ("GET", "/api/v1/landlord/dwellings"): only({"landlord_a": 200, "landlord_b": 200}),
    ("GET", "/api/v1/landlord/dwellings/{household_id}"): only({"landlord_a": 200, "landlord_b": 404}),
    ("GET", "/api/v1/landlord/dwellings/{household_id}/technical-synthesis.pdf"): only({"landlord_a": 200,
                                                                                      "landlord_b": 404}),
    ("POST", "/api/v1/landlord/dwellings/{household_id}/works-updates"): only({"landlord_a": 201, "landlord_b": 404}),
    ("GET", "/api/v1/landlord/webhook-deliveries"): only({"landlord_a": 200, "landlord_b": 200}),
    ("POST", "/api/v1/landlord/webhook-test-events"): only({"landlord_a": 202, "landlord_b": 202}),
    ("GET", "/api/v1/webhook-subscriptions"): only({"admin": 200}),
    ("POST", "/api/v1/webhook-subscriptions"): only({"admin": 201}),
    ("DELETE", "/api/v1/webhook-subscriptions/{subscription_id}"): only({"admin": 204}),
    ("POST", "/api/v1/webhook-subscriptions/{subscription_id}/test"): only({"admin": 202}),
    ("GET", "/api/v1/webhook-subscriptions/deliveries"): only({"admin": 200}),
    # Aggregates and pseudonymised extracts: reporting scripts and managers, nobody else.
    ("GET", "/api/v1/reporting/annual/{year}"): only({"reporting": 200, "manager": 200, "admin": 200}),
    ("GET", "/api/v1/reporting/annual/{year}/cases"): only({"reporting": 200, "manager": 200, "admin": 200}),
    ("GET", "/api/v1/reporting/annual/{year}/export.csv"): only({"reporting": 200, "manager": 200, "admin": 200}),
    ("GET", "/api/v1/reporting/annual/{year}/export.xlsx"): only({"reporting": 200, "manager": 200, "admin": 200}),
    ("GET", "/api/v1/reporting/annual/{year}/cases/export.csv"): only({"reporting": 200, "manager": 200,
                                                                        "admin": 200}),
    ("GET", "/api/v1/reporting/annual/{year}/cases/export.xlsx"): only({"reporting": 200, "manager": 200,
                                                                         "admin": 200}),
    # GDPR: subject access by the SLIME team and managers; erasure by an administrator.
    ("GET", "/api/v1/households/{household_id}/subject-access"): only({"coordinator": 200, "manager": 200,
                                                                       "admin": 200}),
    ("POST", "/api/v1/households/{household_id}/erase"): only({"admin": 204}),
    # Navigation: the timeline follows the household read (the advisor is not assigned to it: 404); the
    # search answers every person with what they may see (an alert giver: their own referrals), and no
    # integration token (landlords and scripts have their own endpoints).
    ("GET", "/api/v1/households/{household_id}/timeline"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                 "advisor": 404}),
    ("GET", "/api/v1/search"): only({p: 200 for p in (*STAFF, "referrer")}),
    # Anyone who logs in changes their own password; an integration token has none.
    ("POST", "/api/v1/auth/password"): only({p: 204 for p in ("coordinator", "advisor", "manager", "referrer",
                                                              "admin")}),
    # Notifications: one's own, people only (an integration token receives none); the target notification
    # is the coordinator's, so someone else's for everyone else.
    ("GET", "/api/v1/me/notifications"): only({p: 200 for p in PEOPLE}),
    ("GET", "/api/v1/me/notifications/unread-count"): only({p: 200 for p in PEOPLE}),
    ("POST", "/api/v1/me/notifications/read-all"): only({p: 200 for p in PEOPLE}),
    ("POST", "/api/v1/me/notifications/{notification_id}/read"): only({"coordinator": 200, **{
        p: 404 for p in ("advisor", "manager", "referrer", "admin")}}),
    ("GET", "/api/v1/me/notification-preferences"): only({p: 200 for p in PEOPLE}),
    ("PUT", "/api/v1/me/notification-preferences"): only({p: 200 for p in PEOPLE}),
    # The visit's photos and documents: taken by whoever writes diagnostics (the pair, the coordination), read
    # like the household, deleted by the author, the coordination or the managers. The target photo is a
    # technical one, so landlord A (its tenant consents) reaches it through the landlord's routes.
    ("POST", "/api/v1/visits/{visit_id}/attachments"): only({"coordinator": 201, "admin": 201, "advisor": 404}),
    ("GET", "/api/v1/households/{household_id}/attachments"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                    "advisor": 404}),
    ("GET", "/api/v1/attachments/{attachment_id}/content"): only({"coordinator": 200, "manager": 200, "admin": 200,
                                                                  "advisor": 404}),
    ("DELETE", "/api/v1/attachments/{attachment_id}"): only({"coordinator": 204, "manager": 204, "admin": 204,
                                                             "advisor": 404}),
    ("GET", "/api/v1/landlord/dwellings/{household_id}/attachments"): only({"landlord_a": 200, "landlord_b": 404}),
    ("GET", "/api/v1/landlord/dwellings/{household_id}/attachments/{attachment_id}/content"): only({
        "landlord_a": 200, "landlord_b": 404}),
    # Programmes: everyone reads the identity of their own programme; its administrator edits it. The
    # platform's routes belong to the platform's accounts only (tests/routers/test_platform.py), never
    # to a programme's people or tokens, an administrator included.
    ("GET", "/api/v1/programme"): {"anonymous": 401, **EVERYONE},
    ("PUT", "/api/v1/programme"): only({"admin": 200}),
    ("GET", "/api/v1/platform/programmes"): only({}),
    ("POST", "/api/v1/platform/programmes"): only({}),
    ("PATCH", "/api/v1/platform/programmes/{programme_id}"): only({}),
    ("GET", "/api/v1/national/{year}"): only({}),
}


def api_routes() -> set[tuple[str, str]]:
    """Every operation the app exposes, read from its OpenAPI document (the public contract)."""
    app = create_app(Settings(environment=Environment.test, spa_dir="", database_url="sqlite://", secret_key=SECRET))
    return {(method.upper(), path) for path, operations in app.openapi()["paths"].items() for method in operations}


def test_every_route_is_public_or_in_the_matrix() -> None:
    routes = api_routes()
    missing = routes - PUBLIC - set(MATRIX)
    assert not missing, f"routes without an authorization decision: {sorted(missing)}"
    stale = set(MATRIX) - routes
    assert not stale, f"matrix entries for routes that no longer exist: {sorted(stale)}"


# What each principal of the matrix holds: its role's scopes from the one table (api/access.py).
PRINCIPAL_SCOPES = {p: scopes_for({role}) for p, role in {
    "coordinator": "coordinator", "advisor": "advisor", "manager": "manager", "referrer": "referrer",
    "admin": "admin", "landlord_a": "landlord", "landlord_b": "landlord", "reporting": "reporting"}.items()}

# Routes whose scope is granted but which still answer 403 for someone by a relation to the record:
# a report is submitted and edited by its author, a synthesis written by its owner and reviewed by the
# other member of the pair, a visit's status changed by the pair (or planners), its briefing marked
# read by its advisor; only people (not integration tokens) have a password.
RECORD_RULES = {
    ("POST", "/api/v1/reports/{report_id}/transitions"), ("PUT", "/api/v1/visits/{visit_id}/syntheses/{kind}"),
    ("PATCH", "/api/v1/reports/{report_id}"), ("POST", "/api/v1/syntheses/{synthesis_id}/comments"),
    ("POST", "/api/v1/syntheses/{synthesis_id}/transitions"),
    ("POST", "/api/v1/syntheses/{synthesis_id}/comments/{comment_id}/{decision}"),
    ("POST", "/api/v1/visits/{visit_id}/status"), ("POST", "/api/v1/visits/{visit_id}/briefing/read"),
    ("POST", "/api/v1/auth/password"),
    ("GET", "/api/v1/me/notifications"), ("GET", "/api/v1/me/notifications/unread-count"),
    ("POST", "/api/v1/me/notifications/read-all"), ("POST", "/api/v1/me/notifications/{notification_id}/read"),
    ("GET", "/api/v1/me/notification-preferences"), ("PUT", "/api/v1/me/notification-preferences"),
}


def test_the_matrix_follows_the_scope_table() -> None:
    """403 in the matrix exactly where the principal's scopes miss every scope the route declares
    (read from the OpenAPI document), so the matrix cannot drift from ROLE_SCOPES."""
    app = create_app(Settings(environment=Environment.test, spa_dir="", database_url="sqlite://", secret_key=SECRET))
    declared = {(method.upper(), path): {s for req in op.get("security", []) for s in req.get("OAuth2PasswordBearer", [])}
                for path, operations in app.openapi()["paths"].items() for method, op in operations.items()}
    disagreements = []
    for key, expected in MATRIX.items():
        for principal, held in PRINCIPAL_SCOPES.items():
            allowed_by_scope = not declared[key] or bool(declared[key] & held)
            if allowed_by_scope == (expected[principal] == 403) and not (key in RECORD_RULES and allowed_by_scope):
                disagreements.append((key, principal, expected[principal], sorted(declared[key])))
    assert disagreements == [], "\n".join(map(str, disagreements))


def test_matrix_covers_every_principal() -> None:
    for key, expected in MATRIX.items():
        assert set(expected) == set(PRINCIPALS), key


OUTBOX_FILE = "20310101-000000-matrix-0badc0de.eml"


@dataclass
class Target:
    path_params: dict[str, int]
    bodies: dict[tuple[str, str], Any]
    queries: dict[tuple[str, str], dict[str, Any]]
    # Multipart bodies: (form fields, files).
    forms: dict[tuple[str, str], tuple[dict[str, str], dict[str, Any]]] = field(default_factory=dict)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 60)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture(autouse=True)
def public_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """No DNS in tests: the landlord's webhook host resolves to a public address (nothing is sent to it)."""
    monkeypatch.setattr(webhooks, "resolve", lambda host, port: [ipaddress.ip_address("93.184.215.14")])


@pytest.fixture
def target(db: Session, settings: Settings, app, integration_tokens: dict[str, str]) -> Target:  # noqa: ANN001
    """A household out of the advisor's and the referrer's reach, with what the routes need."""
    landlord_token = db.exec(select(IntegrationToken).where(IntegrationToken.name == "landlord_a")).one()
    advisor = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    other_advisor = db.exec(select(User).where(User.email == "conseillere2@ajena.demo")).one()
    referrer = db.exec(select(User).where(User.email == "referente@ccas-dole.demo")).one()
    coordinator = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    assigned = select(AdvisorAssignment.household_id).where(AdvisorAssignment.user_id == advisor.id)
    referred = select(Referral.household_id).where(Referral.referrer_user_id == referrer.id)
    household = db.exec(select(Household).where(Household.id.not_in(assigned), Household.id.not_in(referred))).first()
    assert household is not None
    db.add(AdvisorAssignment(household_id=household.id, user_id=other_advisor.id, assigned_by_id=coordinator.id))
    consent = Consent(household_id=household.id, purpose=ConsentPurpose.share_with_landlord,
                      given_at=household.created_at, recorded_by_id=coordinator.id)
    db.add(consent)
    db.commit()
    campaign = db.exec(select(Campaign)).first()
    referral = Referral(household_id=household.id, channel="phone", referring_organisation_id=1,
                        referrer_name="Service social", contact_consent=True)
    db.add(referral)
    db.commit()
    starts = datetime(2031, 3, 5, 8, 0, tzinfo=UTC)
    visit = Visit(household_id=household.id, referral_id=referral.id, coordinator_id=coordinator.id,
                  advisor_id=other_advisor.id, starts_at=starts, ends_at=starts + timedelta(hours=2))
    block = Unavailability(user_id=other_advisor.id, starts_at=starts + timedelta(days=7),
                           ends_at=starts + timedelta(days=8), kind="leave")
    db.add_all([visit, block])
    db.commit()
    bill = BillEntry(household_id=household.id, energy="electricity", quantity=3000, unit="kwh", amount_eur=690,
                     period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    db.add_all([bill, SocialDiagnostic(household_id=household.id, data={}),
                WorksPlan(household_id=household.id, items=[]),
                TechnicalDiagnostic(visit_id=visit.id, household_id=household.id, data=TECHNICAL)])
    db.commit()
    synthesis = Synthesis(visit_id=visit.id, household_id=household.id, kind="family", owner_id=coordinator.id,
                          content="Le ménage chauffe une pièce.")
    # The report to validate is on a visit already done (the chain waits for the visit).
    done = Visit(household_id=household.id, coordinator_id=coordinator.id, advisor_id=other_advisor.id,
                 starts_at=starts - timedelta(days=3000), ends_at=starts - timedelta(days=3000, hours=-2), status="done")
    db.add(done)
    db.commit()
    report = Report(household_id=household.id, visit_id=done.id, author_id=coordinator.id, status="submitted",
                    submitted_at=starts)
    db.add_all([synthesis, report])
    db.commit()
    comment = ReviewComment(synthesis_id=synthesis.id, author_id=other_advisor.id, body="Préciser la pièce")
    db.add(comment)
    db.commit()
    # The dwelling is landlord A's, its tenant consents, and a validated report was shared with it.
    landlord_a = db.exec(select(Organisation).where(Organisation.name == "Jura Habitat")).one()
    household.landlord_id, household.tenure = landlord_a.id, "social_tenant"
    db.add(household)
    shared = Report(household_id=household.id, visit_id=done.id, author_id=coordinator.id, status="sent",
                    works=[{"priority": 1, "work": "roof", "description": "Isoler les combles"}])
    db.add(shared)
    db.commit()
    orientation = Orientation(household_id=household.id, report_id=shared.id, kind="fsl_energy",
                              description="Aide FSL énergie", responsible_id=coordinator.id)
    subscription = WebhookSubscription(organisation_id=landlord_a.id, url="http://127.0.0.1:9/hook",
                                       secret_encrypted="s")
    given_up = Delivery(report_id=report.id, recipient="household", channel="email", address="menage@example.org",
                        status="failed", attempts=7, error="ConnectionRefusedError")
    db.add_all([Delivery(report_id=shared.id, recipient="landlord", channel="api", address="API", status="recorded"),
                orientation, subscription, given_up])
    db.commit()
    notification = Notification(recipient_id=coordinator.id, kind=NotificationKind.report_returned,
                                record_type="report", record_id=report.id, household_id=household.id,
                                title=f"Compte-rendu renvoyé – dossier n° {household.id}", link=f"/comptes-rendus/{report.id}")
    db.add(notification)
    db.commit()
    photo_key = new_key(household.id, "jpg")
    app.state.storage.put(photo_key, _photo(), "image/jpeg")
    photo = Attachment(household_id=household.id, visit_id=visit.id, kind="photo_damp_mould", content_type="image/jpeg",
                       size_bytes=len(_photo()), width=64, height=48, sha256="0" * 64, storage_key=photo_key,
                       created_by_id=other_advisor.id)
    db.add(photo)
    db.commit()
    outbox = Path(settings.outbox_dir)
    outbox.mkdir(parents=True, exist_ok=True)
    (outbox / OUTBOX_FILE).write_bytes(b"To: menage@example.org\r\nSubject: Compte-rendu\r\n\r\nBonjour\r\n")
    other_household = db.exec(select(Household).where(Household.id != household.id)).first()
    everyone = [coordinator.id, other_advisor.id]
    return Target(
        path_params={
            "household_id": household.id, "consent_id": consent.id, "unit_id": 1, "campaign_id": campaign.id,
            "token_id": landlord_token.id, "programme_id": 1, "user_id": other_advisor.id, "organisation_id": landlord_a.id, "referral_id": referral.id, "visit_id": visit.id,
            "unavailability_id": block.id, "bill_id": bill.id, "item_id": 1, "kind": "family",
            "synthesis_id": synthesis.id, "comment_id": comment.id, "decision": "accept", "report_id": report.id,
            "orientation_id": orientation.id, "code": "fsl_water", "subscription_id": subscription.id,
            "year": campaign.year, "delivery_id": given_up.id, "file_name": OUTBOX_FILE, "insee_code": "39198",
            "notification_id": notification.id, "attachment_id": photo.id,
        },
        forms={("POST", "/api/v1/visits/{visit_id}/attachments"): (
            {"kind": "photo_meter", "caption": "Compteur"}, {"file": ("compteur.jpg", _photo(), "image/jpeg")})},
        queries={
            ("GET", "/api/v1/referrals/duplicate-candidates"): {"last_name": household.last_name,
                                                                "commune": household.commune},
            ("GET", "/api/v1/agenda"): {"user_id": everyone, "start": "2031-03-03"},
            ("GET", "/api/v1/agenda/free-slots"): {"user_id": everyone, "start": "2031-03-03"},
            ("GET", "/api/v1/search"): {"q": household.last_name},
        },
        bodies={
            ("POST", "/api/v1/households"): household_payload(),
            ("PATCH", "/api/v1/households/{household_id}"): {"version": household.version, "phone": "0600000000"},
            ("POST", "/api/v1/households/{household_id}/consents"): {"purpose": "share_with_prescriber"},
            ("POST", "/api/v1/organisations"): {"name": "CCAS de Champagnole", "kind": "ccas"},
            ("PATCH", "/api/v1/territorial-units/{unit_id}"): {"households_count": 34000},
            ("PATCH", "/api/v1/communes/{insee_code}"): {"postcodes": ["39100"]},
            ("POST", "/api/v1/campaigns"): {"year": 2031, "unit_ids": [1, 2]},
            ("PUT", "/api/v1/programme"): {"name": "SLIME du Jura", "territory": "Département du Jura (39)",
                                           "issuer_name": "Conseil départemental du Jura – Pôle des Solidarités"},
            ("PATCH", "/api/v1/campaigns/{campaign_id}"): {"budget_eur": "120000.00"},
            ("POST", "/api/v1/users"): {"email": "nouveau@cd39.demo", "full_name": "Nouvel Agent",
                                        "organisation_id": 1, "roles": ["coordinator"], "password": "Un-mot-de-passe-42"},
            ("PATCH", "/api/v1/users/{user_id}"): {"full_name": "Inès Roux-Martin"},
            ("PATCH", "/api/v1/organisations/{organisation_id}"): {"phone": "03 84 00 00 00"},
            ("POST", "/api/v1/integration-tokens"): {"name": "Script bilan", "kind": "reporting"},
            ("POST", "/api/v1/referrals"): {
                "household": {"first_name": "Jeanne", "last_name": "Matrice", "commune": "Dole"},
                "reasons": ["bill_payment_difficulty"], "contact_consent": True,
                "referring_organisation_id": 1, "referrer_name": "Accueil du Conseil départemental"},
            ("POST", "/api/v1/referrals/{referral_id}/transitions"): {"action": "decline", "version": 1},
            ("POST", "/api/v1/referrals/{referral_id}/calls"): {"outcome": "no_answer"},
            ("PUT", "/api/v1/referrals/{referral_id}/triage-note"): {"problem": "Impayés de gaz"},
            ("POST", "/api/v1/referrals/{referral_id}/link-household"): {"household_id": other_household.id,
                                                                         "version": 1},
            # The household already has its planned visit: the booking records one made on paper long ago.
            ("POST", "/api/v1/visits"): {"household_id": household.id, "coordinator_id": coordinator.id,
                                         "advisor_id": other_advisor.id, "starts_at": "2020-03-03T09:00:00+01:00",
                                         "entered_afterwards": True, "afterwards_reason": "Fiche papier"},
            ("PATCH", "/api/v1/visits/{visit_id}"): {"version": 1, "notes": "Prévoir le thermomètre"},
            ("POST", "/api/v1/visits/{visit_id}/status"): {"version": 1, "status": "cancelled"},
            ("POST", "/api/v1/visits/{visit_id}/reschedule"): {"version": 1, "starts_at": "2031-03-06T14:00:00+01:00"},
            ("POST", "/api/v1/households/{household_id}/bills"): BILL,
            ("PUT", "/api/v1/visits/{visit_id}/syntheses/{kind}"): {"content": "Précisé", "version": 1},
            ("POST", "/api/v1/syntheses/{synthesis_id}/transitions"): {"action": "submit_for_review", "version": 1},
            ("POST", "/api/v1/syntheses/{synthesis_id}/comments"): {"body": "Une précision"},
            ("POST", "/api/v1/visits/{visit_id}/report"): {},
            ("PATCH", "/api/v1/reports/{report_id}"): {"version": 1, "introduction": "Bonjour"},
            ("POST", "/api/v1/reports/{report_id}/transitions"): {"action": "validate", "version": 1},
            ("POST", "/api/v1/reports/{report_id}/deliveries"): {"recipient": "household", "channel": "post"},
            ("PUT", "/api/v1/households/{household_id}/bills/{bill_id}"): {**BILL, "version": 1},
            ("PUT", "/api/v1/households/{household_id}/social-diagnostic"): {
                "version": 1, "incomes": [{"source": "pension", "monthly_eur": "1100.00"}]},
            ("PUT", "/api/v1/visits/{visit_id}/technical-diagnostic"): {**TECHNICAL, "version": 1},
            ("PUT", "/api/v1/households/{household_id}/works-plan"): {"version": 1, "items": [
                {"priority": 1, "work": "roof", "description": "Isoler les combles"}]},
            ("POST", "/api/v1/reference-values"): {"table_name": "fallback_price", "key": "electricity", "value": "0.1952",
                                                   "unit": "€ TTC par kWh", "valid_from": "2026-08-01",
                                                   "source": "TRVE 1er août 2026"},
            ("POST", "/api/v1/equipment-catalogue"): {"code": "window_film", "name": "Film isolant", "unit_cost_eur": "9.00",
                                                      "yearly_saving_kwh": "20"},
            ("PUT", "/api/v1/equipment-catalogue/{item_id}"): {"code": "led_bulb", "name": "Ampoule LED 9 W",
                                                               "unit_cost_eur": "3.20", "yearly_saving_kwh": "25"},
            ("POST", "/api/v1/households/{household_id}/erase"): {"reason": "Demande écrite du ménage"},
            ("PUT", "/api/v1/me/notification-preferences"): {"preferences": [
                {"kind": "referral_received", "channel": "daily_digest"}]},
            ("POST", "/api/v1/auth/password"): {"current_password": "Binome-demo-2026",
                                                "new_password": "Un-nouveau-mot-2027"},
            ("POST", "/api/v1/orientation-types"): {"code": "microcredit", "label": "Microcrédit personnel"},
            ("PUT", "/api/v1/orientation-types/{code}"): {"label": "FSL eau (Jura)", "active": True},
            ("PATCH", "/api/v1/orientations/{orientation_id}"): {"version": 1, "due_on": "2031-05-01"},
            ("POST", "/api/v1/orientations/{orientation_id}/transitions"): {"action": "start", "version": 1},
            ("POST", "/api/v1/orientations/{orientation_id}/notes"): {"note": "Dossier déposé", "contact": "FSL"},
            ("POST", "/api/v1/orientations/{orientation_id}/handover"): {"version": 1},
            ("POST", "/api/v1/households/{household_id}/orientations"): {"kind": "cheque_energie",
                                                                         "description": "Vérifier le chèque énergie"},
            ("POST", "/api/v1/households/{household_id}/close"): {"version": 2, "summary": "Toutes les suites sont données."},
            ("POST", "/api/v1/households/{household_id}/reopen"): {"version": 2, "reason": "Nouvelle dette"},
            ("POST", "/api/v1/landlord/dwellings/{household_id}/works-updates"): {
                "work_priority": 1, "status": "planned", "on": "2031-06-01"},
            ("POST", "/api/v1/webhook-subscriptions"): {"organisation_id": landlord_a.id,
                                                        "url": "https://bailleur.example/hooks/binome"},
            ("POST", "/api/v1/unavailabilities"): {"starts_at": "2031-04-01T08:00:00+02:00",
                                                   "ends_at": "2031-04-01T18:00:00+02:00", "kind": "training"},
        },
    )


CASES = [(method, path, principal, status)
         for (method, path), expected in sorted(MATRIX.items()) for principal, status in expected.items()]


# Scopes and record reach are decided by the same code on both databases, and the fuzz test calls
# every route on PostgreSQL too: the matrix runs on SQLite only, to keep CI short.
@pytest.mark.db_independent
@pytest.mark.parametrize(("method", "path", "principal", "status"), CASES,
                         ids=[f"{m} {p} as {who}" for m, p, who, _ in CASES])
def test_authorization(client: TestClient, principals: Principals, target: Target,
                       method: str, path: str, principal: str, status: int) -> None:
    url = path.format(**{k: v for k, v in target.path_params.items() if "{" + k + "}" in path})
    body = target.bodies.get((method, path))
    if (method, path) in target.forms:
        fields, files = target.forms[(method, path)]
        response = client.request(method, url, data=fields, files=files, headers=principals[principal])
    else:
        response = client.request(method, url, json=body, params=target.queries.get((method, path)),
                                  headers=principals[principal])
    assert response.status_code == status, f"{method} {url} as {principal}: {response.status_code} {response.text[:300]}"
    if status == 401:
        assert response.headers.get("www-authenticate") == "Bearer"
    if status >= 400:
        assert set(response.json()) >= {"error", "detail"}

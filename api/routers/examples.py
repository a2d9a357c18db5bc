"""Examples of the integration operations' bodies (landlords, reporting), shown in the OpenAPI document.

Each is checked by a test against the model it illustrates (tests/contract/test_openapi_document.py),
so an example cannot drift from the contract. The reporting ones are real answers on the demo data
(api/data/examples/), cut short where a list repeats itself.
"""

import json
from pathlib import Path
from typing import Any

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "data" / "examples"

SHARED = {"report_id": 2, "shared_at": "2026-11-28T16:40:00.123456Z"}
FACTS = {"dwelling_type": "apartment", "construction_period": "1975_1977", "surface_m2": "62.00",
         "main_heating_energy": "electricity"}
DWELLING = {"household_id": 13, "address_line": "4 rue des Cordeliers", "postcode": "39000",
            "commune": "Lons-le-Saunier", "dwelling": FACTS, "technical_synthesis": SHARED,
            "last_change_at": "2026-11-28T16:40:00.123456Z"}
DWELLING_PAGE = {"items": [DWELLING], "total": 1, "next": None}
ATTACHMENT_PAGE = {"items": [{
    "id": 41, "kind": "photo_damp_mould", "content_type": "image/jpeg", "size_bytes": 412733, "width": 2048,
    "height": 1536, "taken_at": "2026-11-12T09:47:03Z", "created_at": "2026-11-12T09:47:20.512345Z",
    "content_url": "/api/v1/landlord/dwellings/13/attachments/41/content"}], "total": 1, "next": None}
WORKS_UPDATE_CREATE = {"work_priority": 1, "status": "done", "on": "2026-11-20", "actual_cost_eur": "2300.00",
                       "comment": "Combles isolés par Jura Isolation"}
WORKS_UPDATE_READ = {"id": 7, "report_id": 2, "work_priority": 1, "work_description": "Isoler les combles perdus",
                     "status": "done", "on": "2026-11-20", "actual_cost_eur": "2300.00",
                     "comment": "Combles isolés par Jura Isolation", "organisation": {"id": 4, "name": "Jura Habitat"},
                     "created_at": "2026-11-28T17:02:11.654321Z"}
DWELLING_DETAIL = {
    **DWELLING, "visit_date": "2026-11-12",
    "technical_synthesis_text": "Logement chauffé par convecteurs électriques, combles non isolés : priorité à "
                                "l'isolation des combles, puis au remplacement des convecteurs.",
    "works": [{"priority": 1, "work": "roof_insulation", "description": "Isoler les combles perdus",
               "saving_kwh": "2100", "saving_eur": "420.00", "comfort_effect": "Moins de froid à l'étage",
               "cost_low": "1800.00", "cost_high": "2600.00", "possible_aids": "MaPrimeRénov', CEE"}],
    "works_updates": [WORKS_UPDATE_READ],
}
DELIVERY_PAGE = {"items": [{
    "id": 31, "subscription_id": 3, "event_id": "evt_5f0c2d4b9e8a4f7c8b1d2e3f4a5b6c7d", "event": "technical_synthesis.shared",
    "status": "delivered", "attempts": 1, "next_attempt_at": "2026-11-28T16:40:00Z", "last_status_code": 204,
    "last_error": None, "delivered_at": "2026-11-28T16:40:01Z", "created_at": "2026-11-28T16:40:00Z"}],
    "total": 1, "next": None}
TEST_EVENT = {"event_id": "evt_0a1b2c3d4e5f60718293a4b5c6d7e8f9", "type": "webhook.test", "subscriptions": 1}


def _load(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES_DIR / name).read_text(encoding="utf-8"))


ANNUAL_REPORT = _load("annual-report.json")
CASE_EXTRACT = _load("case-extract.json")


def json_response(example: dict[str, Any], responses: dict[int | str, dict[str, Any]] | None = None,
                  status: int = 200) -> dict[int | str, dict[str, Any]]:
    """`responses=` of a route: the success's JSON example, merged into the other declarations."""
    merged = {code: dict(value) for code, value in (responses or {}).items()}
    merged.setdefault(status, {})["content"] = {"application/json": {"example": example}}
    return merged


def request_body(example: dict[str, Any]) -> dict[str, Any]:
    """`openapi_extra=` of a route: the request body's JSON example."""
    return {"requestBody": {"content": {"application/json": {"example": example}}}}

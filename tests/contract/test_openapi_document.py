"""The whole OpenAPI document, checked the way client generators read it (issue 17, point 1): every
schema has one class-like name and the same title, files are declared binary, every operation has a
stable verb_noun operationId, enums carry their French labels, the integration operations have
examples that match their models, and deprecated operations say when they go."""

import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from api.labels import LABELS_BY_NAME
from api.main import create_app
from api.schemas.common import Page
from api.schemas.followup import LandlordDwelling, LandlordDwellingDetail, WebhookDeliveryRead, WebhookTestEvent
from api.schemas.followup import WorksUpdateCreate, WorksUpdateRead
from api.schemas.reporting import AnnualReport, CaseExtract
from api.settings import Environment, Settings
from tests.conftest import SECRET

HERE = Path(__file__).resolve().parent
VERBS = {"add", "assign", "change", "check", "close", "compile", "correct", "create", "deactivate", "delete",
         "deliver", "download", "erase", "hand", "link", "list", "log", "mark", "post", "read", "refresh", "reopen",
         "reschedule", "reset", "resolve", "retry", "revoke", "send", "transition", "unassign", "unlock", "update",
         "write"}
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return create_app(Settings(environment=Environment.test, spa_dir="", database_url="sqlite://",
                               secret_key=SECRET)).openapi()


def operations(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, item in document["paths"].items() for method, op in item.items()
            if method in METHODS]


def test_every_schema_has_one_class_name_and_its_title(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert not [k for k in schemas if not re.fullmatch(r"[A-Z][A-Za-z0-9]*", k)], "names usable as class names"
    assert {k: s.get("title") for k, s in schemas.items()} == {k: k for k in schemas}, "title == name"
    refs = {m for m in re.findall(r'"#/components/schemas/([^"]+)"', str(document).replace("'", '"'))}
    assert refs <= set(schemas), f"dangling references: {refs - set(schemas)}"
    # The models the generator used to drop are there, under one name each.
    assert {"LandlordDwellingDetail", "PlannedWork", "PlannedWorkInput", "ReportRead"} <= set(schemas)


def test_files_are_declared_binary_with_their_media_type(document: dict[str, Any]) -> None:
    files = {}
    for method, path, op in operations(document):
        for _status, response in op["responses"].items():
            for media_type, content in response.get("content", {}).items():
                if media_type != "application/json":
                    assert content.get("schema") == {"type": "string", "format": "binary"}, (method, path, media_type)
                    files.setdefault(path, set()).add(media_type)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert files["/api/v1/landlord/dwellings/{household_id}/technical-synthesis.pdf"] == {"application/pdf"}
    assert files["/api/v1/reports/{report_id}/pdf"] == {"application/pdf"}
    assert files["/api/v1/reporting/annual/{year}/export.csv"] == {"text/csv"}
    assert files["/api/v1/reporting/annual/{year}/export.xlsx"] == {xlsx}
    assert files["/api/v1/reporting/annual/{year}/cases/export.xlsx"] == {xlsx}


def test_operation_ids_are_verb_noun_unique_and_stable(document: dict[str, Any]) -> None:
    found = sorted((op["operationId"], method.upper(), path) for method, path, op in operations(document))
    ids = [i for i, _, _ in found]
    assert len(ids) == len(set(ids)), "unique"
    bad = [i for i in ids if not re.fullmatch(r"[a-z]+(_[a-z0-9]+)+", i) or i.split("_")[0] not in VERBS]
    assert not bad, f"not snake_case verb_noun: {bad}"
    listed = sorted(tuple(line.split()) for line in (HERE / "operation_ids.txt").read_text().splitlines()
                    if line.strip() and not line.startswith("#"))
    assert found == listed, "an operationId changed (breaking for generated clients) or a new one is not in " \
                            "tests/contract/operation_ids.txt"


def test_every_enum_carries_its_french_labels(document: dict[str, Any]) -> None:
    enums = {k: s for k, s in document["components"]["schemas"].items() if "enum" in s}
    assert len(enums) >= 30
    for name, schema in enums.items():
        labels = LABELS_BY_NAME.get(name, {})
        missing = [v for v in schema["enum"] if v not in labels]
        assert not missing, f"{name}: no French label for {missing} (api/labels.py)"
        assert schema["x-enum-descriptions"] == [labels[v] for v in schema["enum"]]
    works = enums["WorksStatus"]["description"]
    assert "- `planned` : Planifiés" in works and "- `refused` : Refusés" in works


EXAMPLE_MODELS: dict[str, Any] = {
    "list_dwellings": Page[LandlordDwelling], "read_dwelling": LandlordDwellingDetail,
    "post_works_update": WorksUpdateRead, "list_webhook_deliveries": Page[WebhookDeliveryRead],
    "send_webhook_test_event": WebhookTestEvent, "read_annual_report": AnnualReport, "read_case_extract": CaseExtract,
}


def test_landlord_and_reporting_operations_have_examples_matching_their_models(document: dict[str, Any]) -> None:
    for method, path, op in operations(document):
        if op["tags"][0] not in ("landlord", "reporting"):
            continue
        success = next(r for s, r in op["responses"].items() if s.startswith("2"))
        for media_type, content in success["content"].items():
            if media_type == "application/json":
                TypeAdapter(EXAMPLE_MODELS[op["operationId"]]).validate_python(content["example"])
        if "requestBody" in op:
            WorksUpdateCreate.model_validate(op["requestBody"]["content"]["application/json"]["example"])
        params = [p for p in op.get("parameters", []) if p["in"] == "path"]
        assert all("examples" in p["schema"] or "examples" in p for p in params), (method, path)


def test_conditional_operations_declare_etag_and_304(document: dict[str, Any]) -> None:
    for path in ("/api/v1/landlord/dwellings", "/api/v1/landlord/dwellings/{household_id}",
                 "/api/v1/reporting/annual/{year}"):
        op = document["paths"][path]["get"]
        assert "304" in op["responses"] and "ETag" in op["responses"]["200"]["headers"]
        assert "if-none-match" in {p["name"] for p in op["parameters"] if p["in"] == "header"}
    assert "429" in document["paths"]["/api/v1/landlord/dwellings"]["get"]["responses"]


def test_deprecated_operations_say_when_they_go(document: dict[str, Any]) -> None:
    for method, path, op in operations(document):
        if op.get("deprecated"):
            assert "x-sunset" in op and "x-deprecated-since" in op, (method, path)

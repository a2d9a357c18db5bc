"""The OpenAPI document as integrators' tools read it: what FastAPI generates, then made lossless for
client generators (openapi-python-client, openapi-typescript) by a few generic passes over the whole
document, so they also hold for schemas and routes added later:

- operationIds an integrator types: the route function's name (snake_case verb_noun), renamed here
  where the function's name is not one (`OPERATION_IDS`); unique, and listed by a test;
- one name per schema, usable as a class name, and `title` equal to it: pydantic's split models
  (`PlannedWork-Input`/`PlannedWork-Output`, both titled « PlannedWork ») become `PlannedWorkInput` and
  `PlannedWork` (the shape read), generic pages `Page_X_` become `PageX`, and two classes of the same name
  in two modules get the module's name in front (`FollowupOrientationRead`). Generators name classes by
  title: two equal titles made openapi-python-client drop every model that used either;
- optional headers are absent or a string, never null (generated clients would send None);
- files declared as such: a response content other than JSON with no schema (a PDF, CSV, XLSX, iCalendar
  or e-mail file) gets `{"type": "string", "format": "binary"}`;
- enums carry their French labels (api/labels.py) in their description, and as `x-enum-descriptions`;
- examples keep their nulls (FastAPI drops every None of the document, examples' included).
"""

import re
from collections.abc import Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts

from api.labels import LABELS_BY_NAME

# Route functions whose name is not what an integrator would type (verb_noun): their operationId.
# Renaming one is a breaking change for generated clients (docs/integrations/versioning.md).
OPERATION_IDS: dict[str, str] = {
    "login": "log_in",
    "refresh": "refresh_session",
    "logout": "log_out",
    "calendar_feed": "read_calendar_feed",
    "healthz": "check_health",
    "readyz": "check_readiness",
    "duplicate_candidates": "list_duplicate_candidates",
    "free_slots": "list_free_slots",
    "validation_queue": "list_validation_queue",
    "report_pdf": "download_report_pdf",
    "follow_up_board": "list_orientations",
    "household_follow_up": "read_household_follow_up",
    "technical_synthesis_pdf": "download_technical_synthesis_pdf",
    "list_subscriptions": "list_webhook_subscriptions",
    "subscribe": "create_webhook_subscription",
    "deactivate": "deactivate_webhook_subscription",
    "list_deliveries": "list_subscription_deliveries",
    "list_outbox": "list_outbox_messages",
    "annual_report": "read_annual_report",
    "case_extract": "read_case_extract",
    "subject_access": "read_subject_access",
    "erase": "erase_household",
}

BINARY = {"type": "string", "format": "binary"}
REF = "#/components/schemas/"


def operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: also names the request body schemas (`Body_log_in`)."""
    return OPERATION_IDS.get(route.name, route.name)


def install(app: FastAPI) -> None:
    """Serve the refined document at the app's openapi_url (and from `python -m api.cli openapi`)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = FastAPI.openapi(app)
            _restore_examples(document, app)
            refine(document)
        return app.openapi_schema  # type: ignore[return-value]

    app.openapi = openapi  # type: ignore[method-assign]


def refine(document: dict[str, Any]) -> dict[str, Any]:
    """The generic passes, in place."""
    _rename_schemas(document)
    _optional_headers_are_absent_not_null(document)
    _declare_binary_responses(document)
    _label_enums(document)
    return document


def _restore_examples(document: dict[str, Any], app: FastAPI) -> None:
    """FastAPI drops the nulls of examples (it serialises the document without None values): put the
    routes' examples back as declared, `"next": null` included. Routes are matched by operationId."""
    by_id = {op["operationId"]: op for item in document.get("paths", {}).values() for op in item.values()
             if isinstance(op, dict) and "operationId" in op}
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        operation = by_id.get(route.operation_id or operation_id(route)) if isinstance(route, APIRoute) else None
        if operation is None or not isinstance(route, APIRoute):  # (the second test only narrows the type)
            continue
        for status, response in route.responses.items():
            for media_type, content in response.get("content", {}).items():
                if "example" in content:
                    operation["responses"][str(status)]["content"][media_type]["example"] = content["example"]
        body = (route.openapi_extra or {}).get("requestBody", {}).get("content", {})
        for media_type, content in body.items():
            if "example" in content:
                operation["requestBody"]["content"][media_type]["example"] = content["example"]


def _class_name(key: str) -> str:
    split = re.fullmatch(r"(.+)-(Input|Output)", key)
    if split:
        return _class_name(split[1]) + ("Input" if split[2] == "Input" else "")
    qualified = re.fullmatch(r"(?:[a-z0-9_]+__)*([a-z0-9_]+)__([A-Za-z0-9_]+)", key)
    if qualified:  # api__schemas__followup__OrientationRead: two classes of that name
        return _pascal(qualified[1]) + _class_name(qualified[2])
    return "".join(_pascal(part) for part in re.split(r"[^A-Za-z0-9]+", key) if part)


def _pascal(word: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in word.split("_") if part)


def _rename_schemas(document: dict[str, Any]) -> None:
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    names = {key: _class_name(key) for key in schemas}
    clashes = {name for name in names.values() if list(names.values()).count(name) > 1}
    if clashes:
        raise RuntimeError(f"OpenAPI: several schemas would be named {sorted(clashes)}: rename a class")
    renamed = {}
    for key, schema in schemas.items():
        schema["title"] = names[key]
        renamed[names[key]] = schema
    document["components"]["schemas"] = dict(sorted(renamed.items()))
    for node in _nodes(document):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF):
            node["$ref"] = REF + names[ref.removeprefix(REF)]


def _optional_headers_are_absent_not_null(document: dict[str, Any]) -> None:
    """An optional header (`If-None-Match`, `Idempotency-Key`) is sent or not; it cannot be null. Declared
    `string | null`, generated clients let you pass None, then fail to send it as a header."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                variants = schema.get("anyOf", [])
                if parameter.get("in") == "header" and not parameter.get("required") and {"type": "null"} in variants:
                    kept = [v for v in variants if v != {"type": "null"}]
                    if len(kept) == 1:
                        parameter["schema"] = {**{k: v for k, v in schema.items() if k != "anyOf"}, **kept[0]}


def _declare_binary_responses(document: dict[str, Any]) -> None:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for response in operation.get("responses", {}).values():
                for media_type, content in response.get("content", {}).items():
                    if not _is_json(media_type) and not content.get("schema"):
                        content["schema"] = dict(BINARY)


def _is_json(media_type: str) -> bool:
    media_type = media_type.split(";")[0].strip()
    return media_type == "application/json" or media_type.endswith("+json")


def _label_enums(document: dict[str, Any]) -> None:
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        if "enum" not in schema:
            continue
        labels = LABELS_BY_NAME.get(name, {})
        listed = [f"- `{value}` : {labels[value]}" for value in schema["enum"] if value in labels]
        if listed:
            intro = schema.get("description", "").strip()
            schema["description"] = "\n".join(([intro, ""] if intro else []) + ["Libellés :", *listed])
            schema["x-enum-descriptions"] = [labels.get(value, "") for value in schema["enum"]]


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)

"""One textual scale per kind of number (issue 15, point 8): every Decimal the API answers with is a
string with a declared scale (euros 2 decimals, kWh whole, ratios 4, quantities 3, m² 1, ...), the same
from a POST, a GET and a list, and the OpenAPI document says so."""

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.openapi.utils import get_openapi
from fastapi.testclient import TestClient
from pydantic.json_schema import GenerateJsonSchema

from tests.helpers import Principals

# Response classes other helpers own (issue 15, points 1–6): to be typed by the analysis/works/bills
# owners. The lead empties this list after merging their branches.
NOT_YET_TYPED: set[str] = set()


def _response_schemas(document: dict[str, Any]) -> set[str]:
    """The component schemas a response can carry: reached from a response body, following every $ref."""
    names: set[str] = set()

    def refs(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                yield node["$ref"].rsplit("/", 1)[1]
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    todo = [name for path in document["paths"].values() for operation in path.values()
            for response in operation.get("responses", {}).values() for name in refs(response.get("content", {}))]
    while todo:
        name = todo.pop()
        if name not in names:
            names.add(name)
            todo.extend(refs(document["components"]["schemas"][name]))
    return names


def _numbers(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(field, schema) of every decimal-like leaf of a component's properties: a string of format
    decimal, or a JSON number (a float), inside unions, lists and maps too."""
    def leaves(node: Any) -> Iterator[dict[str, Any]]:
        if not isinstance(node, dict) or "$ref" in node:
            return
        if node.get("format") == "decimal" or node.get("type") == "number":
            yield node
        for key in ("anyOf", "oneOf", "allOf"):
            for member in node.get(key, []):
                yield from leaves(member)
        for key in ("items", "additionalProperties"):
            yield from leaves(node.get(key))

    for field, node in schema.get("properties", {}).items():
        for leaf in leaves(node):
            yield field, leaf


@pytest.fixture
def marked_document(app, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The OpenAPI document, generated afresh with a plain `Decimal` marked `format: decimal` (pydantic
    otherwise shows it as a bare string, indistinguishable from text). The scaled types of
    api/schemas/common.py declare their own schema, so they keep theirs (with `x-scale`)."""
    original = GenerateJsonSchema.decimal_schema

    def marked(self: GenerateJsonSchema, schema: Any) -> dict[str, Any]:
        json_schema = original(self, schema)
        return {**json_schema, "format": "decimal"} if self.mode == "serialization" else json_schema

    monkeypatch.setattr(GenerateJsonSchema, "decimal_schema", marked)
    return get_openapi(title=app.title, version=app.version, routes=app.routes)


@pytest.mark.db_independent
def test_every_decimal_of_a_response_declares_its_scale(marked_document: dict[str, Any]) -> None:
    schemas = marked_document["components"]["schemas"]
    responses = _response_schemas(marked_document)
    unscaled = sorted(f"{name}.{field}" for name in responses - NOT_YET_TYPED
                      for field, leaf in _numbers(schemas[name]) if "x-scale" not in leaf)
    assert unscaled == [], "Decimal fields without a declared scale (use a type of api/schemas/common.py): " + ", ".join(unscaled)
    # The check sees something: the typed classes are reached, and a plain Decimal would be caught.
    assert {"ReportRead", "EquipmentItemRead", "ReferenceValueRead", "FrozenFiguresRead"} <= responses
    assert any(True for _ in _numbers(schemas["FigureRead"])), "plain Decimals must show as format decimal here"
    # Every class of the list still exists: an entry left behind after a rename hides nothing.
    assert NOT_YET_TYPED <= set(schemas), sorted(NOT_YET_TYPED - set(schemas))


@pytest.mark.db_independent
def test_the_served_document_shows_each_scale_with_its_description(client: TestClient) -> None:
    document = client.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    amount = next(leaf for field, leaf in _numbers(schemas["EquipmentItemRead"]) if field == "unit_cost_eur")
    assert (amount["type"], amount["format"], amount["x-scale"]) == ("string", "decimal", 2)
    assert "2 decimals" in amount["description"]
    kwh = next(leaf for field, leaf in _numbers(schemas["EquipmentItemRead"]) if field == "yearly_saving_kwh")
    assert (kwh["x-scale"], kwh["examples"]) == (0, ["11725"]) and "Whole kWh" in kwh["description"]
    cost = schemas["PlannedWork"]["properties"]["cost_low"]["anyOf"][0]
    assert cost["x-scale"] == 2 and "Euros" in cost["description"]
    units = schemas["HouseholdRead"]["properties"]["consumption_units"]
    assert units["x-scale"] == 1 and "1 decimal" in units["description"]
    # Every scaled leaf of a response carries a description (its own, or the type's inside a union).
    for name in _response_schemas(document):
        for field, leaf in _numbers(schemas[name]):
            if "x-scale" in leaf:
                assert leaf.get("description") or schemas[name]["properties"][field].get("description"), (name, field)


# --- the same string from a POST and from a GET or a list --------------------------------------------


def test_reference_value_reads_the_same_from_the_post_and_the_list(client: TestClient, principals: Principals) -> None:
    """Posted as "0.0950" (4 decimals), stored in NUMERIC(16, 6): both answers say "0.095000"."""
    posted = client.post("/api/v1/reference-values", headers=principals["admin"], json={
        "table_name": "threshold", "key": "tee_onpe", "value": "0.0950", "unit": "ratio",
        "valid_from": "2030-01-01", "source": "Test : valeur corrigée"})
    assert posted.status_code == 201, posted.text
    listed = client.get("/api/v1/reference-values", params={"table_name": "threshold"}, headers=principals["admin"])
    row = next(r for r in listed.json()["items"] if r["key"] == "tee_onpe" and r["valid_from"] == "2030-01-01")
    assert posted.json()["value"] == row["value"] == "0.095000"
    seeded = next(r for r in listed.json()["items"] if r["key"] == "tee_onpe" and r["valid_from"] != "2030-01-01")
    assert seeded["value"] == "0.080000"  # a seeded "0.08" reads with the same scale


def test_equipment_item_reads_the_same_from_the_post_and_the_list(client: TestClient, principals: Principals) -> None:
    """12.5 € posted as a JSON number, 40 kWh and 1.25 m³ as strings: "12.50", "40", "1.250" everywhere."""
    posted = client.post("/api/v1/equipment-catalogue", headers=principals["admin"], json={
        "code": "test_scale", "name": "Pommeau économe", "unit_cost_eur": 12.5, "yearly_saving_kwh": "40",
        "yearly_saving_water_m3": "1.25"})
    assert posted.status_code == 201, posted.text
    listed = next(e for e in client.get("/api/v1/equipment-catalogue", headers=principals["admin"]).json()["items"]
                  if e["code"] == "test_scale")
    for answer in (posted.json(), listed):
        assert (answer["unit_cost_eur"], answer["yearly_saving_kwh"], answer["yearly_saving_water_m3"]) == \
            ("12.50", "40", "1.250")


def test_orientation_amount_reads_the_same_from_the_post_and_the_gets(client: TestClient, principals: Principals) -> None:
    """An aid obtained of 250.5 € (posted as "250.5"): "250.50" in the answer, the orientation and the
    household's follow-up."""
    created = client.post("/api/v1/households/1/orientations", headers=principals["coordinator"],
                          json={"kind": "fsl_energy", "description": "Aide FSL énergie"})
    assert created.status_code == 201, created.text
    ident, version, moved = created.json()["id"], created.json()["version"], None
    for action, extra in (("start", {}), ("obtain", {"amount_obtained_eur": "250.5", "outcome": "Accordé"})):
        moved = client.post(f"/api/v1/orientations/{ident}/transitions", headers=principals["coordinator"],
                            json={"action": action, "version": version, **extra})
        assert moved.status_code == 200, moved.text
        version = moved.json()["version"]
    one = client.get(f"/api/v1/orientations/{ident}", headers=principals["coordinator"]).json()
    follow_up = client.get("/api/v1/households/1/follow-up", headers=principals["coordinator"]).json()
    listed = next(o for o in follow_up["orientations"] if o["id"] == ident)
    assert moved.json()["amount_obtained_eur"] == one["amount_obtained_eur"] == listed["amount_obtained_eur"] == "250.50"


def test_household_surface_and_units_read_the_same_from_the_post_and_the_list(
    client: TestClient, principals: Principals
) -> None:
    """80.5 m² posted, NUMERIC(7, 1) stored; 1 adult + 1 child of 8 = 1.3 UC, whatever the column."""
    from tests.helpers import household_payload

    posted = client.post("/api/v1/households", headers=principals["coordinator"], json=household_payload())
    assert posted.status_code == 201, posted.text
    read = client.get(f"/api/v1/households/{posted.json()['id']}", headers=principals["coordinator"]).json()
    assert posted.json()["dwelling"]["surface_m2"] == read["dwelling"]["surface_m2"] == "80.5"
    assert posted.json()["consumption_units"] == read["consumption_units"] == "1.3"
    listed = client.get("/api/v1/households", params={"q": "Testard"}, headers=principals["coordinator"]).json()
    assert [h["consumption_units"] for h in listed["items"] if h["id"] == posted.json()["id"]] == ["1.3"]

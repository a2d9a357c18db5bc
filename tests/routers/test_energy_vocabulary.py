"""GET /api/v1/reference/energy-vocabulary: the enums and units the SPA lists, served by the API (never copied
into the SPA), with the conversion factors in force, cacheable with an ETag."""

import json
from datetime import date, timedelta
from pathlib import Path
from typing import get_args

from fastapi.testclient import TestClient

from api import clock
from api.energy.reference import default_reference
from api.energy.units import DELIVERED, VALID_UNITS, Energy, Unit
from api.energy.works import LABELS as WORK_LABELS
from api.labels import ENUM_LABELS, LOG_LENGTH_LABELS
from api.schemas.diagnostics import BillEntryWrite
from api.services.vocabulary import build
from tests.helpers import Principals

URL = "/api/v1/reference/energy-vocabulary"


def vocabulary(client: TestClient, principals: Principals, who: str = "advisor") -> dict:
    response = client.get(URL, headers=principals[who])
    assert response.status_code == 200, response.text
    return response.json()


def test_every_energy_lists_the_units_the_api_accepts_default_first(client: TestClient, principals: Principals) -> None:
    v = vocabulary(client, principals)
    energies = {e["value"]: e for e in v["energies"]}
    assert list(energies) == [e.value for e in Energy]
    for energy in Energy:
        carrier = energies[energy.value]
        assert [u["unit"] for u in carrier["units"]] == [u.value for u in VALID_UNITS[energy]]
        assert carrier["delivered"] is (energy in DELIVERED)
        assert carrier["label"] == ENUM_LABELS[Energy][energy.value]
    assert energies["electricity"]["label"] == "Électricité" and energies["electricity"]["units"][0]["unit"] == "kwh"
    assert [u["value"] for u in v["units"]] == [u.value for u in Unit]
    assert {u["value"]: u["label"] for u in v["units"]}["m3_water"] == "m³ d'eau"


def test_conversion_factors_are_the_reference_values_in_force(client: TestClient, principals: Principals) -> None:
    """Fuel oil: 10 kWh PCI per litre (picbleu.fr); natural gas in m³: the bill's coefficient, then ÷ 1.11."""
    v = vocabulary(client, principals)
    units = {(e["value"], u["unit"]): u for e in v["energies"] for u in e["units"]}
    litre = units[("fuel_oil", "litre")]
    assert litre["kwh_per_unit"] == "10.000000" and "picbleu" in litre["kwh_per_unit_source"]
    assert litre["pcs_pci_ratio"] is None and not litre["gas_coefficient_accepted"]
    gas = units[("natural_gas", "m3_gas")]
    assert gas["kwh_per_unit"] is None and gas["gas_coefficient_required"] and gas["pcs_pci_ratio"] == "1.110000"
    assert units[("natural_gas", "kwh")]["gas_coefficient_accepted"] and not units[("natural_gas", "kwh")][
        "gas_coefficient_required"]
    assert units[("propane", "m3_propane")]["gas_coefficient_accepted"]
    assert units[("electricity", "kwh")]["kwh_per_unit"] is None
    assert v["reference_date"] == clock.today().isoformat()


def test_a_corrected_factor_is_served_and_changes_the_etag(client: TestClient, principals: Principals) -> None:
    first = client.get(URL, headers=principals["coordinator"])
    tag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "private, no-cache"
    unchanged = client.get(URL, headers={**principals["coordinator"], "If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    added = client.post("/api/v1/reference-values", json={
        "table_name": "kwh_per_unit", "key": "fuel_oil/litre", "value": "9.96", "unit": "kWh PCI par litre",
        "valid_from": (clock.today() - timedelta(days=1)).isoformat(), "source": "Mesure du fournisseur local"},
        headers=principals["admin"])
    assert added.status_code == 201, added.text
    changed = client.get(URL, headers={**principals["coordinator"], "If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    litre = next(u for e in changed.json()["energies"] if e["value"] == "fuel_oil" for u in e["units"]
                 if u["unit"] == "litre")
    assert litre["kwh_per_unit"] == "9.960000" and litre["kwh_per_unit_source"] == "Mesure du fournisseur local"


def test_the_diagnostic_enums_come_with_their_labels(client: TestClient, principals: Principals) -> None:
    v = vocabulary(client, principals)
    assert [c["value"] for c in v["dpe_classes"]] == list("ABCDEFG")
    assert {c["value"]: c["label"] for c in v["system_uses"]} == {
        "heating": "Chauffage", "hot_water": "Eau chaude", "both": "Chauffage et eau chaude"}
    assert {c["value"]: c["label"] for c in v["envelope_kinds"]}["floor"] == "Plancher bas"
    assert {c["value"]: c["label"] for c in v["heating_energies"]}["heat_pump"] == "Pompe à chaleur"
    assert [c["value"] for c in v["altitude_classes"]] == ["below_400", "400_800", "above_800"]
    assert {c["value"]: c["label"] for c in v["glazing_types"]}["double_recent"] == "Double vitrage récent"
    assert len(v["decency_items"]) == 11 and v["wood_species"][0] == {"value": "oak", "label": "Chêne"}
    assert {c["value"]: c["label"] for c in v["works"]} == WORK_LABELS
    # Log lengths: the values a bill accepts, each labelled.
    accepted = set(get_args(get_args(BillEntryWrite.model_fields["log_length_cm"].annotation)[0]))
    assert {c["value"] for c in v["log_lengths"]} == accepted == set(LOG_LENGTH_LABELS)


def test_the_referrer_reads_no_vocabulary(client: TestClient, principals: Principals) -> None:
    """Staff only: the referrer's form lists no energy."""
    assert client.get(URL, headers=principals["referrer"]).status_code == 403
    assert client.get(URL).status_code == 401


def test_the_spa_test_fixture_is_what_the_api_serves(repo_root: Path) -> None:
    """The SPA's unit tests read the vocabulary from frontend/src/test/energy-vocabulary.json (the default
    reference values of 1 January 2026): it must stay the API's answer. To refresh it: .venv/bin/python -c
    "from datetime import date; from api.energy.reference import default_reference; from api.services.vocabulary
    import build; d = date(2026, 1, 1); print(build(default_reference(d), d).model_dump_json(indent=2))"
    > frontend/src/test/energy-vocabulary.json"""
    day = date(2026, 1, 1)
    served = json.loads(build(default_reference(day), day).model_dump_json())
    assert json.loads((repo_root / "frontend/src/test/energy-vocabulary.json").read_text()) == served

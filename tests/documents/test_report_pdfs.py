"""A validated report's PDFs over HTTP: the combined scenarios come from the frozen works estimate, each copy
with what its recipient may read (demo household Vuillet: propane, a social and a technical diagnostic)."""

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.models import Report, Visit
from tests.documents.test_pdf_scenarios import text_of
from tests.helpers import Principals
from tests.routers.test_frozen_report import (  # noqa: F401
    correct_reference_data,
    figures,
    pdfs,
    visit,
)
from tests.workflow.test_reports import validated


def test_each_copy_carries_the_frozen_scenarios_and_only_what_its_reader_may_read(
    client: TestClient, principals: Principals, visit: Visit, db: Session  # noqa: F811
) -> None:
    report = validated(client, principals, visit)
    frozen = figures(client, principals, report["id"])["works_estimate"]
    scenario = frozen["scenarios"][0]
    money = scenario["money"]
    assert money["tee_before_display"] and money["reste_a_vivre_uc_before_eur"]  # frozen with the social data
    texts = {r: text_of(c) for r, c in pdfs(client, principals, report["id"]).items()}
    for recipient, text in texts.items():
        assert "ne s'additionnent pas" in text, recipient
        assert f"Scénario : {scenario['label']}" in text, recipient
        assert "Temps de retour avant aides" in text, recipient
    for recipient in ("household", "prescriber"):
        assert "Catégorie de revenus Anah" in texts[recipient] and "Temps de retour après aides" in texts[recipient]
    assert f"Taux d'effort énergétique : {money['tee_before_display']} aujourd'hui" in texts["prescriber"]
    assert "effort" not in texts["household"].lower()
    landlord = texts["landlord"]
    for private in ("Anah", "Aides", "MaPrimeRénov", "Reste à charge", "reste à vivre", "effort",
                    money["tee_before_display"], money["tee_after_display"]):
        assert private not in landlord, private


def test_the_scenarios_printed_are_the_frozen_ones(
    client: TestClient, principals: Principals, visit: Visit, db: Session  # noqa: F811
) -> None:
    """The figures printed are those frozen at validation: changing the stored estimate (as a later
    correction of reference data would change a recomputation) changes the print; recomputing does not."""
    report = validated(client, principals, visit)
    before = text_of(pdfs(client, principals, report["id"])["landlord"])
    correct_reference_data(db)
    assert text_of(pdfs(client, principals, report["id"])["landlord"]) == before
    row = db.get(Report, report["id"])
    estimate = dict(row.frozen_works_estimate)
    estimate["scenarios"] = [{**estimate["scenarios"][0], "label": "Scénario figé de test"}]
    row.frozen_works_estimate = estimate
    db.add(row)
    db.commit()
    assert "Scénario : Scénario figé de test" in text_of(pdfs(client, principals, report["id"])["landlord"])

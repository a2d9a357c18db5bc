"""From syntheses to sent reports: cross-review, validation by a manager who did not write it, the
frozen report and its correction, the PDF copies per recipient, the consent gate and real SMTP (through
the outbox: tests run its sender explicitly; tests/workflow/test_mail_outbox.py covers its failures)."""

import email
import io
import re
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import Connection
from sqlmodel import Session, select

from api.access import scopes_for
from api.models import (
    Consent,
    ConsentPurpose,
    Delivery,
    Household,
    Referral,
    Report,
    ReportStatus,
    Synthesis,
    SynthesisStatus,
    User,
    Visit,
)
from api.services import report_delivery
from api.services.reports import REPORT_WORKFLOW
from api.services.syntheses import SYNTHESIS_WORKFLOW
from tests.helpers import Principals

PLAN = [{"priority": 1, "work": "roof", "description": "Isoler les combles perdus (R = 7)", "saving_kwh": "6842",
         "saving_eur": "786.83", "cost_low": "1600", "cost_high": "4000", "possible_aids": "MaPrimeRénov'"}]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(client: TestClient) -> Iterator[Inbox]:
    """A real SMTP server on loopback; the app is pointed at it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    client.app.state.settings = client.app.state.settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port,
                                                                                    "smtp_tls": "none"})
    yield inbox
    controller.stop()


def send_outbox(client: TestClient, connection: Connection, at: datetime | None = None) -> int:
    """What the background sender does, once, in the test's transaction."""
    return report_delivery.send_due_mail(settings=client.app.state.settings, now=lambda: at or datetime.now(UTC),
                                 sessions=lambda: Session(bind=connection, join_transaction_mode="create_savepoint",
                                                          expire_on_commit=False))


@pytest.fixture
def visit(db: Session) -> Visit:
    """Yesterday's visit of Claire and Lucas to household 3, referred by the CAF (with an e-mail)."""
    claire = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    household = db.get(Household, 3)
    household.email = "famille.benali@example.org"
    referral = Referral(household_id=3, status="visited", channel="phone", referring_organisation_id=6,
                        referrer_name="Marc Leroy", referrer_email="marc.leroy@caf39.example", contact_consent=True)
    db.add_all([household, referral])
    db.commit()
    start = datetime.now(UTC) - timedelta(days=1)
    visit = Visit(household_id=3, referral_id=referral.id, coordinator_id=claire.id, advisor_id=lucas.id,
                  starts_at=start, ends_at=start + timedelta(hours=2), status="done")
    db.add(visit)
    db.commit()
    return visit


def write(client: TestClient, principals: Principals, visit: Visit, kind: str, who: str, content: str, **extra):  # noqa: ANN003, ANN201
    return client.put(f"/api/v1/visits/{visit.id}/syntheses/{kind}", json={"content": content, **extra},
                      headers=principals[who])


def move(client: TestClient, principals: Principals, kind: str, ident: int, who: str, action: str, version: int, **extra):  # noqa: ANN003, ANN201
    return client.post(f"/api/v1/{kind}/{ident}/transitions", json={"action": action, "version": version, **extra},
                       headers=principals[who])


def finalised(client: TestClient, principals: Principals, visit: Visit) -> None:
    family = write(client, principals, visit, "family", "coordinator", "Couple avec deux enfants, impayé EDF de 420 €.").json()
    technical = write(client, principals, visit, "technical", "advisor", "Maison de 1965, combles non isolés.",
                      works=PLAN).json()
    for synthesis, owner, reviewer in ((family, "coordinator", "advisor"), (technical, "advisor", "coordinator")):
        assert move(client, principals, "syntheses", synthesis["id"], owner, "submit_for_review", 1).status_code == 200
        assert move(client, principals, "syntheses", synthesis["id"], reviewer, "mark_reviewed", 2).status_code == 200
        assert move(client, principals, "syntheses", synthesis["id"], owner, "finalise", 3).status_code == 200


def compiled(client: TestClient, principals: Principals, visit: Visit) -> dict:
    finalised(client, principals, visit)
    response = client.post(f"/api/v1/visits/{visit.id}/report", json={
        "orientations": [{"kind": "fsl_energy", "description": "Dossier FSL pour l'impayé EDF", "partner": "CCAS"},
                         {"kind": "anah_maprimerenov", "description": "Isolation des combles"}]},
        headers=principals["coordinator"])
    assert response.status_code == 201, response.text
    return response.json()


def validated(client: TestClient, principals: Principals, visit: Visit) -> dict:
    report = compiled(client, principals, visit)
    assert move(client, principals, "reports", report["id"], "coordinator", "submit", 1).status_code == 200
    response = move(client, principals, "reports", report["id"], "manager", "validate", 2,
                    complementary_opinion="Prévoir aussi un point sur le chèque énergie.")
    assert response.status_code == 200, response.text
    return response.json()


def test_only_the_owner_writes_and_the_other_member_reviews(client: TestClient, principals: Principals, visit: Visit) -> None:
    assert write(client, principals, visit, "family", "advisor", "x").status_code == 403
    family = write(client, principals, visit, "family", "coordinator", "Le ménage chauffe une seule pièce.").json()
    assert family["owner"]["full_name"] == "Claire Martin"
    assert family["allowed_actions"] == ["submit_for_review", "edit", "resolve_comment"]
    url = f"/api/v1/syntheses/{family['id']}/comments"
    # No review before submission, and never by the owner.
    assert client.post(url, json={"body": "Précision"}, headers=principals["advisor"]).status_code == 409
    move(client, principals, "syntheses", family["id"], "coordinator", "submit_for_review", 1)
    assert client.post(url, json={"body": "Moi-même"}, headers=principals["coordinator"]).status_code == 403
    suggested = client.post(url, json={"body": "Plus précis", "quote": "une seule pièce",
                                       "replacement": "seulement le séjour, au poêle à pétrole"},
                            headers=principals["advisor"])
    assert suggested.status_code == 201
    assert suggested.json()["allowed_actions"] == ["mark_reviewed", "comment"]  # the reviewer's view
    comment = suggested.json()["comments"][0]
    move(client, principals, "syntheses", family["id"], "advisor", "mark_reviewed", 2)
    blocked = move(client, principals, "syntheses", family["id"], "coordinator", "finalise", 3)
    assert blocked.status_code == 409 and "remarques" in blocked.json()["detail"]
    accepted = client.post(f"{url}/{comment['id']}/accept", headers=principals["coordinator"]).json()
    assert accepted["content"] == "Le ménage chauffe seulement le séjour, au poêle à pétrole."
    done = move(client, principals, "syntheses", family["id"], "coordinator", "finalise", accepted["version"])
    assert done.status_code == 200 and done.json()["status"] == "final"
    frozen = write(client, principals, visit, "family", "coordinator", "changement", version=done.json()["version"])
    assert frozen.status_code == 409


def test_stale_synthesis_write_is_refused(client: TestClient, principals: Principals, visit: Visit) -> None:
    write(client, principals, visit, "technical", "advisor", "Première version")
    assert write(client, principals, visit, "technical", "advisor", "Deuxième", version=1).status_code == 200
    stale = write(client, principals, visit, "technical", "advisor", "Écrase ?", version=1)
    assert stale.status_code == 409 and stale.json()["error"] == "stale_version"


def test_report_needs_both_final_syntheses(client: TestClient, principals: Principals, visit: Visit) -> None:
    write(client, principals, visit, "family", "coordinator", "Texte")
    response = client.post(f"/api/v1/visits/{visit.id}/report", json={}, headers=principals["coordinator"])
    assert response.status_code == 409 and "synthèse famille et la synthèse technique" in response.json()["detail"]


@pytest.mark.parametrize(("who", "action", "status", "extra"), [
    ("advisor", "submit", 403, {}),       # not the author
    ("manager", "submit", 403, {}),
    ("coordinator", "validate", 403, {}),  # the author, and no manager
    ("manager", "validate", 409, {}),
    ("coordinator", "mark_sent", 409, {}),  # by sending only
])
def test_illegal_report_transitions_from_draft(client: TestClient, principals: Principals, visit: Visit,
                                               who: str, action: str, status: int, extra: dict) -> None:
    report = compiled(client, principals, visit)
    response = move(client, principals, "reports", report["id"], who, action, 1, **extra)
    assert response.status_code == status, response.text


def test_return_with_reason_then_validate(client: TestClient, principals: Principals, visit: Visit) -> None:
    report = compiled(client, principals, visit)
    move(client, principals, "reports", report["id"], "coordinator", "submit", 1)
    no_reason = move(client, principals, "reports", report["id"], "manager", "return", 2)
    assert no_reason.status_code == 409
    returned = move(client, principals, "reports", report["id"], "manager", "return", 2, reason="Préciser le FSL")
    assert returned.json()["status"] == "returned" and returned.json()["returned_reason"] == "Préciser le FSL"
    edited = client.patch(f"/api/v1/reports/{report['id']}", json={"version": 3, "introduction": "Suite à votre appel"},
                          headers=principals["coordinator"])
    assert edited.status_code == 200
    queue = client.get("/api/v1/reports/queue", headers=principals["manager"]).json()["items"]
    assert report["id"] not in [q["id"] for q in queue]
    move(client, principals, "reports", report["id"], "coordinator", "submit", 4)
    queue = client.get("/api/v1/reports/queue", headers=principals["manager"]).json()["items"]
    item = next(q for q in queue if q["id"] == report["id"])
    assert item["days_since_visit"] == 1 and item["author"]["full_name"] == "Claire Martin"
    assert move(client, principals, "reports", report["id"], "manager", "validate", 5).json()["status"] == "validated"


def test_nobody_validates_a_report_they_wrote(client: TestClient, principals: Principals, visit: Visit) -> None:
    finalised(client, principals, visit)
    report = client.post(f"/api/v1/visits/{visit.id}/report", json={}, headers=principals["admin"]).json()
    move(client, principals, "reports", report["id"], "admin", "submit", 1)
    response = move(client, principals, "reports", report["id"], "admin", "validate", 2)
    assert response.status_code == 403 and "rédigé" in response.json()["detail"]


def test_validated_report_is_frozen_and_corrected_by_a_new_version(
    client: TestClient, principals: Principals, visit: Visit
) -> None:
    report = validated(client, principals, visit)
    frozen = client.patch(f"/api/v1/reports/{report['id']}", json={"version": report["version"], "introduction": "x"},
                          headers=principals["coordinator"])
    assert frozen.status_code == 409 and "correction" in frozen.json()["detail"]
    correction = client.post(f"/api/v1/reports/{report['id']}/corrections", headers=principals["coordinator"])
    assert correction.status_code == 201
    new = correction.json()
    assert (new["number"], new["previous_id"], new["status"]) == (2, report["id"], "draft")
    assert [o["kind"] for o in new["orientations"]] == ["fsl_energy", "anah_maprimerenov"]
    old = client.get(f"/api/v1/reports/{report['id']}", headers=principals["coordinator"]).json()
    assert old["status"] == "validated" and old["complementary_opinion"].startswith("Prévoir")
    # The visit points at its newest version.
    assert client.get(f"/api/v1/visits/{visit.id}", headers=principals["coordinator"]).json()["report_id"] == new["id"]


def pdf_text(client: TestClient, principals: Principals, report_id: int, recipient: str) -> str:
    response = client.get(f"/api/v1/reports/{report_id}/pdf", params={"recipient": recipient},
                          headers=principals["coordinator"])
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)


def test_pdf_copies_hold_the_right_sections(client: TestClient, principals: Principals, visit: Visit) -> None:
    report = validated(client, principals, visit)
    household = pdf_text(client, principals, report["id"], "household")
    flat = re.sub(r"[ \n]+", " ", household)  # pypdf gives the lines as laid out (U+202F kept)
    for expected in ("Conseil départemental du Jura", "Compte-rendu de visite", "Votre situation", "Votre logement",
                     "Ce que nous vous proposons", "FSL énergie", "Claire Martin", "Lucas Bernard", "page 1 /",
                     "1\u202f600,00\u202f€ à 4\u202f000,00\u202f€", "Document validé le", "vous nous avez reçus chez vous",
                     "Les travaux que nous vous recommandons", "6\u202f842\u202fkWh/an", "786,83\u202f€/an"):
        assert expected in flat, expected
    prescriber = pdf_text(client, principals, report["id"], "prescriber")
    assert "Synthèse famille" in prescriber and "Orientations proposées" in prescriber
    landlord = pdf_text(client, principals, report["id"], "landlord")
    assert "Synthèse technique" in landlord and "Isoler les combles" in landlord
    for private in ("420", "impayé", "EDF", "Synthèse famille", "FSL", "BENALI"):
        assert private not in landlord, private
    # The managers' complementary opinion is internal: in no copy that leaves the team.
    for copy in (household, prescriber, landlord):
        assert "Avis complémentaire" not in copy and "chèque énergie" not in copy
    # The household's copy speaks to the household, not about it; the team's wording stays in the others.
    for third_person in ("Synthèse famille", "Synthèse technique", "Orientations proposées", "prescripteur",
                         "Validé le 29"):
        assert third_person not in household, third_person


def household_or(lines: list[str]) -> str:
    return " ".join(lines)


def test_amounts_never_leave_the_euro_sign_alone_on_a_line(client: TestClient, principals: Principals,
                                                            visit: Visit, db: Session) -> None:
    """Many amounts in narrow table cells: wherever a line breaks, a number and its unit stay together."""
    report = validated(client, principals, visit)
    row = db.get(Report, report["id"])
    row.works = [{**PLAN[0], "priority": i, "saving_eur": "12345.67", "cost_low": "123456.78",
                  "cost_high": "1234567.89", "description": "Travaux " + "très " * i} for i in range(1, 8)]
    db.add(row)
    db.commit()
    for recipient in ("household", "prescriber", "landlord"):
        lines = [line.strip() for line in pdf_text(client, principals, report["id"], recipient).splitlines()]
        assert "1\u202f234\u202f567,89\u202f€" in household_or(lines)
        for line in lines:
            assert not line.startswith(("€", "kWh")), (recipient, line)
            assert " €" not in line and not re.search(r"\d €|\d kWh|\d \d{3}\b", line), (recipient, line)


def test_consent_gates_the_landlord_copy(client: TestClient, principals: Principals, visit: Visit, db: Session,
                                         connection: Connection, smtp: Inbox) -> None:
    household = db.get(Household, 3)
    household.landlord_id = 3  # Jura Habitat
    db.add(household)
    db.commit()
    report = validated(client, principals, visit)
    url = f"/api/v1/reports/{report['id']}/deliveries"
    refused = client.post(url, json={"recipient": "landlord", "channel": "email", "address": "travaux@jurahabitat.example"},
                          headers=principals["coordinator"])
    assert refused.status_code == 409 and "accord" in refused.json()["detail"]
    assert smtp.messages == []
    coordinator = db.exec(select(User).where(User.email == "animatrice@cd39.demo")).one()
    db.add(Consent(household_id=3, purpose=ConsentPurpose.share_with_landlord, given_at=datetime.now(UTC),
                   recorded_by_id=coordinator.id))
    db.commit()
    sent = client.post(url, json={"recipient": "landlord", "channel": "email", "address": "travaux@jurahabitat.example"},
                       headers=principals["coordinator"])
    assert sent.status_code == 201, sent.text
    assert smtp.messages == [] and sent.json()["deliveries"][0]["status"] == "pending"
    assert send_outbox(client, connection) == 1
    assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == "travaux@jurahabitat.example"


def test_sending_by_email_and_by_post(client: TestClient, principals: Principals, visit: Visit, db: Session,
                                      connection: Connection, smtp: Inbox) -> None:
    report = validated(client, principals, visit)
    url = f"/api/v1/reports/{report['id']}/deliveries"
    queued = client.post(url, json={"recipient": "household", "channel": "email"}, headers=principals["coordinator"])
    assert queued.status_code == 201, queued.text
    body = queued.json()
    # Queued, not sent: the report is « envoyé » only once the copy is delivered.
    assert body["status"] == "validated" and body["sent_at"] is None and body["email_available"] is True
    assert body["deliveries"][0]["address"] == "famille.benali@example.org"
    assert body["deliveries"][0]["status"] == "pending" and smtp.messages == []
    assert send_outbox(client, connection) == 1
    read = client.get(f"/api/v1/reports/{report['id']}", headers=principals["coordinator"]).json()
    assert read["status"] == "sent" and read["sent_at"]
    assert (read["deliveries"][0]["status"], read["deliveries"][0]["attempts"]) == ("sent", 1)
    message = smtp.messages[0]
    assert message["Subject"] == "Compte-rendu de votre visite SLIME"
    attachment = next(part for part in message.walk() if part.get_content_type() == "application/pdf")
    text = PdfReader(io.BytesIO(attachment.get_payload(decode=True))).pages[0].extract_text()
    assert "Compte-rendu de visite" in text and "BENALI" in text
    no_consent = client.post(url, json={"recipient": "prescriber", "channel": "email"}, headers=principals["coordinator"])
    assert no_consent.status_code == 409
    posted = client.post(url, json={"recipient": "household", "channel": "post"}, headers=principals["coordinator"])
    assert posted.json()["deliveries"][-1]["status"] == "recorded"
    assert "Dole" in posted.json()["deliveries"][-1]["address"]
    assert client.post(url, json={"recipient": "household", "channel": "email"},
                       headers=principals["manager"]).status_code == 403


def test_a_failed_smtp_delivery_is_logged(client: TestClient, principals: Principals, visit: Visit, db: Session,
                                          connection: Connection) -> None:
    report = validated(client, principals, visit)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    client.app.state.settings = client.app.state.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": closed_port, "smtp_timeout_seconds": 2, "smtp_tls": "none"})
    response = client.post(f"/api/v1/reports/{report['id']}/deliveries",
                           json={"recipient": "household", "channel": "email"}, headers=principals["coordinator"])
    assert response.status_code == 201 and response.json()["deliveries"][0]["status"] == "pending"
    assert send_outbox(client, connection) == 1
    db.expire_all()
    failed = db.exec(select(Delivery).where(Delivery.report_id == report["id"])).all()
    assert [(d.status, d.attempts, d.error) for d in failed] == [("pending", 1, "ConnectionRefusedError")]
    assert db.get(Report, report["id"]).status == "validated"


def expected_status(workflow, state: str, action: str, grants: frozenset[str]) -> int:  # noqa: ANN001
    """200 when the table allows it; 403 when the step exists from here but not for these grants; else 409."""
    if action in workflow.allowed_actions(state, grants):
        return 200
    exists = any(t.action == action and state in t.sources and t.manual for t in workflow.transitions)
    return 403 if exists else 409


SYNTHESIS_CASES = [(state, action, who) for state in SynthesisStatus for action in
                   ("submit_for_review", "mark_reviewed", "finalise", "back_to_draft", "publish")
                   for who in ("coordinator", "advisor")]


@pytest.mark.parametrize(("state", "action", "who"), SYNTHESIS_CASES,
                         ids=[f"{s}:{a}:{w}" for s, a, w in SYNTHESIS_CASES])
def test_every_synthesis_transition_by_owner_and_reviewer(client: TestClient, principals: Principals, visit: Visit,
                                                          db: Session, state: str, action: str, who: str) -> None:
    """The family synthesis: Claire (coordinator) owns it, Lucas (advisor) reviews it."""
    synthesis = Synthesis(visit_id=visit.id, household_id=visit.household_id, kind="family",
                          owner_id=visit.coordinator_id, status=state, content="Texte")
    db.add(synthesis)
    db.commit()
    roles = frozenset({"owner"}) if who == "coordinator" else frozenset({"reviewer"})
    response = move(client, principals, "syntheses", synthesis.id, who, action, 1)
    assert response.status_code == expected_status(SYNTHESIS_WORKFLOW, state, action, roles), response.text
    db.expire_all()
    after = db.get(Synthesis, synthesis.id).status
    assert (after != state) == (response.status_code == 200)


REPORT_CASES = [(state, action, who) for state in ReportStatus for action in ("submit", "validate", "return", "mark_sent")
                for who in ("coordinator", "manager", "advisor")]


@pytest.mark.parametrize(("state", "action", "who"), REPORT_CASES, ids=[f"{s}:{a}:{w}" for s, a, w in REPORT_CASES])
def test_every_report_transition_by_role(client: TestClient, principals: Principals, visit: Visit, db: Session,
                                         state: str, action: str, who: str) -> None:
    """Claire (coordinator) wrote the report; Sophie (manager) validates; Lucas (advisor) only reads."""
    report = Report(household_id=visit.household_id, visit_id=visit.id, author_id=visit.coordinator_id, status=state)
    db.add(report)
    db.commit()
    response = move(client, principals, "reports", report.id, who, action, 1, reason="Motif")
    if who == "advisor":
        expected = expected_status(REPORT_WORKFLOW, state, action, scopes_for({"advisor"}))  # neither author nor manager
    elif who == "coordinator" and action == "validate":
        expected = 403  # nobody validates what they wrote
    else:
        grants = scopes_for({"coordinator"}) | {"author"} if who == "coordinator" else scopes_for({"manager"})
        expected = expected_status(REPORT_WORKFLOW, state, action, grants)
    assert response.status_code == expected, response.text

"""Regression tests for the security audit's hardening items (issue 13): formula injection in the
exports, SMTP certificate checks, webhook targets and secrets, small-count suppression, and input limits."""

import csv
import io
import ipaddress
import json
import smtplib
import socket
import ssl
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from alembic import command
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import Connection, create_engine, text
from sqlmodel import Session, select

from api.cli import alembic_config
from api.documents.exports import Table, _cell, to_csv, to_xlsx
from api.models import Household, Organisation, WebhookDelivery, WebhookSubscription
from api.reporting.stats import suppress_line, suppress_table
from api.security import Purpose, SecretUnreadable, decrypt_secret, derive_key, encrypt_secret
from api.services import mail, webhooks
from api.settings import Environment, Settings
from pydantic import ValidationError
from tests.conftest import SECRET
from tests.helpers import Principals, household_payload
from tests.reporting.test_annual_report import YEAR, add_year

FORMULA = '=HYPERLINK("http://x","y")'


# --- 7. Formula injection in CSV and XLSX exports ------------------------------------------------

def test_a_formula_typed_as_a_commune_stays_text_in_the_case_extract(
        client: TestClient, principals: Principals, db: Session) -> None:
    created = client.post("/api/v1/households", headers=principals["coordinator"],
                          json=household_payload(commune=FORMULA))
    assert created.status_code == 201, created.text
    typed = created.json()["commune"]
    assert typed == FORMULA  # stored as typed: neutralised on export, not mangled on input
    # The five owner-occupiers of the hand-made year share every other quasi-identifier, so with the same
    # commune the k-anonymised extract keeps it.
    year = add_year(db)
    for household in year["households"][:5]:
        household.commune = typed
        db.add(household)
    db.commit()
    as_csv = client.get(f"/api/v1/reporting/annual/{YEAR}/cases", params={"format": "csv"},
                        headers=principals["reporting"])
    assert as_csv.status_code == 200
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    communes = [r[1] for r in rows if len(r) > 1 and r[0].startswith("M-")]
    assert communes.count("'" + FORMULA) == 5 and FORMULA not in communes
    as_xlsx = client.get(f"/api/v1/reporting/annual/{YEAR}/cases", params={"format": "xlsx"},
                         headers=principals["reporting"])
    sheet = load_workbook(io.BytesIO(as_xlsx.content))["Cas pseudonymisés"]
    cells = [row[1] for row in sheet.iter_rows(min_row=2) if row[1].value == FORMULA]
    assert len(cells) == 5
    assert all(c.data_type != "f" and c.data_type == "s" for c in cells)


def test_every_formula_trigger_is_neutralised_and_numbers_stay_numbers() -> None:
    for value in ("=1+1", "+33 6", "-2+3", "@SUM(A1)", "\tx", "\rx"):
        assert _cell(value) == "'" + value
    assert _cell("Dole") == "Dole" and _cell(-3) == "-3" and _cell(2.5) == "2.5"
    table = Table("T", ["Texte", "Nombre"], [["=1+1", -3], ["-x", 4]])
    rows = list(csv.reader(io.StringIO(to_csv([table], "note").decode("utf-8-sig")), delimiter=";"))
    assert rows[-2:] == [["'=1+1", "-3"], ["'-x", "4"]]
    sheet = load_workbook(io.BytesIO(to_xlsx([table], "note")))["T"]
    assert (sheet["A2"].data_type, sheet["A2"].value, sheet["A2"].quotePrefix) == ("s", "=1+1", True)
    assert (sheet["B2"].data_type, sheet["B2"].value) == ("n", -3)


# --- 8. SMTP: TLS with certificate checks, no credentials in clear ----------------------------------

def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no system trust store knows."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(minutes=5))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append(envelope.content)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def tls_smtp(tmp_path: Path) -> Iterator[tuple[_Inbox, int, Path]]:
    """An SMTP server on loopback offering STARTTLS with a self-signed certificate."""
    cert, key = _self_signed(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    inbox, port = _Inbox(), _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True)
    controller.start()
    yield inbox, port, cert
    controller.stop()


def _send(settings: Settings) -> None:
    mail.send(settings, to="menage@example.org", subject="Rapport", body="Bonjour", attachment=b"%PDF",
              filename="rapport.pdf")


def test_starttls_refuses_a_certificate_it_cannot_verify(settings: Settings, tls_smtp) -> None:  # noqa: ANN001
    inbox, port, _ = tls_smtp
    smtp = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "starttls",
                                       "smtp_timeout_seconds": 5})
    with pytest.raises(mail.MailError, match="SSLCertVerificationError"):
        _send(smtp)
    assert inbox.messages == []


def test_starttls_sends_when_the_certificate_is_trusted(settings: Settings, tls_smtp,  # noqa: ANN001
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, port, cert = tls_smtp
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the default context's trust store: now it knows the server
    seen: list[ssl.SSLContext] = []
    original = smtplib.SMTP.starttls

    def spy(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        seen.append(kwargs.get("context"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(smtplib.SMTP, "starttls", spy)
    _send(settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_tls": "starttls",
                                      "smtp_timeout_seconds": 5}))
    assert len(inbox.messages) == 1
    context, = seen
    assert context is not None and context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname


def test_credentials_without_tls_are_refused_by_the_settings() -> None:
    with pytest.raises(ValidationError, match="BINOME_SMTP_TLS"):
        Settings(environment=Environment.test, secret_key=SECRET, smtp_host="smtp.example.org", smtp_username="slime",
                 smtp_password="x", smtp_tls="none")
    assert Settings(environment=Environment.test, secret_key=SECRET, smtp_host="smtp.example.org",
                    smtp_username="slime").smtp_tls \
        == "starttls"  # the default


# --- 13. Input: NUL characters, NaN/Infinity, body size, integration tokens ----------------------

def test_a_nul_character_is_refused_naming_the_field(client: TestClient, principals: Principals, db: Session) -> None:
    before = len(db.exec(select(Household)).all())
    payload = household_payload(last_name="Test\u0000ard")
    payload["members"][1]["first_name"] = "N\u0000oé"
    response = client.post("/api/v1/households", headers=principals["coordinator"], json=payload)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation_error"
    assert [f["field"] for f in body["fields"]] == ["last_name", "members.1.first_name"]
    assert "caractère nul" in body["fields"][0]["message"]
    assert len(db.exec(select(Household)).all()) == before  # not stored (SQLite would have)
    query = client.get("/api/v1/households", params={"q": "Gi\u0000rard"}, headers=principals["coordinator"])
    assert query.status_code == 422 and query.json()["fields"][0]["field"] == "q"
    login = client.post("/api/v1/auth/token", data={"username": "animatrice@cd39.demo\u0000", "password": "x"})
    assert login.status_code == 422 and login.json()["fields"][0]["field"] == "username"
    # An escaped backslash followed by "u0000" is ordinary text, not a NUL.
    fine = client.post("/api/v1/households", headers=principals["coordinator"],
                       json=household_payload(last_name="Test\\u0000ard"))
    assert fine.status_code == 201, fine.text


def test_nan_and_infinity_are_refused_in_french(client: TestClient, principals: Principals) -> None:
    for literal in ("NaN", "Infinity", "-Infinity"):
        raw = json.dumps(household_payload()).replace('"surface_m2": "80.5"', f'"surface_m2": {literal}')
        response = client.post("/api/v1/households", headers={**principals["coordinator"],
                                                              "Content-Type": "application/json"}, content=raw)
        assert response.status_code == 422, response.text
        field, = response.json()["fields"]
        assert field["field"] == "dwelling.surface_m2"
        assert field["message"] == "Nombre fini attendu (NaN et Infinity ne sont pas acceptés)."


def test_a_body_beyond_the_limit_is_refused_with_413(client: TestClient, principals: Principals,
                                                     settings: Settings) -> None:
    assert settings.max_body_bytes == 10 * 1024 * 1024  # the default
    big = b'{"last_name": "' + b"x" * settings.max_body_bytes + b'"}'
    declared = client.post("/api/v1/households", headers={**principals["coordinator"],
                                                          "Content-Type": "application/json"}, content=big)
    assert declared.status_code == 413
    assert declared.json() == {"error": "payload_too_large", "detail": "Requête trop volumineuse : au plus 10 Mio."}

    def chunks() -> Iterator[bytes]:  # streamed: no Content-Length to trust
        yield b'{"last_name": "'
        for _ in range(11):
            yield b"x" * (1024 * 1024)
        yield b'"}'

    streamed = client.post("/api/v1/households", headers={**principals["coordinator"],
                                                          "Content-Type": "application/json"}, content=chunks())
    assert streamed.status_code == 413 and streamed.json()["error"] == "payload_too_large"
    # Below the limit, a body goes through as before.
    assert client.post("/api/v1/households", headers=principals["coordinator"],
                       json=household_payload()).status_code == 201


def test_a_reporting_token_cannot_belong_to_a_landlord(client: TestClient, principals: Principals,
                                                       db: Session) -> None:
    orgs = {o.name: o.id for o in db.exec(select(Organisation)).all()}
    for name in ("Jura Habitat", "CAF du Jura"):
        refused = client.post("/api/v1/integration-tokens", headers=principals["admin"],
                              json={"name": "Bilan", "kind": "reporting", "organisation_id": orgs[name]})
        assert refused.status_code == 422, refused.text
        assert refused.json()["fields"][0]["field"] == "organisation_id"
        assert "Département" in refused.json()["fields"][0]["message"]
    for organisation_id in (None, orgs["Conseil départemental du Jura"], orgs["Ajena"]):
        assert client.post("/api/v1/integration-tokens", headers=principals["admin"], json={
            "name": "Bilan", "kind": "reporting", "organisation_id": organisation_id}).status_code == 201
    landlord = client.post("/api/v1/integration-tokens", headers=principals["admin"],
                           json={"name": "Bailleur", "kind": "landlord", "organisation_id": orgs["Ajena"]})
    assert landlord.status_code == 422 and landlord.json()["fields"][0]["field"] == "organisation_id"


# --- 11. Webhook targets and signing secrets ------------------------------------------------------

PUBLIC = ipaddress.ip_address("93.184.215.14")  # a public address; nothing is ever sent to it here


def _dns(monkeypatch: pytest.MonkeyPatch, table: dict[str, str]) -> None:
    """Tests have no DNS: names resolve through this table; IP literals and localhost as the system says."""
    real = webhooks.resolve

    def resolve(host: str, port: int) -> list:
        return [ipaddress.ip_address(table[host])] if host in table else real(host, port)

    monkeypatch.setattr(webhooks, "resolve", resolve)


def _landlord(db: Session) -> int:
    return db.exec(select(Organisation).where(Organisation.name == "Jura Habitat")).one().id


def _dispatch(connection: Connection, settings: Settings) -> int:
    return webhooks.dispatch_due(settings=settings, sessions=lambda: Session(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False))


def test_internal_and_plain_http_targets_are_refused_when_subscribing(
        client: TestClient, principals: Principals, db: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    _dns(monkeypatch, {"hooks.bailleur.fr": str(PUBLIC), "intranet.bailleur.fr": "192.168.1.10",
                       "rebind.bailleur.fr": "169.254.169.254"})
    landlord = _landlord(db)
    for url in ("http://hooks.bailleur.fr/binome", "https://localhost/hook", "https://127.0.0.1:8080/hook",
                "https://169.254.169.254/latest/meta-data", "https://10.0.0.1/hook", "https://[::1]/hook",
                "https://[::ffff:127.0.0.1]/hook", "https://0.0.0.0/hook", "https://224.0.0.1/hook",
                "https://intranet.bailleur.fr/hook", "https://rebind.bailleur.fr/hook", "https://nowhere.invalid/hook",
                "https://user:pw@hooks.bailleur.fr/hook"):
        response = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                               json={"organisation_id": landlord, "url": url})
        assert response.status_code == 422, (url, response.text)
        field, = response.json()["fields"]
        assert field["field"] == "url" and field["message"].endswith(".") and "Input" not in field["message"], url
    refused = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                          json={"organisation_id": landlord, "url": "https://intranet.bailleur.fr/hook"})
    assert "réseau interne" in refused.json()["fields"][0]["message"]
    ok = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                     json={"organisation_id": landlord, "url": "https://hooks.bailleur.fr/binome"})
    assert ok.status_code == 201, ok.text


def test_a_target_that_now_resolves_inside_is_refused_at_delivery(
        client: TestClient, principals: Principals, db: Session, connection: Connection, settings: Settings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    table = {"hooks.bailleur.fr": str(PUBLIC)}
    _dns(monkeypatch, table)
    landlord = _landlord(db)
    assert client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                       json={"organisation_id": landlord, "url": "https://hooks.bailleur.fr/binome"}).status_code == 201
    webhooks.enqueue(db, landlord, "test.event", {"n": 1})
    db.commit()
    table["hooks.bailleur.fr"] = "127.0.0.1"  # DNS rebinding after the check
    sent: list = []
    monkeypatch.setattr(httpx.Client, "send", lambda *args, **kwargs: sent.append(args))
    assert _dispatch(connection, settings) == 1
    db.expire_all()
    row = db.exec(select(WebhookDelivery)).one()
    assert (row.status, row.last_status_code) == ("refused", None) and "réseau interne" in row.last_error
    assert sent == []
    log = client.get("/api/v1/webhook-subscriptions/deliveries", headers=principals["admin"]).json()
    assert log["items"][0]["status"] == "refused"


def test_the_delivery_log_never_shows_what_the_remote_end_said(
        client: TestClient, principals: Principals, db: Session, connection: Connection, settings: Settings) -> None:
    """A non-HTTP service (an SSH banner here) used to be quoted in the log: a port scanner with banners."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def banner() -> None:
        conn, _ = server.accept()
        with conn:
            conn.recv(65536)
            conn.sendall(b"SSH-2.0-OpenSSH_9.6 internal-host-secret\r\n\r\n")

    thread = threading.Thread(target=banner, daemon=True)
    thread.start()
    local = settings.model_copy(update={"webhook_allow_private_targets": True, "webhook_timeout_seconds": 2})
    client.app.state.settings = local
    landlord = _landlord(db)
    url = f"http://127.0.0.1:{server.getsockname()[1]}/hook"
    assert client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                       json={"organisation_id": landlord, "url": url}).status_code == 201
    webhooks.enqueue(db, landlord, "test.event", {"n": 1})
    db.commit()
    assert _dispatch(connection, local) == 1
    thread.join(5)
    server.close()
    log = client.get("/api/v1/webhook-subscriptions/deliveries", headers=principals["admin"])
    item, = log.json()["items"]
    assert item["status"] == "pending" and item["last_status_code"] is None
    assert item["last_error"] == "RemoteProtocolError"
    assert "SSH" not in log.text and "internal-host-secret" not in log.text


def test_the_request_goes_to_the_checked_address_with_the_host_name(
        db: Session, connection: Connection, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[httpx.Request] = []

    def send(self, request: httpx.Request, **kwargs):  # noqa: ANN001, ANN003, ANN202
        seen.append(request)
        return httpx.Response(204, request=request)

    _dns(monkeypatch, {"hooks.bailleur.fr": str(PUBLIC)})
    monkeypatch.setattr(httpx.Client, "send", send)
    landlord = _landlord(db)
    db.add(WebhookSubscription(organisation_id=landlord, url="https://hooks.bailleur.fr:8443/binome?x=1",
                               secret_encrypted=encrypt_secret("whsec_test", secret=settings.secret_key)))
    webhooks.enqueue(db, landlord, "test.event", {"n": 1})
    db.commit()
    assert _dispatch(connection, settings) == 1
    request, = seen
    assert str(request.url) == f"https://{PUBLIC}:8443/binome?x=1"  # pinned: no second DNS lookup
    assert request.headers["host"] == "hooks.bailleur.fr:8443"
    assert request.extensions["sni_hostname"] == "hooks.bailleur.fr"  # the certificate is checked for the name
    db.expire_all()
    assert db.exec(select(WebhookDelivery)).one().status == "delivered"


def test_the_signing_secret_is_encrypted_at_rest(client: TestClient, principals: Principals, db: Session,
                                                 settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    _dns(monkeypatch, {"hooks.bailleur.fr": str(PUBLIC)})
    created = client.post("/api/v1/webhook-subscriptions", headers=principals["admin"],
                          json={"organisation_id": _landlord(db), "url": "https://hooks.bailleur.fr/binome"})
    secret = created.json()["secret"]
    row = db.get(WebhookSubscription, created.json()["id"])
    assert secret.startswith("whsec_") and secret not in row.secret_encrypted
    assert decrypt_secret(row.secret_encrypted, secret=settings.secret_key) == secret
    with pytest.raises(SecretUnreadable):
        decrypt_secret(row.secret_encrypted, secret="another-server-secret-" + "y" * 30)


def test_webhook_secrets_are_encrypted_with_a_key_of_their_own() -> None:
    """The at-rest key is derived for this purpose alone: neither the JWT key nor a token-hash key."""
    keys = {purpose: derive_key("app-secret-" + "z" * 30, purpose) for purpose in Purpose}
    assert len(set(keys.values())) == len(keys) and len(keys[Purpose.webhook_secret]) == 32
    sealed = encrypt_secret("whsec_x", secret="app-secret-" + "z" * 30)
    assert decrypt_secret(sealed, secret="app-secret-" + "z" * 30) == "whsec_x"

def test_the_migration_encrypts_existing_secrets(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    engine = create_engine(url)
    cfg = alembic_config()
    key = "migration-secret-" + "z" * 32
    with engine.begin() as conn:
        cfg.attributes.update(connection=conn, secret_key=key)
        command.upgrade(cfg, "0007")
        conn.execute(text("INSERT INTO organisation (id, name, kind, created_at) VALUES "
                          "(1, 'Bailleur', 'social_landlord', CURRENT_TIMESTAMP)"))
        conn.execute(text("INSERT INTO webhook_subscription (organisation_id, url, secret, active, created_at) "
                          "VALUES (1, 'https://b.example/h', 'whsec_clear', 1, CURRENT_TIMESTAMP)"))
        command.upgrade(cfg, "0008h")
        stored = conn.execute(text("SELECT secret_encrypted FROM webhook_subscription")).scalar_one()
        assert "whsec_clear" not in stored and decrypt_secret(stored, secret=key) == "whsec_clear"
        command.downgrade(cfg, "0007")
        assert conn.execute(text("SELECT secret FROM webhook_subscription")).scalar_one() == "whsec_clear"
    engine.dispose()


# --- 12. Small counts: complementary suppression --------------------------------------------------

def test_a_lone_hidden_count_takes_the_next_smallest_with_it() -> None:
    """By hand, with K = 5 (a line: the counts and their published total):
    - 7, 3, 0, 12 (total 22): 3 is hidden; alone it would be 22 − 7 − 12, so the smallest other non-zero
      count, 7, goes too;
    - 6, 0, 8: nothing below 5, nothing hidden;
    - 2, 3, 9 (total 14): two hidden already; 14 − 9 = 5 could be 1 + 4, 2 + 3, 3 + 2 or 4 + 1;
    - 0, 4, 0 (total 4): 4 is hidden and so is its total (4 < 5): nothing else to hide."""
    assert suppress_line([7, 3, 0, 12]) == [None, None, 0, 12]
    assert suppress_line([6, 0, 8]) == [6, 0, 8]
    assert suppress_line([2, 3, 9]) == [None, None, 9]
    assert suppress_line([0, 4, 0]) == [0, None, 0]
    assert suppress_table([[0, 4, 0]], column_totals=False).row_totals == [None]


def test_a_cross_table_is_protected_with_its_margins() -> None:
    """cells       row totals
       10  2  8  | 20
        6  7  9  | 22
       16  9 17  | 42 (column totals, grand total)
    2 is hidden: row 1 then has one hidden cell, its smallest other is 8 → hidden; column 2 has one
    (2) → 7 hidden; column 3 has one (8) → 9 hidden. Every line now has 0 or 2 hidden cells: row 1 is
    20 − 10 = 10 = 2 + 8, or 1 + 9, 3 + 7, 4 + 6; the margins stay published."""
    protected = suppress_table([[10, 2, 8], [6, 7, 9]])
    assert protected.cells == [[10, None, None], [6, None, None]]
    assert (protected.row_totals, protected.column_totals, protected.total) == ([20, 22], [16, 9, 17], 42)
    # 5 owners heated by electricity, 1 social tenant by gas (the hand-made year): the gas margin (1) is
    # hidden, so the heating margins 5 and 1 with total 6 expose electricity's 5 → hidden; then the lone
    # 5 in the electricity column, then the owners' 5 alone in its row: every non-zero count is hidden.
    linked = suppress_table([[5, 0], [0, 1]])
    assert linked.cells == [[None, 0], [0, None]]
    assert (linked.row_totals, linked.column_totals, linked.total) == ([None, None], [None, None], 6)


def test_the_annual_report_leaves_no_hidden_count_recomputable(client: TestClient, principals: Principals,
                                                              db: Session) -> None:
    """Three copies of the hand-made year: 15 owners (electricity, unit A), 3 social tenants (gas, unit B);
    FSL: 6 obtained (3 × 450.50 € = 1,351.50 €), 3 refused, 9 in all; cheque énergie: 3 proposed."""
    add_year(db, copies=3)
    r = client.get(f"/api/v1/reporting/annual/{YEAR}", headers=principals["reporting"]).json()
    # Before: 15 shown and 3 hidden, with 18 households visited published: 3 = 18 − 15.
    assert {x["key"]: x["count"] for x in r["tenure"]} == {"owner_occupier": None, "social_tenant": None}
    assert r["cost"]["households_visited"] == 18
    fsl = {o["kind"]: o for o in r["orientations"]}["fsl_energy"]
    # Before: 6 and 1,351.50 € shown, refused hidden = 9 − 6.
    assert (fsl["obtained"], fsl["refused"], fsl["total"], fsl["amount_obtained_eur"]) == (None, None, 9, None)
    cheque = {o["kind"]: o for o in r["orientations"]}["cheque_energie"]
    assert (cheque["proposed"], cheque["total"]) == (None, None)  # 3: below 5
    units = {u["unit"]: u for u in r["units"]}
    # Visits: A 15, B 3, total 18: B hidden, so A too; B's months (3 in December) are hidden.
    assert units["Unité A"]["visits_done"] is None and units["Unité B"]["visits_done"] is None
    assert units["Unité B"]["visits_by_month"][11] is None and r["total"]["visits_done"] == 18

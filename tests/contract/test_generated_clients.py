"""Contract tests (issue 17, point 2): the clients integrators generate from `/api/v1/openapi.json` are
complete, with no warning from either generator, and the two integrations' flows run through the
generated Python client against a live demo server: a landlord's system (list changed dwellings, read
one, fetch the PDF, post a works update with an idempotency key, poll with an ETag) and the reporting
script (annual report as JSON, CSV and XLSX, the pseudonymised extract)."""

import io
import json
import subprocess
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from tests.contract.conftest import CONFIG, ROOT, LiveServer

pytestmark = pytest.mark.contract
YEAR = 2026
FILE_TYPES = {"application/pdf", "text/csv", "text/calendar", "message/rfc822", "image/jpeg",
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def test_openapi_python_client_generates_every_model_without_a_warning(python_client: Path,
                                                                        openapi_document: Path) -> None:
    output = (python_client / "generator-output.txt").read_text()
    assert "warning" not in output.lower() and "unable to" not in output.lower(), output
    schemas = json.loads(openapi_document.read_text())["components"]["schemas"]
    models = python_client / "binome_client" / "models"
    generated = {p.stem for p in models.glob("*.py")} - {"__init__"}
    assert len(generated) >= len(schemas) - 2  # every schema (the form body and inline literals aside)
    for needed in ("landlord_dwelling_detail", "report_read", "synthesis_read", "social_diagnostic_read",
                   "technical_diagnostic_read", "works_plan_read", "planned_work", "planned_work_input"):
        assert needed in generated, needed


def test_the_config_reads_every_file_type_of_the_document(openapi_document: Path) -> None:
    document = openapi_document.read_text()
    used = {t for t in FILE_TYPES if f'"{t}"' in document}
    assert used == FILE_TYPES - {"text/calendar"} | ({"text/calendar"} & used)
    assert all(f"  {t}: application/octet-stream" in CONFIG.read_text() for t in used)


def test_openapi_typescript_generates_without_a_warning(openapi_document: Path, tmp_path: Path) -> None:
    binary = ROOT / "frontend" / "node_modules" / ".bin" / "openapi-typescript"
    if not binary.exists():
        pytest.skip("frontend/node_modules is not installed (make install)")
    result = subprocess.run([str(binary), str(openapi_document), "-o", str(tmp_path / "schema.d.ts")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT / "frontend")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.strip() == "" and "warn" not in result.stdout.lower(), result.stdout + result.stderr
    types = (tmp_path / "schema.d.ts").read_text()
    assert "LandlordDwellingDetail: {" in types and "read_dwelling: {" in types


def test_the_landlords_flow_through_the_generated_client(python_client: Path, live_server: LiveServer) -> None:
    from binome_client import AuthenticatedClient
    from binome_client.api.landlord import (
        download_technical_synthesis_pdf,
        list_dwellings,
        list_webhook_deliveries,
        post_works_update,
        read_dwelling,
    )
    from binome_client.models import (
        LandlordDwellingDetail,
        PageLandlordDwelling,
        PageWebhookDeliveryRead,
        WorksStatus,
        WorksUpdateCreate,
        WorksUpdateRead,
    )

    client = AuthenticatedClient(base_url=live_server.url, token=live_server.landlord_token,
                                 raise_on_unexpected_status=True)
    # 1. What changed since a while ago (a zone is required), oldest change first.
    since = datetime.now(UTC) - timedelta(days=400)
    page = list_dwellings.sync(client=client, changed_since=since, limit=100)
    assert isinstance(page, PageLandlordDwelling) and page.items
    shared = [d for d in page.items if d.technical_synthesis is not None]
    assert shared, "the demo holds a shared technical synthesis"
    dwelling = shared[0]
    assert [d.last_change_at for d in page.items] == sorted(d.last_change_at for d in page.items)

    # 2. Read it: the works, with decimal amounts as strings.
    detail = read_dwelling.sync(client=client, household_id=dwelling.household_id)
    assert isinstance(detail, LandlordDwellingDetail) and detail.works
    assert detail.works[0].priority == 1 and isinstance(detail.works[0].cost_low, str)
    # Polling again with the ETag: 304, nothing to parse.
    first = read_dwelling.sync_detailed(client=client, household_id=dwelling.household_id)
    tag = first.headers["etag"]
    again = read_dwelling.sync_detailed(client=client, household_id=dwelling.household_id, if_none_match=tag)
    assert again.status_code == 304 and again.parsed is None

    # 3. The PDF, as bytes.
    pdf = download_technical_synthesis_pdf.sync(client=client, household_id=dwelling.household_id)
    assert pdf.payload.read().startswith(b"%PDF")

    # 4. A works update, retried with the same idempotency key: one update.
    body = WorksUpdateCreate(work_priority=detail.works[0].priority, status=WorksStatus.PLANNED,
                             on=date.today() + timedelta(days=60), comment="Inscrit au plan de travaux")
    created = post_works_update.sync_detailed(client=client, household_id=dwelling.household_id, body=body,
                                              idempotency_key="contract-flow-1")
    retried = post_works_update.sync_detailed(client=client, household_id=dwelling.household_id, body=body,
                                              idempotency_key="contract-flow-1")
    assert created.status_code == retried.status_code == 201
    assert isinstance(created.parsed, WorksUpdateRead) and created.parsed.id == retried.parsed.id
    assert created.parsed.status == WorksStatus.PLANNED
    # The dwelling changed: the old tag no longer matches, and it comes back in the next poll.
    changed = read_dwelling.sync_detailed(client=client, household_id=dwelling.household_id, if_none_match=tag)
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    later = list_dwellings.sync(client=client, changed_since=dwelling.last_change_at)
    assert dwelling.household_id in {d.household_id for d in later.items}

    assert isinstance(list_webhook_deliveries.sync(client=client), PageWebhookDeliveryRead)


def test_the_reporting_flow_through_the_generated_client(python_client: Path, live_server: LiveServer) -> None:
    from binome_client import AuthenticatedClient
    from binome_client.api.reporting import (
        download_annual_report_csv,
        download_annual_report_xlsx,
        download_case_extract_csv,
        read_annual_report,
        read_case_extract,
    )
    from binome_client.models import AnnualReport, CaseExtract

    client = AuthenticatedClient(base_url=live_server.url, token=live_server.reporting_token,
                                 raise_on_unexpected_status=True)
    report = read_annual_report.sync(client=client, year=YEAR)
    assert isinstance(report, AnnualReport) and report.year == YEAR and report.units
    tag = read_annual_report.sync_detailed(client=client, year=YEAR).headers["etag"]
    assert read_annual_report.sync_detailed(client=client, year=YEAR, if_none_match=tag).status_code == 304

    csv = download_annual_report_csv.sync(client=client, year=YEAR).payload.read().decode("utf-8-sig")
    assert "Bilan SLIME" in csv and ";" in csv
    xlsx = download_annual_report_xlsx.sync(client=client, year=YEAR).payload.read()
    assert "xl/workbook.xml" in zipfile.ZipFile(io.BytesIO(xlsx)).namelist()

    extract = read_case_extract.sync(client=client, year=YEAR)
    assert isinstance(extract, CaseExtract) and extract.k == 5
    assert download_case_extract_csv.sync(client=client, year=YEAR).payload.read().decode("utf-8-sig")

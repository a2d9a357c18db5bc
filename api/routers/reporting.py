"""The annual activity report and the pseudonymised extract: aggregates only, for managers and
reporting scripts (read-only `reporting` integration tokens). See docs/integrations/reporting.md."""

from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Request, Response

from api.access import Principal, Scope
from api.auth import any_scope
from api.conditional import CONDITIONAL_RESPONSES, IfNoneMatch, conditional_json, tagged
from api.deps import SessionDep
from api.documents.exports import SUPPRESSED_NOTE, case_table, report_tables, to_csv, to_xlsx
from api.errors import error_responses
from api.routers import examples
from api.schemas.reporting import AnnualReport, CaseExtract
from api.services import reporting

router = APIRouter(prefix="/reporting", tags=["reporting"], responses=error_responses(401, 403, 404, 422, 429))

Reader = Annotated[Principal, any_scope(Scope.reporting_read)]
Year = Annotated[int, Path(ge=2000, le=2100, examples=[2026])]
UnitId = Annotated[int | None, Query(ge=1, le=2_147_483_647, description="One territorial unit only.")]
Format = Annotated[Literal["json", "csv", "xlsx"], Query(
    description="json, csv (French Excel) or xlsx. Generated clients: prefer the `download_*` operations, "
                "which each answer one media type.")]
CSV = "text/csv; charset=utf-8"
VOLATILE = {"generated_at"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {200: {"content": {"application/json": {"example": examples.ANNUAL_REPORT}, "text/csv": {}, XLSX: {}}}}
CASE_FILES: dict[int | str, dict[str, Any]] = {200: {"content": {"application/json": {"example": examples.CASE_EXTRACT}, "text/csv": {}, XLSX: {}}}}


def _file_response(media_type: str, description: str) -> dict[int | str, dict]:
    return {200: {"description": description, "content": {media_type.split(";")[0]: {}},
                  "headers": {"Content-Disposition": {"description": "`attachment; filename=\"…\"`",
                                                      "schema": {"type": "string"}}}}}


def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


def _annual(session: SessionDep, principal: Reader, request: Request, year: int, unit_id: int | None,
            format: str, if_none_match: str | None) -> Response:
    report = reporting.annual_report(session, principal, year, unit_id, _zone(request))
    if format == "json":  # `generated_at` changes on every call: the (weak) tag is over the figures
        return conditional_json(report, if_none_match, volatile=VOLATILE)
    name = f"bilan-slime-{year}" + (f"-unite-{unit_id}" if unit_id else "")
    note = f"Bilan SLIME {year} — cellules vides : {SUPPRESSED_NOTE}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{format}"'}
    # The files hold the time they were made: tagged (weakly) by the figures they show, not their bytes.
    key = format.encode() + report.model_dump_json(exclude=VOLATILE).encode()
    if format == "csv":
        return tagged(to_csv(report_tables(report), note), CSV, if_none_match, disposition, key=key)
    return tagged(to_xlsx(report_tables(report), note), XLSX, if_none_match, disposition, key=key)


def _cases(session: SessionDep, principal: Reader, request: Request, year: int, format: str) -> Response | CaseExtract:
    extract = reporting.case_extract(session, principal, year, _zone(request), request.app.state.settings.keys.pseudonym)
    note = f"Extrait pseudonymisé {year} — « * » : valeur masquée (moins de {extract.k} ménages)"
    disposition = {"Content-Disposition": f'attachment; filename="cas-slime-{year}.{format}"'}
    if format == "csv":
        return Response(to_csv([case_table(extract)], note), media_type=CSV, headers=disposition)
    if format == "xlsx":
        return Response(to_xlsx([case_table(extract)], note), media_type=XLSX, headers=disposition)
    return extract


@router.get("/annual/{year}", response_model=AnnualReport,
            responses={**CONDITIONAL_RESPONSES, 200: {**CONDITIONAL_RESPONSES[200], **FILES[200]}})
def annual_report(principal: Reader, session: SessionDep, request: Request, year: Year, unit_id: UnitId = None,
                  format: Format = "json", if_none_match: IfNoneMatch = None) -> Response:
    """The year's activity: objective per unit, referrals, lead times, profiles, orientations, equipment,
    cost and landlords' works. Counts of 1 to 4 households are suppressed (null). Answers `304` when the
    report you hold (its `ETag`) is still current."""
    return _annual(session, principal, request, year, unit_id, format, if_none_match)


@router.get("/annual/{year}/export.csv", response_class=Response,
            responses={**CONDITIONAL_RESPONSES, **_file_response(CSV, "The report's tables, French Excel CSV (`;`, UTF-8 with BOM).")})
def download_annual_report_csv(principal: Reader, session: SessionDep, request: Request, year: Year,
                               unit_id: UnitId = None, if_none_match: IfNoneMatch = None) -> Response:
    """The annual report as CSV: the same figures as the JSON, one table after the other."""
    return _annual(session, principal, request, year, unit_id, "csv", if_none_match)


@router.get("/annual/{year}/export.xlsx", response_class=Response,
            responses={**CONDITIONAL_RESPONSES, **_file_response(XLSX, "The report's tables, one sheet each.")})
def download_annual_report_xlsx(principal: Reader, session: SessionDep, request: Request, year: Year,
                                unit_id: UnitId = None, if_none_match: IfNoneMatch = None) -> Response:
    """The annual report as an Excel workbook: the same figures as the JSON."""
    return _annual(session, principal, request, year, unit_id, "xlsx", if_none_match)


@router.get("/annual/{year}/cases", response_model=CaseExtract, responses=CASE_FILES)
def case_extract(principal: Reader, session: SessionDep, request: Request, year: Year,
                 format: Format = "json") -> CaseExtract | Response:
    """One row per household visited in the year: no name, contact or street address, a stable pseudonym,
    and quasi-identifiers blanked (`*`) until every combination is shared by at least 5 households."""
    return _cases(session, principal, request, year, format)


@router.get("/annual/{year}/cases/export.csv", response_class=Response,
            responses=_file_response(CSV, "One row per household, French Excel CSV."))
def download_case_extract_csv(principal: Reader, session: SessionDep, request: Request, year: Year) -> Response:
    """The pseudonymised extract as CSV."""
    return _cases(session, principal, request, year, "csv")  # type: ignore[return-value]


@router.get("/annual/{year}/cases/export.xlsx", response_class=Response,
            responses=_file_response(XLSX, "One row per household, one sheet."))
def download_case_extract_xlsx(principal: Reader, session: SessionDep, request: Request, year: Year) -> Response:
    """The pseudonymised extract as an Excel workbook."""
    return _cases(session, principal, request, year, "xlsx")  # type: ignore[return-value]

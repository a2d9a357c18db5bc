"""The annual activity report and the pseudonymised extract: aggregates only, for managers and
reporting scripts (read-only `reporting` integration tokens)."""

from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Path, Query, Request, Response

from api.access import Scope
from api.auth import allow
from api.deps import SessionDep
from api.documents.exports import SUPPRESSED_NOTE, case_table, report_tables, to_csv, to_xlsx
from api.errors import error_responses
from api.schemas.reporting import AnnualReport, CaseExtract
from api.services import reporting

router = APIRouter(prefix="/reporting", tags=["reporting"], responses=error_responses(401, 403, 404, 422))

Reader = allow(Scope.reporting_read)
Year = Annotated[int, Path(ge=2000, le=2100)]
UnitId = Annotated[int | None, Query(ge=1, le=2_147_483_647, description="One territorial unit only.")]
Format = Annotated[Literal["json", "csv", "xlsx"], Query(description="json, csv (French Excel) or xlsx.")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILES = {200: {"content": {"application/json": {}, "text/csv": {}, XLSX: {}}}}


def _file(content: bytes, media_type: str, filename: str) -> Response:
    return Response(content, media_type=media_type, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _zone(request: Request) -> ZoneInfo:
    return ZoneInfo(request.app.state.settings.timezone)


@router.get("/annual/{year}", response_model=AnnualReport, responses=FILES)
def annual_report(principal: Reader, session: SessionDep, request: Request, year: Year, unit_id: UnitId = None,
                  format: Format = "json") -> AnnualReport | Response:
    """The year's activity: objective per unit, referrals, lead times, profiles, orientations, equipment,
    cost and landlords' works. Counts of 1 to 4 households are suppressed (null)."""
    report = reporting.annual_report(session, principal, year, unit_id, _zone(request))
    name = f"bilan-slime-{year}" + (f"-unite-{unit_id}" if unit_id else "")
    note = f"Bilan SLIME {year} — cellules vides : {SUPPRESSED_NOTE}"
    if format == "csv":
        return _file(to_csv(report_tables(report), note), "text/csv; charset=utf-8", f"{name}.csv")
    if format == "xlsx":
        return _file(to_xlsx(report_tables(report), note), XLSX, f"{name}.xlsx")
    return report


@router.get("/annual/{year}/cases", response_model=CaseExtract, responses=FILES)
def case_extract(principal: Reader, session: SessionDep, request: Request, year: Year,
                 format: Format = "json") -> CaseExtract | Response:
    """One row per household visited in the year: no name, contact or street address, a stable pseudonym,
    and quasi-identifiers blanked (`*`) until every combination is shared by at least 5 households."""
    extract = reporting.case_extract(session, principal, year, _zone(request), request.app.state.settings.keys.pseudonym)
    note = f"Extrait pseudonymisé {year} — « * » : valeur masquée (moins de {extract.k} ménages)"
    if format == "csv":
        return _file(to_csv([case_table(extract)], note), "text/csv; charset=utf-8", f"cas-slime-{year}.csv")
    if format == "xlsx":
        return _file(to_xlsx([case_table(extract)], note), XLSX, f"cas-slime-{year}.xlsx")
    return extract

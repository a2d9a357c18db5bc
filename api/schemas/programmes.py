"""Programmes: their identity (read by everyone of the programme, edited by its administrator), their
creation by the platform, and the national figures (aggregates across programmes, never a household)."""

from datetime import datetime
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from api.schemas.common import Email, Percent, PerThousand, ReadModel, Text200, WriteModel
from api.schemas.reporting import CountRow, MeasuredImpactSection, Visits

Slug = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=2,
                                        max_length=40)]
HourMinute = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
VisitingDays = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[1-7]( [1-7]){0,6}$")]
LOGO_MAX = 20_000


class ProgrammeIdentity(WriteModel):
    """What a programme's administrator sets: its identity on documents and e-mails, its visiting hours."""

    name: Text200
    territory: Text200
    issuer_name: Text200 = Field(description="Who issues the documents (letterhead and PDF author).")
    issuer_address: str = Field(default="", max_length=400)
    signature: str = Field(default="", max_length=400, description="Closes the letters and e-mails.")
    sender_email: Email | None = Field(default=None, description="From address of its e-mails (else the platform's).")
    logo_svg: str = Field(default="", max_length=LOGO_MAX, description="An SVG logo for documents; empty: none.")
    visiting_days: VisitingDays | None = Field(default=None, description="ISO weekdays, \"1 2 3 4 5\"; null: the platform's.")
    visiting_start: HourMinute | None = None
    visiting_end: HourMinute | None = None
    named_in_national: bool = Field(default=True, description="Named in the national figures (else « un programme »).")

    @field_validator("logo_svg")
    @classmethod
    def _svg_only(cls, value: str) -> str:
        text = value.strip()
        if text and not (text.startswith("<svg") or text.startswith("<?xml")) or "<script" in text.lower():
            raise ValueError("Logo attendu au format SVG (sans script).")
        return text


class ProgrammeRead(ReadModel):
    id: int
    slug: str
    name: str
    territory: str
    issuer_name: str
    issuer_address: str
    signature: str
    sender_email: str | None
    logo_svg: str
    visiting_days: str | None
    visiting_start: str | None
    visiting_end: str | None
    named_in_national: bool
    is_active: bool
    created_at: datetime


class FirstAdmin(WriteModel):
    email: Email
    full_name: Text200
    organisation_name: Text200 = Field(description="The organisation that runs the programme (created with it).")


class ProgrammeCreate(ProgrammeIdentity):
    slug: Slug = Field(description="Chosen at login by a person of several programmes; never changes.")
    first_admin: FirstAdmin = Field(description="Invited by e-mail to choose a password.")


class ProgrammeStatus(WriteModel):
    is_active: bool = Field(description="An inactive programme's people cannot log in; its data stay.")


class NationalProgrammeRow(ReadModel):
    programme: str = Field(description="Its name, or « Programme non nommé » when it chose not to be named.")
    households_count: int
    objective_per_thousand: PerThousand
    objective_visits: Visits
    visits_done: int | None = Field(description="Null when suppressed (1 to 4).")
    share_of_objective_pct: Percent | None


class NationalFigures(ReadModel):
    year: int
    generated_at: datetime
    programmes: list[NationalProgrammeRow] = Field(description="The programmes with a campaign that year.")
    programmes_without_campaign: int
    total: NationalProgrammeRow
    tenure: list[CountRow]
    heating_energy: list[CountRow]
    income_band: list[CountRow]
    tee_band: list[CountRow]
    orientations: list[CountRow] = Field(description="Orientations proposed, by type (a programme's own types by code).")
    orientation_outcomes: list[CountRow] = Field(description="Where the orientations stand, by status.")
    measured_impact: MeasuredImpactSection = Field(description=(
        "Households first visited the year before, measured on their bills since, all programmes together."))

"""Finding one's way: a household's timeline (its « parcours ») and the global search."""

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from api.schemas.common import ReadModel


class TimelineKind(StrEnum):
    referral = "referral"
    visit = "visit"
    social_diagnostic = "social_diagnostic"
    technical_diagnostic = "technical_diagnostic"
    synthesis = "synthesis"
    report = "report"
    orientation = "orientation"


class TimelineEntry(ReadModel):
    """One step of a household's file, as the household page lists it (newest first)."""

    kind: TimelineKind = Field(description="The type of the record this step is about.")
    record_id: int = Field(description="The record's id (a visit's id for its technical diagnostic).")
    at: datetime = Field(description="When the step happened (or is planned, for a visit).")
    label: str = Field(description="What the step is, in French (« Visite à domicile », « Compte-rendu n° 12 »).")
    status: str | None = Field(default=None, description="The record's status code, if it has one.")
    status_label: str | None = Field(default=None, description="The status in French.")
    path: str = Field(description="Where the SPA opens the record (e.g. /visites/3).")


class SearchResultKind(StrEnum):
    household = "household"
    referral = "referral"
    report = "report"


class SearchResult(ReadModel):
    kind: SearchResultKind
    id: int
    label: str = Field(description="The result's title, in French.")
    context: str = Field(description="A short line to tell results apart (commune, status, date).")
    path: str = Field(description="Where the SPA opens the record.")

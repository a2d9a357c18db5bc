"""Programmes: each SLIME (a département, an intercommunality, a city) runs on the same deployment
with its own territory, team, catalogues and identity. Every row that belongs to a programme
carries `programme_id` through one of the three mixins below; `api/tenancy.py` filters every ORM
statement by the session's programme and stamps new rows (docs/architecture.md says why).
"""

from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from api.models.base import created_at_field


class Programme(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=40, unique=True)  # chosen at login when a person belongs to several
    name: str = Field(max_length=200, unique=True)  # « SLIME du Jura »
    territory: str = Field(max_length=200)  # « Département du Jura (39) »
    # Its identity on documents and e-mails.
    issuer_name: str = Field(max_length=200)  # « Conseil départemental du Jura – Pôle des Solidarités »
    issuer_address: str = Field(default="", max_length=400)
    signature: str = Field(default="", max_length=400)  # closes the letters and e-mails
    sender_email: str | None = Field(default=None, max_length=254)  # None: the deployment's BINOME_SMTP_FROM
    logo_svg: str = Field(default="", sa_type=Text)  # an SVG drawn at the top of documents ("" = none)
    # When its visits may take place (None: the deployment's settings). ISO weekdays, "1 2 3 4 5".
    visiting_days: str | None = Field(default=None, max_length=20)
    visiting_start: str | None = Field(default=None, max_length=5)
    visiting_end: str | None = Field(default=None, max_length=5)
    # The national view names the programmes that agree to it; the others count as « un programme ».
    named_in_national: bool = True
    is_active: bool = True
    created_at: datetime = created_at_field()


class ProgrammeOwned(SQLModel):
    """A row of one programme, always (households and everything about them, the directory, catalogues)."""

    # None only until the flush stamps it with the session's programme (api/tenancy.py); never stored so.
    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="RESTRICT", index=True,
                                     nullable=False)


class ProgrammeOrPlatform(SQLModel):
    """A row of one programme, or of the platform itself when `programme_id` is None (the platform's
    administrators and the network's readers, their organisation, the audit of their actions)."""

    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="RESTRICT", index=True)


class ProgrammeOrNational(SQLModel):
    """A national default (`programme_id` None) that every programme reads, or one programme's own
    value, which overrides the default for that programme only (reference values)."""

    programme_id: int | None = Field(default=None, foreign_key="programme.id", ondelete="RESTRICT", index=True)

"""The visit's photos and documents: the row here, the bytes in the storage (api/storage.py)."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Index, String
from sqlmodel import Field

from api.models.base import UTCDateTime, created_at_field
from api.models.programmes import ProgrammeOwned


class AttachmentKind(StrEnum):
    photo_damp_mould = "photo_damp_mould"
    photo_meter = "photo_meter"
    photo_heating = "photo_heating"  # the boiler or heater and its data plate
    photo_equipment = "photo_equipment"  # the small equipment handed over
    photo_other_technical = "photo_other_technical"
    document_bill = "document_bill"
    document_consent = "document_consent"
    document_dpe = "document_dpe"
    document_other = "document_other"


# The one place that says which kinds are technical photos of the dwelling: the only ones a landlord may
# see (its own dwellings, with the tenant's consent). Bills, consent forms and any other document are the
# household's, never the landlord's; a photo of the equipment handed over shows the household's home but
# says nothing about the building.
TECHNICAL_KINDS: frozenset[AttachmentKind] = frozenset({
    AttachmentKind.photo_damp_mould, AttachmentKind.photo_meter, AttachmentKind.photo_heating,
    AttachmentKind.photo_other_technical,
})
PHOTO_KINDS: frozenset[AttachmentKind] = frozenset(k for k in AttachmentKind if k.value.startswith("photo_"))


def is_technical(kind: str) -> bool:
    return kind in TECHNICAL_KINDS


class Attachment(ProgrammeOwned, table=True):
    __table_args__ = (Index("ix_attachment_household_created", "household_id", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(foreign_key="household.id", ondelete="CASCADE")
    visit_id: int | None = Field(default=None, foreign_key="visit.id", ondelete="SET NULL", index=True)
    kind: AttachmentKind = Field(sa_type=String(32))
    content_type: str = Field(sa_type=String(64))
    size_bytes: int
    width: int | None = None
    height: int | None = None
    sha256: str = Field(sa_type=String(64))  # of the bytes stored
    storage_key: str = Field(sa_type=String(200), unique=True)
    caption: str = Field(default="", max_length=300)
    taken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # the device's clock, if it said
    created_by_id: int | None = Field(default=None, foreign_key="app_user.id", ondelete="SET NULL")
    created_at: datetime = created_at_field()
    # The Idempotency-Key the device sent (its offline queue's id for this photo), to match them up.
    client_key: str | None = Field(default=None, sa_type=String(200))

"""The visit's photos and documents: metadata read models (the bytes come from the `content` routes)."""

from datetime import datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, Field

from api.models import AttachmentKind
from api.schemas.common import PersonRef, ReadModel


class AttachmentRead(ReadModel):
    id: int
    household_id: int
    visit_id: int | None
    kind: AttachmentKind
    technical: bool = Field(description="A technical photo of the dwelling: the only kinds its landlord may see "
                                        "(with the tenant's consent).")
    content_type: str = Field(description="`image/jpeg` for every photo (re-encoded on upload), or "
                                          "`application/pdf`.", examples=["image/jpeg"])
    size_bytes: int
    width: int | None = Field(description="Pixels, images only (at most 2048 on the long side).")
    height: int | None
    sha256: str = Field(description="Of the bytes stored (after re-encoding), in hexadecimal.")
    caption: str
    taken_at: datetime | None = Field(description="When the device says the photo was taken, if it said.")
    created_by: PersonRef | None
    created_at: datetime
    client_key: str | None = Field(description="The `Idempotency-Key` the upload was sent with.")
    content_url: str = Field(description="Where to download the file (authenticated).",
                             examples=["/api/v1/attachments/12/content"])
    allowed_actions: list[Literal["delete"]]


class LandlordAttachment(ReadModel):
    """A technical photo of the landlord's dwelling (no caption: the pair's free text stays with them)."""

    id: int
    kind: AttachmentKind
    content_type: str
    size_bytes: int
    width: int | None
    height: int | None
    taken_at: datetime | None
    created_at: datetime
    content_url: str


class UploadFingerprint(BaseModel):
    """What an upload is, for the idempotency check: a retry must send the same file and fields."""

    kind: AttachmentKind
    caption: str
    taken_at: AwareDatetime | None
    sha256: str
    size_bytes: int

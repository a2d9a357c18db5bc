"""The visit's photos and documents: upload (content checked, images cleaned), list, download, delete,
and the landlord's view of the technical photos. Every read and write is audited; the bytes are in the
storage (api/storage.py), tied to the transaction that writes or deletes their row."""

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.access import Principal, Scope
from api.errors import Forbidden, InvalidInput, NotFound
from api.labels import ENUM_LABELS
from api.models import PHOTO_KINDS, Attachment, AttachmentKind, Household, User, is_technical
from api.schemas.attachments import AttachmentRead, LandlordAttachment
from api.schemas.common import Page, PersonRef
from api.services import audit, scope, uploads
from api.services.text import fold
from api.storage import BlobMissing, Storage, delete_after_commit, new_key, put_in_transaction

API = "/api/v1"
EARLIEST_PHOTO = datetime(2000, 1, 1, tzinfo=UTC)


def may_delete(principal: Principal, row: Attachment) -> bool:
    """Its author, the SLIME coordination (who keeps the records) and the managers (who oversee them)."""
    return ((principal.user_id is not None and row.created_by_id == principal.user_id)
            or principal.can(Scope.households_write) or principal.can(Scope.team_oversee))


def _read(row: Attachment, author: User | None, principal: Principal) -> AttachmentRead:
    return AttachmentRead(
        id=row.id, household_id=row.household_id, visit_id=row.visit_id, kind=row.kind,
        technical=is_technical(row.kind), content_type=row.content_type, size_bytes=row.size_bytes, width=row.width,
        height=row.height, sha256=row.sha256, caption=row.caption, taken_at=row.taken_at,
        created_by=PersonRef(id=author.id, full_name=author.full_name) if author else None,
        created_at=row.created_at, client_key=row.client_key, content_url=f"{API}/attachments/{row.id}/content",
        allowed_actions=["delete"] if may_delete(principal, row) else [])


def file_name(row: Attachment) -> str:
    """A safe download name from the kind and the id (never the name the device sent): ASCII, no quote."""
    label = fold(ENUM_LABELS[AttachmentKind].get(row.kind, row.kind))
    slug = re.sub(r"[^a-z0-9]+", "-", label).strip("-")[:60]
    extension = "pdf" if row.content_type == "application/pdf" else "jpg"
    return f"{slug}-{row.id}.{extension}"


def upload(session: Session, principal: Principal, storage: Storage, visit_id: int, *, kind: AttachmentKind,
           caption: str, taken_at: datetime | None, data: bytes, max_bytes: int,
           client_key: str | None) -> AttachmentRead:
    visit = scope.get_visit(session, principal, visit_id)
    if "\x00" in caption:
        raise InvalidInput("caption", "Caractère interdit : le caractère nul (\\u0000) n'est pas accepté.")
    if taken_at is not None and not EARLIEST_PHOTO <= taken_at <= datetime.now(UTC) + timedelta(days=1):
        raise InvalidInput("taken_at", "Date de prise de vue invalide (ni future, ni avant 2000) : vérifiez "
                           "l'horloge de l'appareil.")
    taken_at = taken_at.astimezone(UTC) if taken_at is not None else None
    prepared = uploads.prepare(data, max_bytes)
    if kind in PHOTO_KINDS and not prepared.is_image:
        raise InvalidInput("kind", "Une photo doit être une image (JPEG, PNG ou WebP) ; pour un PDF, choisissez "
                           "un type de document.")
    key = new_key(visit.household_id, prepared.extension)
    put_in_transaction(session, storage, key, prepared.data, prepared.content_type)
    row = Attachment(household_id=visit.household_id, visit_id=visit.id, kind=kind, content_type=prepared.content_type,
                     size_bytes=len(prepared.data), width=prepared.width, height=prepared.height,
                     sha256=prepared.sha256, storage_key=key, caption=caption, taken_at=taken_at,
                     created_by_id=principal.user_id, client_key=client_key)
    session.add(row)
    session.flush()
    audit.record(session, principal, "create", "attachment", row.id, household_id=visit.household_id,
                 detail={"kind": kind, "visit_id": visit.id})
    author = session.get(User, principal.user_id) if principal.user_id else None
    return _read(row, author, principal)


def list_for_household(session: Session, principal: Principal, household_id: int, *, visit_id: int | None,
                       kinds: Sequence[AttachmentKind], limit: int, offset: int) -> Page[AttachmentRead]:
    household = scope.get_household(session, principal, household_id)
    where = [col(Attachment.household_id) == household.id]
    if visit_id is not None:
        where.append(col(Attachment.visit_id) == visit_id)
    if kinds:
        where.append(col(Attachment.kind).in_(list(kinds)))
    total = session.exec(select(func.count()).select_from(Attachment).where(*where)).one()
    rows = session.exec(select(Attachment, User).join(User, col(Attachment.created_by_id) == User.id, isouter=True)
                        .where(*where).order_by(col(Attachment.created_at).desc(), col(Attachment.id).desc())
                        .limit(limit).offset(offset)).all()
    audit.record(session, principal, "list", "attachment", household_id=household.id,
                 detail={"count": len(rows), "ids": [r.id for r, _ in rows]})
    return Page.of([_read(row, author, principal) for row, author in rows], total=total, limit=limit, offset=offset)


def _blob(storage: Storage, row: Attachment) -> bytes:
    try:
        return storage.get(row.storage_key)
    except BlobMissing:
        raise NotFound("Le fichier de cette photo ou de ce document est introuvable.") from None


def read_content(session: Session, principal: Principal, storage: Storage,
                 attachment_id: int) -> tuple[bytes, str, str]:
    """The bytes, their content type and a download name. Reading them is a read of personal data."""
    row = scope.get_attachment(session, principal, attachment_id)
    data = _blob(storage, row)
    audit.record(session, principal, "read", "attachment_content", row.id, household_id=row.household_id,
                 detail={"kind": row.kind})
    return data, row.content_type, file_name(row)


def delete(session: Session, principal: Principal, storage: Storage, attachment_id: int) -> None:
    row = scope.get_attachment(session, principal, attachment_id)
    if not may_delete(principal, row):
        raise Forbidden("Seuls son auteur, la coordination SLIME et l'encadrement peuvent supprimer cette photo ou "
                        "ce document.")
    session.delete(row)
    session.flush()
    delete_after_commit(session, storage, [row.storage_key])
    audit.record(session, principal, "delete", "attachment", attachment_id, household_id=row.household_id,
                 detail={"kind": row.kind})


def delete_household_blobs(session: Session, storage: Storage, household_id: int) -> int:
    """Erasure: every photo and document of the household, rows now and blobs once committed."""
    rows = session.exec(select(Attachment).where(Attachment.household_id == household_id)).all()
    for row in rows:
        session.delete(row)
    session.flush()
    delete_after_commit(session, storage, [r.storage_key for r in rows])
    return len(rows)


def household_summary(session: Session, household_id: int) -> dict[str, int]:
    """How many photos and documents of each kind the household has (for the subject access)."""
    rows = session.exec(select(Attachment.kind, func.count()).where(Attachment.household_id == household_id)
                        .group_by(col(Attachment.kind))).all()
    return {str(kind): count for kind, count in sorted(rows)}


# --- the landlord's view -----------------------------------------------------------------------

def list_for_landlord(session: Session, principal: Principal, household_id: int, limit: int,
                      offset: int) -> Page[LandlordAttachment]:
    household = session.exec(select(Household).where(Household.id == household_id,
                                                      scope.visible_to_landlord(principal))).first()
    if household is None:
        raise NotFound("Logement introuvable.")
    where = [col(Attachment.household_id) == household.id, scope.visible_attachments_to_landlord(principal)]
    total = session.exec(select(func.count()).select_from(Attachment).where(*where)).one()
    rows = session.exec(select(Attachment).where(*where).order_by(col(Attachment.created_at).desc(),
                                                                  col(Attachment.id).desc())
                        .limit(limit).offset(offset)).all()
    audit.record(session, principal, "list", "landlord_attachment", household_id=household.id,
                 detail={"count": len(rows), "ids": [r.id for r in rows]})
    items = [LandlordAttachment(
        id=r.id, kind=r.kind, content_type=r.content_type, size_bytes=r.size_bytes, width=r.width, height=r.height,
        taken_at=r.taken_at, created_at=r.created_at,
        content_url=f"{API}/landlord/dwellings/{household.id}/attachments/{r.id}/content") for r in rows]
    return Page.of(items, total=total, limit=limit, offset=offset)


def landlord_content(session: Session, principal: Principal, storage: Storage, household_id: int,
                     attachment_id: int) -> tuple[bytes, str, str]:
    row = session.exec(select(Attachment).where(Attachment.id == attachment_id, Attachment.household_id == household_id,
                                                scope.visible_attachments_to_landlord(principal))).first()
    if row is None:
        raise NotFound("Photo introuvable.")
    data = _blob(storage, row)
    audit.record(session, principal, "read", "landlord_attachment_content", row.id, household_id=row.household_id,
                 detail={"kind": row.kind})
    return data, row.content_type, file_name(row)

"""The visit's photos and documents through the API: upload (content checked, images cleaned), list,
download, delete, who may, idempotent retries, the landlord's view, subject access, erasure, audit."""

import hashlib
import io
import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from pypdf import PdfReader
from sqlmodel import Session, select

from api.models import AdvisorAssignment, Attachment, AuditEvent, Consent, ConsentPurpose, Household, User, Visit
from api.storage import BlobMissing, Storage
from tests.attachments.conftest import jpeg, pdf, upload
from tests.helpers import Principals, count


def events(db: Session, entity: str, action: str) -> list[AuditEvent]:
    return list(db.exec(select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.action == action)).all())


def test_upload_list_download_delete(client: TestClient, principals: Principals, db: Session, visit: Visit,
                                     storage: Storage) -> None:
    advisor = principals["advisor"]
    created = upload(client, advisor, visit.id, jpeg(), caption="  Moisissures au plafond de la chambre ",
                     taken_at="2026-11-12T10:47:03+01:00")
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["kind"] == "photo_damp_mould" and body["technical"] is True
    assert body["caption"] == "Moisissures au plafond de la chambre"
    assert body["taken_at"].startswith("2026-11-12T09:47:03")  # stored in UTC
    assert body["created_by"]["full_name"] == "Lucas Bernard" and body["allowed_actions"] == ["delete"]
    assert body["household_id"] == visit.household_id and body["visit_id"] == visit.id

    listed = client.get(f"/api/v1/households/{visit.household_id}/attachments", headers=principals["coordinator"])
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()["items"]] == [body["id"]] and listed.json()["total"] == 1
    only_documents = client.get(f"/api/v1/households/{visit.household_id}/attachments",
                                params={"kind": ["document_bill", "document_dpe"]}, headers=principals["coordinator"])
    assert only_documents.json()["total"] == 0

    content = client.get(body["content_url"], headers=principals["coordinator"])
    assert content.status_code == 200
    assert content.headers["content-type"] == "image/jpeg"
    assert content.headers["cache-control"] == "private, no-store"
    assert content.headers["content-disposition"] == f'attachment; filename="photo-humidite-moisissures-{body["id"]}.jpg"'
    assert hashlib.sha256(content.content).hexdigest() == body["sha256"] and len(content.content) == body["size_bytes"]

    row = db.get(Attachment, body["id"])
    assert storage.get(row.storage_key) == content.content
    # Lucas took it: the coordination may delete it too (its author, the coordination, the managers).
    assert client.delete(f"/api/v1/attachments/{body['id']}", headers=principals["coordinator"]).status_code == 204
    with pytest.raises(BlobMissing):
        storage.get(row.storage_key)  # the file went with its row, once committed
    assert client.get(body["content_url"], headers=principals["coordinator"]).status_code == 404
    assert client.get(f"/api/v1/households/{visit.household_id}/attachments",
                      headers=principals["coordinator"]).json()["total"] == 0
    # Every step is in the audit trail, the read of the file included (personal data).
    assert [e.entity_id for e in events(db, "attachment", "create")] == [body["id"]]
    assert [e.entity_id for e in events(db, "attachment_content", "read")] == [body["id"]]
    assert [e.entity_id for e in events(db, "attachment", "delete")] == [body["id"]]
    assert json.loads(events(db, "attachment", "list")[0].detail) == {"count": 1, "ids": [body["id"]]}
    read = client.get("/api/v1/audit-events", params={"household_id": visit.household_id, "entity": "attachment_content"},
                      headers=principals["manager"]).json()["items"]
    assert read and read[0]["summary"] == "Photo : humidité, moisissures"


def test_photo_is_turned_upright_downscaled_and_stripped_of_every_metadata(
        client: TestClient, principals: Principals, db: Session, visit: Visit, storage: Storage) -> None:
    original = jpeg((3000, 2000))
    sent = Image.open(io.BytesIO(original))
    assert sent.getexif().get_ifd(0x8825), "the test photo has a GPS position"
    assert b"Exif" in original and b"xmpmeta" in original
    created = upload(client, principals["advisor"], visit.id, original).json()
    stored = storage.get(db.get(Attachment, created["id"]).storage_key)
    image = Image.open(io.BytesIO(stored))
    # Orientation 6 (a portrait shot held sideways): 3000×2000 turned to 2000×3000, then 2048 on the long side.
    assert (image.width, image.height) == (1365, 2048) == (created["width"], created["height"])
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0, "no EXIF at all (so no GPS, no device, no orientation)"
    assert b"Exif" not in stored and b"xmpmeta" not in stored and b"Terrain 2026" not in stored
    assert not {"exif", "xmp", "icc_profile", "XML:com.adobe.xmp"} & set(image.info)


def test_small_and_transparent_images_are_kept_at_their_size_and_flattened(
        client: TestClient, principals: Principals, db: Session, visit: Visit, storage: Storage) -> None:
    out = io.BytesIO()
    Image.new("RGBA", (640, 480), (0, 0, 0, 0)).save(out, "PNG")
    created = upload(client, principals["advisor"], visit.id, out.getvalue(), kind="photo_meter",
                     name="compteur.png", content_type="image/png").json()
    image = Image.open(io.BytesIO(storage.get(db.get(Attachment, created["id"]).storage_key)))
    assert (image.width, image.height, image.mode, created["content_type"]) == (640, 480, "RGB", "image/jpeg")
    assert image.getpixel((10, 10)) == (255, 255, 255)  # transparency on white, as on paper


def test_the_content_decides_not_the_name(client: TestClient, principals: Principals, db: Session,
                                          visit: Visit) -> None:
    advisor = principals["advisor"]
    text = upload(client, advisor, visit.id, b"Ceci n'est pas une photo, juste du texte.\n", name="photo.jpg")
    assert text.status_code == 415
    assert text.json()["detail"] == "Type de fichier non accepté : photo JPEG, PNG ou WebP, ou document PDF."
    heic = upload(client, advisor, visit.id, b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 100,
                  name="IMG_0001.HEIC", content_type="image/heic")
    assert heic.status_code == 415 and "HEIC" in heic.json()["detail"]
    truncated = upload(client, advisor, visit.id, jpeg()[:5000])
    assert truncated.status_code == 422 and truncated.json()["fields"][0]["field"] == "file"
    empty = upload(client, advisor, visit.id, b"")
    assert empty.status_code == 422
    # A PDF is a document, kept as sent, whatever name it came with; it is not a photo.
    as_photo = upload(client, advisor, visit.id, pdf(), kind="photo_meter", name="compteur.jpg")
    assert as_photo.status_code == 422 and as_photo.json()["fields"][0]["field"] == "kind"
    bill = upload(client, advisor, visit.id, pdf(), kind="document_bill", name="facture", content_type="text/plain")
    assert bill.status_code == 201 and bill.json()["content_type"] == "application/pdf"
    assert bill.json()["technical"] is False and bill.json()["width"] is None
    assert client.get(bill.json()["content_url"], headers=advisor).content == pdf()
    unknown_kind = upload(client, advisor, visit.id, pdf(), kind="selfie")
    assert unknown_kind.status_code == 422 and unknown_kind.json()["fields"][0]["field"] == "kind"
    future = upload(client, advisor, visit.id, jpeg(), taken_at="2999-01-01T00:00:00Z")
    assert future.status_code == 422 and future.json()["fields"][0]["field"] == "taken_at"
    too_long = upload(client, advisor, visit.id, jpeg(), caption="x" * 301)
    assert too_long.status_code == 422
    assert count(db, Attachment) == 1  # only the bill


def test_size_limits(app, client: TestClient, principals: Principals, db: Session, visit: Visit) -> None:  # noqa: ANN001
    app.state.settings = app.state.settings.model_copy(update={"attachment_max_bytes": 4096})
    refused = upload(client, principals["advisor"], visit.id, jpeg((200, 200)) + b"\x00" * 5000)
    assert refused.status_code == 413 and refused.json()["detail"] == "Fichier trop volumineux : au plus 4 Ko."
    app.state.settings = app.state.settings.model_copy(update={"attachment_max_bytes": 15 * 1024 * 1024})
    # Beyond the general body limit (10 Mio) but within the upload's: it reaches the route (which then sees
    # no image in it), while any other route refuses such a body.
    big = b"\x01" * (11 * 1024 * 1024)
    assert upload(client, principals["advisor"], visit.id, big).status_code == 415
    other = client.post(f"/api/v1/households/{visit.household_id}/bills", headers=principals["coordinator"],
                        content=big, params={}, files=None)
    assert other.status_code == 413
    over = upload(client, principals["advisor"], visit.id, b"\x01" * (16 * 1024 * 1024))
    assert over.status_code == 413 and over.json()["detail"] == "Fichier trop volumineux : au plus 15 Mo."
    assert count(db, Attachment) == 0


def test_a_retried_upload_stores_nothing_new(client: TestClient, principals: Principals, db: Session,
                                             visit: Visit) -> None:
    photo = jpeg()
    first = upload(client, principals["advisor"], visit.id, photo, key="tab-42:photo-7", caption="Compteur")
    again = upload(client, principals["advisor"], visit.id, photo, key="tab-42:photo-7", caption="Compteur")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and first.json()["client_key"] == "tab-42:photo-7"
    assert count(db, Attachment) == 1
    other = upload(client, principals["advisor"], visit.id, photo, key="tab-42:photo-7", caption="Autre")
    assert other.status_code == 409
    assert count(db, Attachment) == 1


def test_out_of_reach_is_a_404_and_other_roles_a_403(client: TestClient, principals: Principals, db: Session,
                                                     visit: Visit) -> None:
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    other = db.exec(select(Visit).where(Visit.advisor_id != lucas.id)).first()
    if other is None:  # every demo visit is Lucas's: take one off him
        other = db.exec(select(Visit).where(Visit.household_id != visit.household_id)).first()
        other.advisor_id = db.exec(select(User).where(User.email == "conseillere2@ajena.demo")).one().id
        db.add(other)
        db.commit()
    for assignment in db.exec(select(AdvisorAssignment).where(AdvisorAssignment.household_id == other.household_id,
                                                               AdvisorAssignment.user_id == lucas.id)).all():
        db.delete(assignment)
    db.commit()
    assert upload(client, principals["advisor"], other.id, jpeg()).status_code == 404
    theirs = upload(client, principals["coordinator"], other.id, jpeg()).json()
    assert client.get(theirs["content_url"], headers=principals["advisor"]).status_code == 404
    assert client.delete(f"/api/v1/attachments/{theirs['id']}", headers=principals["advisor"]).status_code == 404
    assert client.get(f"/api/v1/households/{other.household_id}/attachments",
                      headers=principals["advisor"]).status_code == 404
    assert upload(client, principals["manager"], visit.id, jpeg()).status_code == 403
    assert upload(client, principals["referrer"], visit.id, jpeg()).status_code == 403
    assert client.get(theirs["content_url"], headers=principals["landlord_a"]).status_code == 403
    # Within reach but not the author: the advisor may not delete the coordination's photo.
    mine = upload(client, principals["coordinator"], visit.id, jpeg()).json()
    seen = client.get(f"/api/v1/households/{visit.household_id}/attachments", headers=principals["advisor"]).json()
    assert [a["allowed_actions"] for a in seen["items"] if a["id"] == mine["id"]] == [[]]
    assert client.delete(f"/api/v1/attachments/{mine['id']}", headers=principals["advisor"]).status_code == 403
    assert client.delete(f"/api/v1/attachments/{mine['id']}", headers=principals["manager"]).status_code == 204


def _consent(db: Session, household: Household) -> Consent:
    return db.exec(select(Consent).where(Consent.household_id == household.id,
                                         Consent.purpose == ConsentPurpose.share_with_landlord)).one()


def test_the_landlord_sees_only_technical_photos_of_its_dwelling_with_consent(
        client: TestClient, principals: Principals, db: Session, visit: Visit, jacquet: Household) -> None:
    damp = upload(client, principals["advisor"], visit.id, jpeg(), kind="photo_damp_mould").json()
    upload(client, principals["advisor"], visit.id, jpeg(), kind="photo_equipment")
    bill = upload(client, principals["advisor"], visit.id, pdf(), kind="document_bill").json()
    base = f"/api/v1/landlord/dwellings/{jacquet.id}/attachments"
    listed = client.get(base, headers=principals["landlord_a"])
    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [(i["id"], i["kind"]) for i in items] == [(damp["id"], "photo_damp_mould")]
    assert "caption" not in items[0]
    photo = client.get(items[0]["content_url"], headers=principals["landlord_a"])
    assert photo.status_code == 200 and photo.headers["content-type"] == "image/jpeg"
    assert photo.headers["cache-control"] == "private, no-store"
    assert client.get(f"{base}/{bill['id']}/content", headers=principals["landlord_a"]).status_code == 404
    assert client.get(base, headers=principals["landlord_b"]).status_code == 404
    assert client.get(f"{base}/{damp['id']}/content", headers=principals["landlord_b"]).status_code == 404
    assert [e.entity_id for e in events(db, "landlord_attachment_content", "read")] == [damp["id"]]
    consent = _consent(db, jacquet)
    consent.revoked_at = datetime.now(UTC)
    db.add(consent)
    db.commit()
    assert client.get(base, headers=principals["landlord_a"]).status_code == 404
    assert client.get(f"{base}/{damp['id']}/content", headers=principals["landlord_a"]).status_code == 404


def test_subject_access_lists_them_and_says_how_many_of_which_kinds(
        client: TestClient, principals: Principals, visit: Visit, jacquet: Household) -> None:
    upload(client, principals["advisor"], visit.id, jpeg(), kind="photo_meter")
    upload(client, principals["advisor"], visit.id, jpeg(), kind="photo_meter")
    upload(client, principals["advisor"], visit.id, pdf(), kind="document_consent")
    body = client.get(f"/api/v1/households/{jacquet.id}/subject-access", headers=principals["coordinator"]).json()
    assert body["attachments"] == {"document_consent": 1, "photo_meter": 2}
    rows = body["sections"]["Photos et documents"]
    assert sorted(r["kind"] for r in rows) == ["document_consent", "photo_meter", "photo_meter"]
    assert "storage_key" not in rows[0]
    pdf_export = client.get(f"/api/v1/households/{jacquet.id}/subject-access", params={"format": "pdf"},
                            headers=principals["coordinator"])
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_export.content)).pages)
    assert "Photos et documents de la visite (3)" in text and "Photo : compteur : 2" in text


def test_erasure_deletes_the_rows_and_the_files(client: TestClient, principals: Principals, db: Session,
                                                visit: Visit, jacquet: Household, storage: Storage) -> None:
    ids = [upload(client, principals["advisor"], visit.id, jpeg(), kind=k).json()["id"]
           for k in ("photo_heating", "document_other")]
    keys = [db.get(Attachment, i).storage_key for i in ids]
    assert all(storage.get(k) for k in keys)
    erased = client.post(f"/api/v1/households/{jacquet.id}/erase", headers=principals["admin"],
                         json={"reason": "Demande écrite du ménage, aucune obligation de conservation"})
    assert erased.status_code == 204
    db.expire_all()
    assert db.exec(select(Attachment).where(Attachment.household_id == jacquet.id)).all() == []
    for key in keys:
        with pytest.raises(BlobMissing):
            storage.get(key)
    event = db.exec(select(AuditEvent).where(AuditEvent.action == "erase")).one()
    assert json.loads(event.detail)["attachments_deleted"] == 2
    log = client.get("/api/v1/audit-events", params={"household_id": jacquet.id, "action": "erase"},
                     headers=principals["manager"]).json()["items"]
    assert "2 photos ou documents supprimés" in log[0]["summary"]


def test_an_image_too_large_to_decode_is_refused_before_decoding(client: TestClient, principals: Principals,
                                                                  visit: Visit, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pillow's guard against decompression bombs, lowered here so a small photo stands for a huge one."""
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 300 * 200)
    for size in ((400, 200), (800, 600)):  # above the limit (a warning in Pillow), and twice above (an error)
        refused = upload(client, principals["advisor"], visit.id, jpeg(size))
        assert refused.status_code == 422 and refused.json()["detail"].startswith("Image trop grande")


def test_a_truncated_photo_is_refused_even_after_the_pdfs_loaded(client: TestClient, principals: Principals,
                                                                 visit: Visit) -> None:
    """WeasyPrint turns Pillow's process-wide LOAD_TRUNCATED_IMAGES on when it is imported."""
    import weasyprint  # noqa: F401
    from PIL import ImageFile

    assert ImageFile.LOAD_TRUNCATED_IMAGES is True
    truncated = upload(client, principals["advisor"], visit.id, jpeg()[:5000])
    assert truncated.status_code == 422, truncated.text
    assert ImageFile.LOAD_TRUNCATED_IMAGES is True  # left as WeasyPrint wants it

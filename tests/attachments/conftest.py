"""Photos built by the tests themselves (Pillow writes EXIF, GPS included), and the demo visit they go to:
JACQUET Hélène's, tenant of Jura Habitat (landlord A) who consents to share with her landlord; the demo
advisor (Lucas Bernard) is on it."""

import io
from collections.abc import Iterator

import pytest
from PIL import ExifTags, Image
from sqlmodel import Session, select

from api.models import Household, User, Visit
from api.storage import Storage


def jpeg(size: tuple[int, int] = (3000, 2000), *, gps: bool = True, orientation: int = 6) -> bytes:
    """A camera-like JPEG: EXIF with the device, an orientation (6: turn 90° clockwise to view) and a GPS
    position (46°40'30" N, 5°33'10" E: Lons-le-Saunier), plus an XMP packet."""
    image = Image.new("RGB", size, (120, 90, 60))
    for x in range(0, size[0], 50):  # some content, so the encoder has work and the size is realistic
        image.paste((x % 255, 40, 200 - x % 200), (x, 0, x + 25, size[1] // 3))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Tablette"
    exif[ExifTags.Base.Model] = "Terrain 2026"
    exif[ExifTags.Base.Orientation] = orientation
    if gps:
        info = exif.get_ifd(ExifTags.IFD.GPSInfo)
        info[ExifTags.GPS.GPSLatitudeRef] = "N"
        info[ExifTags.GPS.GPSLatitude] = (46.0, 40.0, 30.0)
        info[ExifTags.GPS.GPSLongitudeRef] = "E"
        info[ExifTags.GPS.GPSLongitude] = (5.0, 33.0, 10.0)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, quality=90,
               xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>')
    return out.getvalue()


def pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def upload(client, headers: dict[str, str], visit_id: int, data: bytes, *, kind: str = "photo_damp_mould",  # noqa: ANN001
           name: str = "photo.jpg", content_type: str = "image/jpeg", key: str | None = None, **fields: str):  # noqa: ANN201
    extra = {"Idempotency-Key": key} if key else {}
    return client.post(f"/api/v1/visits/{visit_id}/attachments", headers={**headers, **extra},
                       files={"file": (name, data, content_type)}, data={"kind": kind, **fields})


@pytest.fixture
def jacquet(db: Session) -> Household:
    return db.exec(select(Household).where(Household.last_name == "Jacquet")).one()


@pytest.fixture
def visit(db: Session, jacquet: Household) -> Visit:
    lucas = db.exec(select(User).where(User.email == "conseiller@ajena.demo")).one()
    found = db.exec(select(Visit).where(Visit.household_id == jacquet.id, Visit.advisor_id == lucas.id)).first()
    assert found is not None
    return found


@pytest.fixture
def storage(app) -> Iterator[Storage]:  # noqa: ANN001
    yield app.state.storage

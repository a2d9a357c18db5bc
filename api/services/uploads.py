"""What an uploaded file really is, decided on its bytes (never its name or the type the client claims),
and the image made safe to keep: turned upright, at most MAX_SIDE pixels on its long side, re-encoded as
JPEG with no metadata at all (no EXIF, so no GPS position, no device serial, no XMP, no ICC profile).

No database and no web here: bytes in, bytes out, or an error a person understands.
"""

import hashlib
import io
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from api.errors import AppError, InvalidInput

MAX_SIDE = 2048
JPEG_QUALITY = 85
IMAGE_FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "HEIF": "heif"}
ACCEPTED = "photo JPEG, PNG ou WebP, ou document PDF"


class UnsupportedType(AppError):
    status_code = 415
    code = "unsupported_media_type"


class TooLarge(AppError):
    status_code = 413
    code = "payload_too_large"


@dataclass(frozen=True)
class Prepared:
    data: bytes
    content_type: str
    extension: str
    width: int | None
    height: int | None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


def too_large(max_bytes: int) -> TooLarge:
    mib, kib = max_bytes / (1024 * 1024), max_bytes / 1024
    limit = f"{mib:.3g} Mo" if mib >= 1 else f"{kib:.3g} Ko"
    return TooLarge(f"Fichier trop volumineux : au plus {limit.replace('.', ',')}.")


def _is_heic(data: bytes) -> bool:
    return data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"hevc", b"hevx", b"mif1", b"msf1", b"avif")


def prepare(data: bytes, max_bytes: int) -> Prepared:
    """The file as it will be stored, or 413 (too big), 415 (not an accepted type), 422 (unreadable)."""
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    if not data:
        raise InvalidInput("file", "Le fichier est vide.")
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-1024:]:
            raise InvalidInput("file", "Ce PDF est incomplet (l'envoi a peut-être été interrompu) : renvoyez-le.")
        return Prepared(data, "application/pdf", "pdf", None, None)
    return _image(data)


def _image(data: bytes) -> Prepared:
    try:
        with warnings.catch_warnings():
            # Beyond Image.MAX_IMAGE_PIXELS (89 MP, more than any phone's default) decoding would cost too much
            # memory: refused before decoding.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise UnidentifiedImageError(image.format)
            if image.format == "JPEG":
                image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # decode at 1/2, 1/4 or 1/8 when that is enough
            with _truncated_images_refused():
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidInput("file", "Image trop grande : au plus 89 mégapixels.") from exc
    except UnidentifiedImageError as exc:
        if _is_heic(data):
            raise UnsupportedType("Les photos HEIC ne sont pas acceptées ici : réglez l'appareil photo sur "
                                  "« le plus compatible » (JPEG), ou envoyez une copie en JPEG.") from exc
        raise UnsupportedType(f"Type de fichier non accepté : {ACCEPTED}.") from exc
    except (OSError, SyntaxError, ValueError) as exc:  # a truncated or corrupt file of a known type
        raise InvalidInput("file", "Image illisible ou incomplète : reprenez la photo ou renvoyez le fichier.") from exc
    return clean_image(image)


_pillow_flag = threading.Lock()


@contextmanager
def _truncated_images_refused() -> Iterator[None]:
    """A truncated upload is refused, never kept half grey. WeasyPrint (the PDFs) turns Pillow's process-wide
    LOAD_TRUNCATED_IMAGES on when imported; our PDFs hold no image, so we hold it off while decoding."""
    with _pillow_flag:
        before, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = before


def clean_image(image: Image.Image) -> Prepared:
    """Upright, at most MAX_SIDE px on the long side, RGB, re-encoded as JPEG without any metadata."""
    upright = ImageOps.exif_transpose(image)  # applies the EXIF orientation, then we drop the EXIF itself
    if upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info):
        rgba = upright.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))  # transparency shown on white, as on paper
        flat.paste(rgba, mask=rgba.getchannel("A"))
        upright = flat
    elif upright.mode != "RGB":
        upright = upright.convert("RGB")
    upright.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    # A new image holds the pixels only: nothing of the original's info (exif, xmp, icc_profile,
    # comments, dpi…) can follow it into the file.
    bare = Image.frombytes("RGB", upright.size, upright.tobytes())
    out = io.BytesIO()
    bare.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return Prepared(out.getvalue(), "image/jpeg", "jpg", bare.width, bare.height)

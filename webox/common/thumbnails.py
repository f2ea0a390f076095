"""WebP thumbnails of an uploaded picture at a few widths, stored next to it (products, blog covers).

Idempotent: the names derive from the original's (``photo.jpg`` →
``thumbs/photo-320w.webp``), existing files are replaced and thumbnails of a
former picture are deleted. A picture narrower than a width gets one copy at
its own width instead: never enlarged.
"""

import io
import posixpath
from collections.abc import Iterable, Mapping

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from PIL import Image, ImageOps

WEBP_QUALITY = 80


def thumbnails_make(picture_file: FieldFile, *, widths: Iterable[int], previous: Mapping[str, str] | None) -> dict:
    """Make the thumbnails of ``picture_file`` and delete ``previous`` ones no longer used; return ``{width: name}``."""
    with picture_file.open("rb") as source, Image.open(source) as opened:
        picture = ImageOps.exif_transpose(opened)
        picture = picture.convert("RGBA" if picture.mode in ("RGBA", "LA", "P") else "RGB")
        thumbnails = {
            str(width): _thumbnail_store(picture, name=thumbnail_name(picture_file.name, width), width=width)
            for width in sorted({min(width, picture.width) for width in widths})
        }
    for name in set((previous or {}).values()) - set(thumbnails.values()):
        default_storage.delete(name)
    return thumbnails


def thumbnail_name(original: str, width: int) -> str:
    """Return ``products/2026/11/thumbs/photo-320w.webp`` for ``products/2026/11/photo.jpg``."""
    folder, filename = posixpath.split(original)
    return posixpath.join(folder, "thumbs", f"{posixpath.splitext(filename)[0]}-{width}w.webp")


def _thumbnail_store(picture: Image.Image, *, name: str, width: int) -> str:
    """Store ``picture`` resized to ``width`` (keeping its proportions) as WebP under ``name``."""
    height = max(1, round(picture.height * width / picture.width))
    resized = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(buffer.getvalue()))

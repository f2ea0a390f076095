"""Cover pictures of posts: WebP thumbnails made after commit, like the products' ones."""

import io
import posixpath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from PIL import Image, ImageOps

from blog.models import Post

COVER_WIDTHS = (480, 960)
WEBP_QUALITY = 80


def post_cover_thumbnails_schedule(*, post_id: int) -> None:
    """Enqueue the cover thumbnails of post ``post_id`` once the current transaction commits."""
    from blog.tasks import post_cover_thumbnails_task

    transaction.on_commit(lambda: post_cover_thumbnails_task.delay(post_id))


def post_cover_thumbnails_make(*, post_id: int) -> dict[str, str]:
    """Make the WebP thumbnails of a post's cover (never enlarged); idempotent. Return ``{width: name}``."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None or not post.cover_image:
        return {}
    with post.cover_image.open("rb") as source, Image.open(source) as opened:
        picture = ImageOps.exif_transpose(opened).convert("RGB")
        thumbnails = {
            str(width): _thumbnail_store(picture, name=_thumbnail_name(post.cover_image.name, width), width=width)
            for width in sorted({min(width, picture.width) for width in COVER_WIDTHS})
        }
    for name in set((post.cover_thumbnails or {}).values()) - set(thumbnails.values()):
        default_storage.delete(name)
    Post.objects.filter(pk=post.pk).update(cover_thumbnails=thumbnails)
    return thumbnails


def _thumbnail_name(original: str, width: int) -> str:
    """Return ``blog/2026/11/thumbs/cover-480w.webp`` for ``blog/2026/11/cover.jpg``."""
    folder, filename = posixpath.split(original)
    return posixpath.join(folder, "thumbs", f"{posixpath.splitext(filename)[0]}-{width}w.webp")


def _thumbnail_store(picture: Image.Image, *, name: str, width: int) -> str:
    """Store ``picture`` resized to ``width`` as WebP under ``name``, replacing a former file."""
    height = max(1, round(picture.height * width / picture.width))
    resized = picture if width == picture.width else picture.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    resized.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(buffer.getvalue()))

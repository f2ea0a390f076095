"""Product pictures: upload validation, saving, and WebP thumbnails made after commit."""

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from shop.models import Product, ProductImage
from webox.common.thumbnails import thumbnails_make

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_SIDE_PX = 6000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_WIDTHS = (320, 640, 1024)


def product_image_validate(upload: File) -> None:
    """Refuse anything but a real JPEG, PNG or WebP picture of at most 10 MB and 6000 x 6000 px."""
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The picture weighs more than 10 MB."), code="too_large")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            image_format, (width, height) = picture.format, picture.size
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Send a JPEG, PNG or WebP picture."), code="format")
            if width > MAX_SIDE_PX or height > MAX_SIDE_PX:
                raise ValidationError(
                    _("The picture measures %(width)s x %(height)s px; at most 6000 x 6000 px.")
                    % {"width": width, "height": height},
                    code="too_big",
                )
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(_("This file is not a picture we can read."), code="invalid") from error
    finally:
        upload.seek(position)


@transaction.atomic
def product_image_save(*, image: ProductImage, file_changed: bool = True) -> ProductImage:
    """Save ``image`` (its file validated when new) and, after commit, make its thumbnails.

    A new file drops the thumbnails of the former one at once, so that pages
    never show the old picture while the new thumbnails are being made.
    """
    stale = list((image.thumbnails or {}).values()) if file_changed else []
    if file_changed:
        product_image_validate(image.image.file)
        image.thumbnails = {}
    image.full_clean()
    image.save()
    if file_changed:
        transaction.on_commit(lambda: [default_storage.delete(name) for name in stale])
        product_image_thumbnails_schedule(image_id=image.pk)
    return image


def product_image_add(*, product: Product, upload: File, alt_text: str, position: int = 0) -> ProductImage:
    """Add the picture ``upload`` to ``product``; thumbnails follow after commit."""
    image = ProductImage(product=product, image=upload, alt_text=alt_text, position=position)
    return product_image_save(image=image)


@transaction.atomic
def product_image_delete(*, image: ProductImage) -> None:
    """Delete a product picture; its file and thumbnails go once the deletion is committed."""
    names = [image.image.name, *(image.thumbnails or {}).values()]
    image.delete()
    transaction.on_commit(lambda: [default_storage.delete(name) for name in names if name])


def product_image_thumbnails_schedule(*, image_id: int) -> None:
    """Enqueue the thumbnails of picture ``image_id`` once the current transaction commits."""
    from shop.tasks import product_image_thumbnails_task

    transaction.on_commit(lambda: product_image_thumbnails_task.delay(image_id))


def product_image_thumbnails_make(*, image_id: int) -> dict[str, str]:
    """Make the WebP thumbnails of picture ``image_id`` (320, 640, 1024 px wide, never enlarged).

    Idempotent (``webox.common.thumbnails``). Return ``{width: name}``.
    """
    image = ProductImage.objects.filter(pk=image_id).first()
    if image is None or not image.image:
        return {}
    thumbnails = thumbnails_make(image.image, widths=THUMBNAIL_WIDTHS, previous=image.thumbnails)
    ProductImage.objects.filter(pk=image.pk).update(thumbnails=thumbnails)
    return thumbnails

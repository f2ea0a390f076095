"""Product pictures: upload validation and WebP thumbnails made by the Celery task after commit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop.models import ProductImage
from shop.services.images import product_image_add, product_image_validate
from shop.tasks import product_image_thumbnails_task
from tests.shop.factories import ProductFactory, ProductImageFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("english")]


def _picture(width: int, height: int, image_format: str = "JPEG", name: str = "photo.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 80, 40)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{image_format.lower()}")


def _sizes(thumbnails: dict[str, str]) -> dict[str, tuple[int, int, str]]:
    sizes = {}
    for width, name in thumbnails.items():
        with default_storage.open(name) as file, Image.open(file) as picture:
            sizes[width] = (*picture.size, picture.format)
    return sizes


def test_added_picture_gets_webp_thumbnails_at_three_widths_keeping_the_original():
    image = product_image_add(product=ProductFactory(), upload=_picture(2000, 1000), alt_text="Vue")
    image.refresh_from_db()
    assert _sizes(image.thumbnails) == {
        "320": (320, 160, "WEBP"),
        "640": (640, 320, "WEBP"),
        "1024": (1024, 512, "WEBP"),
    }
    assert image.thumbnails["320"].endswith("-320w.webp") and "/thumbs/" in image.thumbnails["320"]
    assert (image.width, image.height) == (2000, 1000) and default_storage.exists(image.image.name)


def test_small_picture_is_never_enlarged():
    image = product_image_add(product=ProductFactory(), upload=_picture(500, 400, "PNG", "petit.png"), alt_text="Vue")
    image.refresh_from_db()
    assert _sizes(image.thumbnails) == {"320": (320, 256, "WEBP"), "500": (500, 400, "WEBP")}


def test_thumbnail_task_is_idempotent():
    image = ProductImageFactory(image=ContentFile(_picture(1200, 1200).read(), name="carre.jpg"))
    product_image_thumbnails_task(image.pk)
    first = ProductImage.objects.get(pk=image.pk).thumbnails
    product_image_thumbnails_task(image.pk)
    assert ProductImage.objects.get(pk=image.pk).thumbnails == first
    assert sorted(first) == ["1024", "320", "640"]
    assert len(default_storage.listdir(first["320"].rsplit("/", 1)[0])[1]) == 3


def test_thumbnail_task_ignores_a_deleted_picture():
    product_image_thumbnails_task(999_999)


def test_html_renamed_png_is_refused():
    upload = SimpleUploadedFile("photo.png", b"<html><body>not a picture</body></html>", content_type="image/png")
    with pytest.raises(ValidationError, match="not a picture"):
        product_image_validate(upload)
    with pytest.raises(ValidationError):
        product_image_add(product=ProductFactory(), upload=upload, alt_text="Faux")
    assert not ProductImage.objects.exists()


def test_oversized_dimensions_are_refused():
    with pytest.raises(ValidationError, match="6000 x 6000"):
        product_image_validate(_picture(6001, 10, "PNG", "bande.png"))


def test_gif_is_refused_and_jpeg_png_webp_accepted():
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        product_image_validate(_picture(10, 10, "GIF", "anim.gif"))
    for image_format in ("JPEG", "PNG", "WEBP"):
        product_image_validate(_picture(10, 10, image_format))


def test_file_over_ten_megabytes_is_refused():
    upload = _picture(10, 10)
    upload.size = 10 * 1024 * 1024 + 1
    with pytest.raises(ValidationError, match="10 MB"):
        product_image_validate(upload)


def test_alt_text_is_required():
    with pytest.raises(ValidationError):
        product_image_add(product=ProductFactory(), upload=_picture(10, 10), alt_text="")

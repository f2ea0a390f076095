"""Template filters for product pictures: ``srcset`` from the WebP thumbnails."""

from django import template
from django.core.files.storage import default_storage

from shop.models import ProductImage

register = template.Library()


@register.filter
def image_srcset(image: ProductImage) -> str:
    """Return ``url 320w, url 640w, …`` from the image's thumbnails, or "" before they are made."""
    thumbnails = image.thumbnails or {}
    widths = sorted(int(width) for width in thumbnails)
    return ", ".join(f"{default_storage.url(thumbnails[str(width)])} {width}w" for width in widths)

"""Slow catalogue work, run by Celery workers (eagerly in dev and tests)."""

from celery import shared_task

from shop.services.images import product_image_thumbnails_make


@shared_task(acks_late=True, ignore_result=True)
def product_image_thumbnails_task(image_id: int) -> None:
    """Make the WebP thumbnails of a product picture; safe to run twice."""
    product_image_thumbnails_make(image_id=image_id)

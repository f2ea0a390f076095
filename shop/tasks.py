"""Slow catalogue work and the shop's periodic jobs, run by Celery workers (eagerly in dev and tests)."""

from celery import shared_task

from shop.search import search_words_refresh
from shop.services.cart import carts_expire_anonymous
from shop.services.images import product_image_thumbnails_make


@shared_task(acks_late=True, ignore_result=True)
def product_image_thumbnails_task(image_id: int) -> None:
    """Make the WebP thumbnails of a product picture; safe to run twice."""
    product_image_thumbnails_make(image_id=image_id)


@shared_task(acks_late=True, ignore_result=True)
def carts_expire_task() -> int:
    """Delete the anonymous carts nobody touched for ``SHOP_CART_ANONYMOUS_DAYS`` days (daily); safe to run twice."""
    return carts_expire_anonymous()


@shared_task(acks_late=True, ignore_result=True)
def search_words_refresh_task() -> None:
    """Rebuild the catalogue's words that search spells queries with (every few minutes); safe to run twice."""
    search_words_refresh()

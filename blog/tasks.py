"""Slow blog work, run by Celery workers (eagerly in dev and tests)."""

from celery import shared_task

from blog.services.images import post_cover_thumbnails_make


@shared_task(acks_late=True, ignore_result=True)
def post_cover_thumbnails_task(post_id: int) -> None:
    """Make the WebP thumbnails of a post's cover; safe to run twice."""
    post_cover_thumbnails_make(post_id=post_id)

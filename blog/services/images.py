"""Cover pictures of posts: WebP thumbnails made after commit, like the products' ones."""

from django.db import transaction

from blog.models import Post
from webox.common.thumbnails import thumbnails_make

COVER_WIDTHS = (480, 960)


def post_cover_thumbnails_schedule(*, post_id: int) -> None:
    """Enqueue the cover thumbnails of post ``post_id`` once the current transaction commits."""
    from blog.tasks import post_cover_thumbnails_task

    transaction.on_commit(lambda: post_cover_thumbnails_task.delay(post_id))


def post_cover_thumbnails_make(*, post_id: int) -> dict[str, str]:
    """Make the WebP thumbnails of a post's cover (never enlarged); idempotent. Return ``{width: name}``."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None or not post.cover_image:
        return {}
    thumbnails = thumbnails_make(post.cover_image, widths=COVER_WIDTHS, previous=post.cover_thumbnails)
    Post.objects.filter(pk=post.pk).update(cover_thumbnails=thumbnails)
    return thumbnails

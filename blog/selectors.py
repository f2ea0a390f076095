"""Blog reads used by the pages."""

from django.db.models import QuerySet

from .models import Post


def post_list_visible() -> QuerySet[Post]:
    """Return the posts visitors may read, the latest first, with their author."""
    return Post.objects.published().select_related("author").order_by("-published_at", "-pk")


def post_list_latest(*, limit: int = 3) -> QuerySet[Post]:
    """Return the ``limit`` latest visible posts."""
    return post_list_visible()[:limit]


def post_get_visible(*, slug: str) -> Post | None:
    """Return the visible post ``slug`` with its author and tags, or None."""
    return post_list_visible().filter(slug=slug).prefetch_related("tags").first()

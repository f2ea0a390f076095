"""Blog reads used by the pages and feeds."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from .models import BlogCategory, Comment, Post, PostSlugRedirect
from .preview import preview_token_read


def post_list_visible() -> QuerySet[Post]:
    """Return the posts visitors may read, the latest first, with their author."""
    return Post.objects.published().select_related("author").order_by("-published_at", "-pk")


def post_list_latest(*, limit: int = 3) -> QuerySet[Post]:
    """Return the ``limit`` latest visible posts."""
    return post_list_visible()[:limit]


def post_list_search(*, query: str) -> QuerySet[Post]:
    """Return the visible posts whose title, excerpt or body contain every word of ``query``."""
    posts = post_list_visible()
    for word in query.split()[:8]:
        posts = posts.filter(Q(title__icontains=word) | Q(excerpt__icontains=word) | Q(body__icontains=word))
    return posts


def post_list_by_category(*, category: BlogCategory) -> QuerySet[Post]:
    return post_list_visible().filter(categories=category)


def post_list_by_tag(*, tag_slug: str) -> QuerySet[Post]:
    return post_list_visible().filter(tags__slug=tag_slug).distinct()


def post_list_by_author(*, author) -> QuerySet[Post]:
    return post_list_visible().filter(author=author)


def post_get_visible(*, slug: str) -> Post | None:
    """Return the visible post ``slug`` with its author, tags and categories, or None."""
    return post_list_visible().filter(slug=slug).prefetch_related("tags", "categories").first()


def post_get_redirect(*, slug: str) -> Post | None:
    """Return the post an old ``slug`` now leads to, or None."""
    redirect = PostSlugRedirect.objects.select_related("post").filter(old_slug=slug).first()
    return redirect.post if redirect else None


def post_get_for_preview(*, token: str) -> Post | None:
    """Return the post a private preview token names, whatever its status, or None."""
    post_id = preview_token_read(token)
    if post_id is None:
        return None
    return Post.objects.select_related("author").prefetch_related("tags", "categories").filter(pk=post_id).first()


def post_list_related(*, post: Post, limit: int = 3) -> list[Post]:
    """Return up to ``limit`` visible posts sharing the most tags with ``post``."""
    tag_ids = [tag.pk for tag in post.tags.all()]
    if not tag_ids:
        return []
    related = (
        post_list_visible()
        .filter(tags__in=tag_ids)
        .exclude(pk=post.pk)
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-published_at", "-pk")
    )
    return list(related[:limit])


def post_get_neighbours(*, post: Post) -> tuple[Post | None, Post | None]:
    """Return the visible posts published just before and just after ``post``."""
    visible = post_list_visible().exclude(pk=post.pk)
    previous = visible.filter(published_at__lte=post.published_at).order_by("-published_at", "-pk").first()
    following = visible.filter(published_at__gt=post.published_at).order_by("published_at", "pk").first()
    return previous, following


def comment_list_for_post(*, post: Post, include_hidden: bool = False) -> list[Comment]:
    """Return the top-level comments of ``post`` with their replies: approved ones, or all for moderators."""
    shown = Comment.objects.select_related("author")
    if not include_hidden:
        shown = shown.approved()
    replies = Prefetch("replies", queryset=shown.order_by("created_at", "pk"), to_attr="shown_replies")
    return list(shown.filter(post=post, parent=None).prefetch_related(replies))


def category_get(*, slug: str) -> BlogCategory | None:
    return BlogCategory.objects.filter(slug=slug).first()


def category_list_with_posts() -> QuerySet[BlogCategory]:
    """Return the categories holding at least one visible post."""
    return BlogCategory.objects.filter(posts__in=post_list_visible().values("pk")).distinct().order_by("name")


def author_get(*, pk: int):
    """Return the user ``pk`` when they wrote at least one visible post, else None."""
    return get_user_model().objects.filter(pk=pk, blog_posts__in=post_list_visible().values("pk")).distinct().first()

"""Writes on posts: saving with old-slug redirects and cover thumbnails, closing comments."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from blog.errors import BlogErrorCode
from blog.models import Post, PostSlugRedirect
from blog.permissions import post_editable_by
from webox.common.errors import PermissionDenied

from .images import post_cover_thumbnails_schedule


@transaction.atomic
def post_save(*, post: Post, previous_slug: str | None = None, cover_changed: bool = False) -> Post:
    """Save ``post`` (changed in memory); a moved slug redirects, a new cover gets thumbnails after commit."""
    if cover_changed:
        post.cover_thumbnails = {}
    post.save()
    if previous_slug and previous_slug != post.slug:
        post_slug_redirect_record(post=post, old_slug=previous_slug)
    if cover_changed and post.cover_image:
        post_cover_thumbnails_schedule(post_id=post.pk)
    return post


@transaction.atomic
def post_update(*, post: Post, **changes: Any) -> Post:
    """Change the given fields of ``post`` and save it; a new slug leaves a 301 from the old one."""
    previous_slug = post.slug
    for name, value in changes.items():
        setattr(post, name, value)
    post.full_clean()
    return post_save(post=post, previous_slug=previous_slug, cover_changed="cover_image" in changes)


def post_slug_redirect_record(*, post: Post, old_slug: str) -> None:
    """Send ``old_slug`` to ``post`` from now on; a slug in use again stops redirecting."""
    PostSlugRedirect.objects.filter(old_slug=post.slug).delete()
    PostSlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"post": post})


@transaction.atomic
def post_comments_set_open(*, post: Post, user, is_open: bool) -> Post:
    """Open or close the comments of ``post``; only its author and editors may."""
    if not post_editable_by(user, post):
        raise PermissionDenied(_("Only the author of the post can do this."), code=BlogErrorCode.NOT_THE_AUTHOR)
    Post.objects.filter(pk=post.pk).update(comments_open=is_open)
    post.comments_open = is_open
    return post

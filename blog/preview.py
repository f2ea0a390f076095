"""Private preview links of unpublished posts: signed, expiring, bound to the post and its slug."""

from django.core import signing
from django.urls import reverse

PREVIEW_SALT = "blog.post.preview"
PREVIEW_MAX_AGE = 14 * 24 * 3600  # seconds


def preview_token_make(post) -> str:
    """Return a token that shows ``post`` to whoever holds it, for two weeks."""
    return signing.dumps({"post": post.pk}, salt=PREVIEW_SALT, compress=True)


def preview_token_read(token: str) -> int | None:
    """Return the post id a valid, unexpired token names, else None."""
    try:
        data = signing.loads(token, salt=PREVIEW_SALT, max_age=PREVIEW_MAX_AGE)
    except signing.BadSignature:
        return None
    post_id = data.get("post") if isinstance(data, dict) else None
    return post_id if isinstance(post_id, int) else None


def preview_url(post) -> str:
    """Return the path of the private preview of ``post``."""
    return reverse("blog:preview", kwargs={"token": preview_token_make(post)})

"""Template filters of the blog: comment bodies, cover ``srcset`` and share links."""

from urllib.parse import quote

from django import template
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from blog.sanitize import comment_html

register = template.Library()

SHARE_TARGETS = {
    "x": "https://x.com/intent/post?url={url}&text={title}",
    "facebook": "https://www.facebook.com/sharer/sharer.php?u={url}",
    "linkedin": "https://www.linkedin.com/sharing/share-offsite/?url={url}",
    "email": "mailto:?subject={title}&body={url}",
}


@register.filter
def comment_body(text: str) -> str:
    """Render a comment's Markdown as sanitised HTML (no images, links ``nofollow ugc``)."""
    return mark_safe(comment_html(text))


@register.filter
def cover_srcset(post) -> str:
    """Return ``url 480w, url 960w`` from the cover's thumbnails, or "" before they are made."""
    thumbnails = post.cover_thumbnails or {}
    widths = sorted(int(width) for width in thumbnails)
    return ", ".join(f"{default_storage.url(thumbnails[str(width)])} {width}w" for width in widths)


@register.simple_tag
def share_url(target: str, url: str, title: str) -> str:
    """Return the plain share link of ``url`` on ``target`` (x, facebook, linkedin, email)."""
    return SHARE_TARGETS[target].format(url=quote(url, safe=""), title=quote(title, safe=""))

"""Structured data of the blog: ``BlogPosting`` and ``BreadcrumbList`` JSON-LD."""

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from shop.seo import absolute_url, breadcrumb_schema, json_ld

from .models import Post

__all__ = ["absolute_url", "blog_breadcrumb_json_ld", "json_ld", "post_json_ld"]


def post_schema(*, post: Post, url: str, image: str = "") -> dict[str, Any]:
    """Describe ``post`` as a schema.org ``BlogPosting`` at the absolute ``url``."""
    author = post.author.get_full_name() or str(post.author)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": (post.seo_title or post.title)[:110],
        "description": post.seo_description or post.excerpt or post.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": post.published_at.isoformat() if post.published_at else None,
        "dateModified": post.updated_at.isoformat(),
        "author": {
            "@type": "Person",
            "name": author,
            "url": absolute_url(reverse("blog:author", args=[post.author_id])),
        },
        "wordCount": len(post.body.split()),
        "keywords": ", ".join(tag.name for tag in post.tags.all()),
    }
    if image:
        data["image"] = image
    return {key: value for key, value in data.items() if value not in (None, "")}


def post_json_ld(*, post: Post, url: str, image: str = "") -> str:
    return json_ld(post_schema(post=post, url=url, image=image))


def blog_breadcrumb_json_ld(*trail: tuple[str, str]) -> str:
    """Return the trail Home → Blog → ``trail`` (``(name, path)`` pairs) as BreadcrumbList JSON-LD."""
    items = [(_("Home"), reverse("home")), (_("Blog"), reverse("blog:index")), *trail]
    return json_ld(breadcrumb_schema([(name, absolute_url(path)) for name, path in items]))

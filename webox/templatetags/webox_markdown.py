"""Template filter that turns stored Markdown into sanitised HTML.

Usage: ``{% load webox_markdown %}{{ post.body|markdown:"images" }}``.
"""

from django import template
from django.utils.safestring import SafeString, mark_safe

from webox.common.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, flags: str = "") -> SafeString:
    """Render ``text`` as sanitised HTML; pass ``"images"`` to keep images."""
    allow_images = "images" in (flags or "").split(",")
    return mark_safe(render_markdown(text or "", allow_images=allow_images))  # sanitised by nh3

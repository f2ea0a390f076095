"""Markdown to safe HTML: render with Python-Markdown, then sanitise with nh3.

Every piece of Markdown written in the back office (product descriptions, blog
posts, FAQ answers) goes through ``render_markdown`` before reaching a page, so
raw HTML typed by an editor can never inject a script, an event handler or a
``javascript:`` link.
"""

from functools import cache

import markdown
import nh3

MARKDOWN_EXTENSIONS = ["extra", "sane_lists"]
LINK_REL = "nofollow noopener"
URL_SCHEMES = frozenset({"http", "https", "mailto"})
TEXT_TAGS = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr",
        "a", "ul", "ol", "li", "dl", "dt", "dd",
        "code", "pre", "blockquote", "em", "strong", "del", "sup", "sub", "abbr",
        "table", "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
TEXT_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
}
IMAGE_ATTRIBUTES = {"img": {"src", "alt", "title", "width", "height"}}


@cache
def _cleaner(*, allow_images: bool) -> nh3.Cleaner:
    """Build (once per flag) the sanitiser that keeps only the allowed tags and attributes."""
    tags = set(TEXT_TAGS) | ({"img"} if allow_images else set())
    attributes = {**TEXT_ATTRIBUTES, **(IMAGE_ATTRIBUTES if allow_images else {})}
    return nh3.Cleaner(
        tags=tags,
        attributes={name: set(values) for name, values in attributes.items()},
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        set_tag_attribute_values={"img": {"loading": "lazy"}} if allow_images else None,
    )


def render_markdown(text: str, *, allow_images: bool = False) -> str:
    """Return the sanitised HTML of ``text``; images survive only when ``allow_images`` is set."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS, output_format="html")
    return _cleaner(allow_images=allow_images).clean(html)

"""Readers' comments to safe HTML: a little Markdown, no images, links marked ``nofollow ugc``.

Comments come from the public, so they get a narrower set of tags than the
posts written in the back office: no headings, no tables, no images.
"""

import re
from functools import cache

import markdown
import nh3

from webox.common.markdown import URL_SCHEMES

COMMENT_TAGS = frozenset({"p", "br", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li"})
COMMENT_LINK_REL = "nofollow ugc"
_LINK_RE = re.compile(r"https?://|www\.|\]\(", re.IGNORECASE)


@cache
def _comment_cleaner() -> nh3.Cleaner:
    """Build (once) the sanitiser of comments."""
    return nh3.Cleaner(
        tags=set(COMMENT_TAGS),
        attributes={"a": {"href", "title"}},
        link_rel=COMMENT_LINK_REL,
        url_schemes=set(URL_SCHEMES),
        clean_content_tags={"script", "style"},
    )


def comment_html(text: str) -> str:
    """Return the sanitised HTML of a comment written in Markdown."""
    if not text:
        return ""
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    return _comment_cleaner().clean(html)


def links_count(text: str) -> int:
    """Return how many links (bare addresses or Markdown links) ``text`` holds."""
    return len(_LINK_RE.findall(text or ""))

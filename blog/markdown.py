"""A post's Markdown to safe HTML with anchored headings and the table of contents built from them."""

from dataclasses import dataclass
from functools import cache

import markdown
import nh3
from django.utils.text import slugify

from webox.common.markdown import (
    IMAGE_ATTRIBUTES,
    LINK_REL,
    MARKDOWN_EXTENSIONS,
    TEXT_ATTRIBUTES,
    TEXT_TAGS,
    URL_SCHEMES,
)

ANCHORED_HEADINGS = ("h2", "h3", "h4")


@dataclass(frozen=True)
class TocEntry:
    """One heading of the table of contents."""

    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class RenderedPost:
    """A post body as HTML and the headings it contains."""

    html: str
    toc: tuple[TocEntry, ...]


@cache
def _post_cleaner() -> nh3.Cleaner:
    """Build (once) the sanitiser of post bodies: webox's Markdown tags, images, ids on headings."""
    attributes = {**TEXT_ATTRIBUTES, **IMAGE_ATTRIBUTES, **{tag: {"id"} for tag in ANCHORED_HEADINGS}}
    return nh3.Cleaner(
        tags=set(TEXT_TAGS) | {"img"},
        attributes={name: set(values) for name, values in attributes.items()},
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        set_tag_attribute_values={"img": {"loading": "lazy"}},
    )


def _toc_entries(tokens: list[dict]) -> list[TocEntry]:
    """Flatten Python-Markdown's nested heading tokens (levels 2 to 4) into entries."""
    entries = []
    for token in tokens:
        if 2 <= token["level"] <= 4:
            entries.append(TocEntry(level=token["level"], anchor=token["id"], title=token["name"]))
        entries.extend(_toc_entries(token["children"]))
    return entries


def post_body_render(text: str) -> RenderedPost:
    """Render a post body: headings get ``h-…`` anchors, everything else is sanitised as usual."""
    converter = markdown.Markdown(
        extensions=[*MARKDOWN_EXTENSIONS, "toc"],
        extension_configs={"toc": {"slugify": lambda value, sep: "h-" + slugify(value), "toc_depth": "2-4"}},
        output_format="html",
    )
    html = converter.convert(text or "")
    return RenderedPost(html=_post_cleaner().clean(html), toc=tuple(_toc_entries(converter.toc_tokens)))

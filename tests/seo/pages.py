"""Read what a page tells search engines: its head tags, headings and JSON-LD blocks."""

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class PageHead:
    """What a crawler reads from one page."""

    title: str = ""
    h1_count: int = 0
    links: list[dict[str, str]] = field(default_factory=list)
    metas: list[dict[str, str]] = field(default_factory=list)
    json_ld: list[str] = field(default_factory=list)

    def meta(self, key: str) -> list[str]:
        """Return the contents of the ``<meta name=key>`` or ``<meta property=key>`` tags."""
        return [tag.get("content", "") for tag in self.metas if key in (tag.get("name"), tag.get("property"))]

    def link_hrefs(self, rel: str) -> list[str]:
        return [tag.get("href", "") for tag in self.links if tag.get("rel") == rel]

    def hreflangs(self) -> dict[str, str]:
        return {
            tag["hreflang"]: tag["href"] for tag in self.links if tag.get("rel") == "alternate" and "hreflang" in tag
        }

    def documents(self) -> dict[str, dict]:
        """Parse every JSON-LD block (raising on invalid JSON) and index them by ``@type``."""
        parsed = [json.loads(block) for block in self.json_ld]
        return {document["@type"]: document for document in parsed}


class _HeadParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.head = PageHead()
        self._in_title = False
        self._in_json_ld = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "title":
            self._in_title = True
        elif tag == "h1":
            self.head.h1_count += 1
        elif tag == "link":
            self.head.links.append(attributes)
        elif tag == "meta":
            self.head.metas.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.head.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_title:
            self.head.title += data
        elif self._in_json_ld:
            self.head.json_ld[-1] += data


def page_head(html: str) -> PageHead:
    """Return what search engines read in ``html``."""
    parser = _HeadParser()
    parser.feed(html)
    parser.close()
    return parser.head

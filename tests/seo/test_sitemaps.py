"""sitemap.xml: an index of well-formed sections listing every public page in French and English."""

import xml.etree.ElementTree as ET

import pytest

from blog.models import Post
from tests.blog.factories import PostFactory
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SITEMAP_NS = "{" + NS["sm"] + "}"
SECTIONS = ["pages", "categories", "products", "posts", "faq"]


def _xml(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # raises on malformed XML


def _entries(client, section: str) -> dict[str, dict]:
    """Return ``{loc: {"lastmod": str | None, "alternates": {hreflang: href}}}`` of a section."""
    root = _xml(client, f"/sitemap-{section}.xml")
    entries = {}
    for url in root.findall("sm:url", NS):
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("xhtml:link", NS)}
        entries[url.findtext("sm:loc", namespaces=NS)] = {
            "lastmod": url.findtext("sm:lastmod", namespaces=NS),
            "alternates": alternates,
        }
    return entries


def _assert_in_both_languages(entries: dict[str, dict], path: str) -> None:
    expected = {"fr": SITE + path, "en": SITE + "/en" + path, "x-default": SITE + path}
    assert entries[SITE + path]["alternates"] == expected
    assert entries[SITE + "/en" + path]["alternates"] == expected


def test_index_is_well_formed_and_lists_every_section(client, catalogue):
    root = _xml(client, "/sitemap.xml")
    assert root.tag == SITEMAP_NS + "sitemapindex"
    locations = [item.findtext("sm:loc", namespaces=NS) for item in root.findall("sm:sitemap", NS)]
    assert locations == [f"{SITE}/sitemap-{section}.xml" for section in SECTIONS]


@pytest.mark.parametrize("section", SECTIONS)
def test_every_section_is_well_formed_xml(client, catalogue, section):
    assert _xml(client, f"/sitemap-{section}.xml").tag == SITEMAP_NS + "urlset"


def test_pages_section_lists_home_shop_blog_contact_and_legal_pages(client):
    entries = _entries(client, "pages")
    for path in ("/", "/shop/", "/blog/", "/contact/", "/legal/notice/", "/legal/terms/", "/legal/privacy/"):
        _assert_in_both_languages(entries, path)
    assert len(entries) == 14


def test_catalogue_sections_list_visible_products_and_categories_with_lastmod(client, catalogue):
    ProductFactory(slug="retiree", is_active=False)
    products = _entries(client, "products")
    _assert_in_both_languages(products, "/shop/p/lampe/")
    assert products[SITE + "/shop/p/lampe/"]["lastmod"]
    assert not [loc for loc in products if "retiree" in loc]
    _assert_in_both_languages(_entries(client, "categories"), "/shop/c/maison/")


def test_posts_section_lists_published_posts_only_with_lastmod(client):
    PostFactory(slug="bienvenue")
    PostFactory(slug="brouillon", status=Post.Status.DRAFT)
    posts = _entries(client, "posts")
    _assert_in_both_languages(posts, "/blog/bienvenue/")
    assert posts[SITE + "/blog/bienvenue/"]["lastmod"]
    assert not [loc for loc in posts if "brouillon" in loc]


def test_faq_section_lists_the_help_page_modified_with_its_answers(client, catalogue):
    faq = _entries(client, "faq")
    _assert_in_both_languages(faq, "/help/")
    assert faq[SITE + "/help/"]["lastmod"]
    assert len(faq) == 2

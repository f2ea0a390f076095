"""Every public page tells search engines its title, description, address, languages and structured data."""

import pytest

from tests.blog.factories import PostFactory
from tests.seo.pages import page_head

pytestmark = pytest.mark.django_db

SITE = "http://testserver"
PUBLIC_PAGES = [
    "/",
    "/shop/",
    "/shop/c/maison/",
    "/shop/p/lampe/",
    "/shop/search/?q=lampe",
    "/help/",
    "/legal/notice/",
    "/legal/terms/",
    "/legal/privacy/",
    "/contact/",
]
INDEXED_PAGES = [page for page in PUBLIC_PAGES if "search" not in page]


def _head(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return page_head(response.content.decode())


def _assert_described(client, url: str) -> None:
    head = _head(client, url)
    assert head.link_hrefs("canonical") == [SITE + url.split("?")[0]]
    assert head.title.strip()
    descriptions = head.meta("description")
    assert len(descriptions) == 1 and descriptions[0].strip()
    assert head.h1_count == 1
    head.documents()  # every ld+json block parses as JSON


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_has_opengraph_and_twitter_card_tags(client, catalogue, page):
    """Shared links show a title, a description and an image taken from the page itself."""
    head = _head(client, page)
    assert head.meta("og:title") == [head.title.strip()]
    assert head.meta("og:description") == head.meta("description")
    assert head.meta("og:url") == head.link_hrefs("canonical")
    assert len(head.meta("og:image")) == 1 and head.meta("og:image")[0].startswith(SITE + "/")
    assert head.meta("twitter:card") == ["summary_large_image"]
    assert head.meta("twitter:image") == head.meta("og:image")


def test_page_without_picture_shares_the_default_image(client, catalogue):
    image = _head(client, "/legal/terms/").meta("og:image")[0]
    assert image.startswith(f"{SITE}/static/img/og-default") and image.endswith(".png")


@pytest.mark.parametrize("page", INDEXED_PAGES)
def test_public_page_links_its_french_english_and_default_versions(client, catalogue, page):
    """hreflang links give the same page in French (no prefix), in English (/en/) and French as x-default."""
    for language in ("", "/en"):
        alternates = _head(client, language + page).hreflangs()
        assert alternates == {"fr": SITE + page, "en": SITE + "/en" + page, "x-default": SITE + page}


def test_titles_and_descriptions_differ_from_page_to_page(client, catalogue):
    heads = [_head(client, page) for page in PUBLIC_PAGES]
    assert len({head.title for head in heads}) == len(PUBLIC_PAGES)
    assert len({head.meta("description")[0] for head in heads}) == len(PUBLIC_PAGES)


@pytest.mark.parametrize("page", INDEXED_PAGES)
def test_public_page_may_be_indexed(client, catalogue, page):
    assert _head(client, page).meta("robots") == []


def test_home_describes_the_organisation_and_the_site_search(client, catalogue):
    """The home page's JSON-LD names the organisation and tells engines how to search the shop."""
    documents = _head(client, "/").documents()
    organization, website = documents["Organization"], documents["WebSite"]
    assert organization["name"] == "WEBOX" and organization["url"] == SITE + "/"
    assert organization["logo"].startswith(SITE + "/static/")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == SITE + "/shop/search/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"
    english = _head(client, "/en/").documents()["WebSite"]
    assert english["potentialAction"]["target"]["urlTemplate"] == SITE + "/en/shop/search/?q={search_term_string}"
    assert english["inLanguage"] == "en"


@pytest.mark.parametrize("language", ["", "/en"])
@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_has_one_canonical_title_description_h1_and_valid_json_ld(client, catalogue, page, language):
    """A public page has one absolute canonical address, a title, a description, one h1 and parseable JSON-LD."""
    _assert_described(client, language + page)


@pytest.mark.parametrize("page", ["/blog/", "/blog/bienvenue/", "/en/blog/bienvenue/"])
def test_blog_pages_have_one_canonical_title_description_h1_and_valid_json_ld(client, page):
    PostFactory(slug="bienvenue", title="Bienvenue", excerpt="Le premier article.")
    _assert_described(client, page)
    assert _head(client, page).hreflangs()["x-default"] == SITE + page.removeprefix("/en")

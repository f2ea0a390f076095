"""A visitor searches the shop, filters by price, opens a product and switches its variant without reloading."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from playwright.sync_api import expect

from shop.models import Product
from shop.search import search_words_refresh
from tests.shop.factories import ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def catalogue():
    jacket = ProductFactory(
        name="Veste alpine", slug="veste-alpine", variant__sku="VA-S", variant__price=Decimal("80.00"),
        variant__stock=9, variant__options={"taille": "S"},
    )  # fmt: skip
    ProductVariantFactory(
        product=jacket, sku="VA-L", price=Decimal("95.00"), compare_at_price=Decimal("120.00"), stock=2,
        options={"taille": "L"}, position=1,
    )  # fmt: skip
    ProductVariantFactory(
        product=jacket, sku="VA-XL", price=Decimal("99.00"), stock=0, options={"taille": "XL"}, position=2
    )
    ProductImageFactory(product=jacket, alt_text="Veste alpine de face")
    ProductFactory(name="Veste légère", slug="veste-legere", variant__price=Decimal("30.00"))
    ProductFactory(name="Veste de luxe", slug="veste-luxe", variant__price=Decimal("450.00"))
    return jacket


def test_search_filter_open_product_and_switch_variant_without_reload(browser_page, catalogue):
    page = browser_page
    page.goto("/")
    page.fill("#site-search-q", "veste")
    with page.expect_navigation():
        page.press("#site-search-q", "Enter")
    assert urlsplit(page.url).path == "/shop/search/"
    assert page.locator(".card__title").count() == 3

    page.fill("#filter-min-price", "50")
    page.fill("#filter-max-price", "200")
    with page.expect_navigation():
        page.locator("form.filters [type=submit]").first.click()
    query = parse_qs(urlsplit(page.url).query)
    assert query["min_price"] == ["50"] and query["max_price"] == ["200"]
    assert page.locator(".card__title").all_inner_texts() == ["Veste alpine"]

    with page.expect_navigation():
        page.get_by_role("link", name="Veste alpine", exact=True).click()
    assert urlsplit(page.url).path == "/shop/p/veste-alpine/"
    page.wait_for_load_state("networkidle")
    price, stock = page.locator("[data-variant-price]"), page.locator("[data-variant-stock]")
    assert "80,00" in price.inner_text() and "En stock" in stock.inner_text()

    url = page.url
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))
    page.get_by_label("Taille : L").check()
    page.wait_for_function("document.querySelector('[data-variant-price]').textContent.includes('95')")
    assert "95,00" in price.inner_text() and "120,00" in price.inner_text()
    assert "Plus que 2" in stock.inner_text()
    assert page.locator("[data-variant-sku]").inner_text() == "VA-L"
    page.get_by_label("Taille : XL").check()
    assert "99,00" in price.inner_text() and "Rupture" in stock.inner_text()
    assert page.url == url and navigations == []
    assert page.problems.messages == []


@pytest.fixture
def catalogue_words(catalogue):
    """The catalogue with its words refreshed for spelling correction, emptied again afterwards: a flush
    between transactional tests empties the tables, not the materialised view."""
    search_words_refresh()
    yield catalogue
    Product.objects.all().delete()
    search_words_refresh()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="spelling correction needs PostgreSQL")
def test_a_mistyped_search_is_spelt_again_and_suggestions_follow_the_typing(browser_page, catalogue_words):
    page = browser_page
    page.goto("/shop/search/?q=vetse+alpinne")  # two letters swapped, one doubled
    assert "voici les résultats pour « veste alpine »" in page.locator("[data-spelling]").inner_text()
    assert page.locator(".card__title").all_inner_texts() == ["Veste alpine"]

    box, options = page.locator("#site-search-q"), page.locator("#site-search-suggestions [role=option]")
    box.fill("")
    box.press_sequentially("vest", delay=40)
    expect(options).to_have_count(3)
    assert options.all_inner_texts() == ["Veste alpine", "Veste de luxe", "Veste légère"]
    assert box.get_attribute("aria-expanded") == "true"
    assert page.locator("#site-search-status").inner_text() == "3 suggestions : choisissez-en une avec les flèches."
    box.press("Escape")
    assert box.get_attribute("aria-expanded") == "false" and page.locator("#site-search-suggestions").is_hidden()
    box.fill("")
    box.press_sequentially("vesste de lux", delay=40)  # a typo: the catalogue's words spell it again
    expect(options).to_have_text(["Veste de luxe"])
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == "site-search-suggestions-0"
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).path == "/shop/p/veste-luxe/"
    assert page.problems.messages == []

"""A visitor searches the shop, filters by price, opens a product and switches its variant without reloading."""

from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

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

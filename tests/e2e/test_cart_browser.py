"""In a real browser: add a chosen version, open the mini-cart, change the quantity and apply a code, without reloads.

Runs with the browser tier (``pytest -m browser``; Debian's /usr/bin/chromium).
"""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from shop.models import CartLine
from tests.shop.cart_factories import PromoCodeFactory
from tests.shop.factories import ProductFactory, ProductVariantFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.fixture
def jacket():
    product = ProductFactory(
        name="Veste alpine", slug="veste-alpine", variant__sku="VA-S", variant__price=Decimal("80.00"),
        variant__stock=9, variant__options={"taille": "S"},
    )  # fmt: skip
    ProductVariantFactory(
        product=product, sku="VA-L", price=Decimal("95.00"), stock=5, options={"taille": "L"}, position=1
    )
    PromoCodeFactory(code="DIX", value=Decimal("10"))
    return product


def test_add_change_apply_a_code_and_open_the_mini_cart_without_reloading(browser_page, jacket):
    page = browser_page
    page.goto("/shop/p/veste-alpine/")
    page.wait_for_load_state("networkidle")
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    page.get_by_label("Taille : L").check()
    page.locator("[data-cart-add-button]").click()
    expect(page.locator("#cart-badge .cart-badge__count")).to_have_text("1")
    assert "Veste alpine (L)" in page.locator(".cart-add__result").inner_text()
    assert list(CartLine.objects.values_list("variant__sku", "quantity")) == [("VA-L", 1)]

    page.locator("#cart-badge").click()
    page.wait_for_selector(".mini-cart__panel .mini-cart__line")
    assert "Veste alpine" in page.locator(".mini-cart__panel").inner_text()
    assert navigations == []

    with page.expect_navigation():
        page.goto("/shop/cart/")
    navigations.clear()
    page.locator("input[name=quantity]").fill("2")
    page.locator("input[name=quantity]").dispatch_event("change")
    expect(page.locator("#cart-badge .cart-badge__count")).to_have_text("2")
    assert "190,00" in page.locator(".cart-totals").inner_text()

    page.fill("#cart-promo-code", "nope")
    page.locator(".cart-promo__form button").click()
    page.wait_for_selector("#cart-promo-error")
    page.fill("#cart-promo-code", "dix")
    page.locator(".cart-promo__form button").click()
    page.wait_for_selector(".cart-totals__row--discount")
    totals = page.locator(".cart-totals").inner_text()
    assert "19,00" in totals and "171,00" in totals  # 10 % off, free delivery above 50 €
    assert navigations == []
    assert page.problems.messages == []

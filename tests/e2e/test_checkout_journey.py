"""A signed-in customer fills a cart with two products, applies a code, checks out, sees the order await payment."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from orders.models import Order
from shop.models import ProductVariant
from tests.accounts.twofactor_support import member_make
from tests.factories import DEFAULT_PASSWORD
from tests.shop.cart_factories import PromoCodeFactory
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop():
    ProductFactory(name="Lampe de bureau", slug="lampe", variant__sku="LAMPE", variant__price=Decimal("30.00"))
    ProductFactory(name="Tasse émaillée", slug="tasse", variant__sku="TASSE", variant__price=Decimal("12.50"))
    PromoCodeFactory(code="AUTOMNE", kind="percentage", value=Decimal("10"))
    return member_make(email="claire@example.com")


def _sign_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEFAULT_PASSWORD)
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()


def _add(page, slug: str) -> None:
    page.goto(f"/shop/p/{slug}/")
    page.wait_for_load_state("networkidle")
    count = int(page.locator("#cart-badge .cart-badge__count").inner_text())
    page.locator("[data-cart-add-button]").click()
    expect(page.locator("#cart-badge .cart-badge__count")).to_have_text(str(count + 1))


def test_two_products_a_code_and_an_order_awaiting_payment(browser_page, shop):
    page = browser_page
    _sign_in(page, "claire@example.com")
    _add(page, "lampe")
    _add(page, "tasse")

    page.goto("/shop/cart/")
    page.fill("#cart-promo-code", "automne")
    page.locator(".cart-promo__form button").click()
    page.wait_for_selector(".cart-totals__row--discount")
    assert "4,25" in page.locator(".cart-totals").inner_text()  # 10 % of 42.50 €

    with page.expect_navigation():
        page.locator("a.cart__checkout").click()
    page.fill("#id_shipping-full_name", "Claire Martin")
    page.fill("#id_shipping-line1", "3 rue des Lilas")
    page.fill("#id_shipping-postal_code", "69003")
    page.fill("#id_shipping-city", "Lyon")
    review = page.locator("#checkout-review").inner_text()
    assert "4,25" in review and "TVA" in review
    with page.expect_navigation():
        page.get_by_role("button", name="Passer la commande").click()

    order = Order.objects.get()
    assert order.status == Order.Status.PENDING_PAYMENT
    # 42.50 € of goods, 10 % off, standard delivery (4.90 €: under the 50 € free-delivery threshold).
    assert (order.subtotal, order.discount_total, order.shipping_total, order.total) == (
        Decimal("42.50"), Decimal("4.25"), Decimal("4.90"), Decimal("43.15")
    )  # fmt: skip
    assert order.promo_code_text == "AUTOMNE"
    assert page.url.endswith(f"/orders/{order.number}/")
    expect(page.locator("h1")).to_contain_text(order.number)
    assert "En attente de paiement" in page.locator("main").inner_text()
    assert list(ProductVariant.objects.order_by("sku").values_list("sku", "stock")) == [("LAMPE", 9), ("TASSE", 9)]
    expect(page.locator("#cart-badge .cart-badge__count")).to_have_text("0")
    assert page.problems.messages == []

"""A customer pays an order through the sandbox gateway, sees it paid without reloading and downloads the invoice."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from orders.models import Order
from tests.accounts.twofactor_support import member_make
from tests.e2e.test_checkout_journey import _add, _sign_in
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shop():
    ProductFactory(name="Carnet de notes", slug="carnet", variant__sku="CARNET", variant__price=Decimal("60.00"))
    return member_make(email="paul@example.com")


def test_cart_to_sandbox_payment_to_paid_order_and_invoice(browser_page, shop, tmp_path):
    page = browser_page
    _sign_in(page, "paul@example.com")
    _add(page, "carnet")
    page.goto("/shop/cart/")
    with page.expect_navigation():
        page.locator("a.cart__checkout").click()
    page.fill("#id_shipping-full_name", "Paul Durand")
    page.fill("#id_shipping-line1", "8 place Bellecour")
    page.fill("#id_shipping-postal_code", "69002")
    page.fill("#id_shipping-city", "Lyon")
    with page.expect_navigation():
        page.get_by_role("button", name="Passer la commande").click()
    order = Order.objects.get()

    page.locator("input[name=gateway][value=sandbox]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Payer 60,00 €").click()
    expect(page.locator("h1")).to_contain_text("Paiement de test")
    with page.expect_navigation():
        page.get_by_role("button", name="Approuver le paiement").click()
    # The return page polls the payment's status until the notification has been processed.
    expect(page.locator("#payment-status")).to_contain_text("Paiement reçu", timeout=10_000)

    page.goto(f"/orders/{order.number}/")
    expect(page.locator("main")).to_contain_text("Payée")
    order.refresh_from_db()
    assert order.status == Order.Status.PAID and order.payment_method
    invoice = order.invoices.get(kind="invoice")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Télécharger la facture {invoice.number} (PDF)").click()
    path = tmp_path / "facture.pdf"
    download_info.value.save_as(path)
    text = "".join(page_.extract_text() for page_ in PdfReader(path).pages)
    assert invoice.number in text and order.number in text and "Carnet de notes" in text
    # Chromium reports a download as an aborted navigation: that one is expected.
    assert [message for message in page.problems.messages if "/invoice/ net::ERR_ABORTED" not in message] == []

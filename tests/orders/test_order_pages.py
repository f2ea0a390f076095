"""The customer's order pages: list, detail (owner or guest link), cancel, re-order, invoice; nobody else's."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from orders.links import order_guest_token, order_guest_url
from orders.models import Order
from orders.services import order_mark_paid, order_mark_processing, order_ship
from shop.models import CartLine
from tests.factories import UserFactory
from tests.orders.documents_support import digital_product_make
from tests.orders.factories import order_place_for
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


def _page(order, suffix: str = "") -> str:
    return f"/en/orders/{order.number}/{suffix}"


def test_my_orders_lists_only_mine_newest_first(signed_in, user, physical):
    mine = [order_place_for(user, physical), order_place_for(user, physical)]
    theirs = order_place_for(UserFactory(), physical)
    html = signed_in.get("/en/orders/").content.decode()
    assert html.index(mine[1].number) < html.index(mine[0].number) and theirs.number not in html
    assert "Awaiting payment" in html and "€24.90" in html


def test_my_orders_needs_an_account(client):
    response = client.get("/en/orders/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_order_awaiting_payment_shows_the_payment_slot(signed_in, user, physical):
    order = order_place_for(user, (physical.default_variant, 2))
    response = signed_in.get(_page(order))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert 'id="order-payment-title"' in html and "Awaiting payment" in html
    assert "Lampe" in html and physical.default_variant.sku in html and "€44.90" in html
    assert "incl. VAT 20 %" in html and "12 rue des Lilas" in html and "Order placed" in html
    assert "Cancel this order" in html and "Download invoice" not in html


def test_a_paid_and_shipped_order_shows_its_history_tracking_and_invoice(signed_in, user, physical, staff_user):
    order = order_mark_paid(order=order_place_for(user, physical), payment_method="sandbox")
    order_ship(order=order_mark_processing(order=order), carrier="Colissimo", tracking_number="6A999")
    html = signed_in.get(_page(order)).content.decode()
    for text in ("Paid", "Processing", "Shipped", "Colissimo", "6A999", "Download invoice FA-"):
        assert text in html
    assert 'id="order-payment-title"' not in html and "Cancel this order" not in html
    pdf = signed_in.get(_page(order, "invoice/"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_a_paid_digital_order_lists_its_downloads(signed_in, user):
    ebook = digital_product_make(name="Guide", variant__price=Decimal("10.00"), variant__track_stock=False)
    order = order_mark_paid(order=order_place_for(user, ebook))
    html = signed_in.get(_page(order)).content.decode()
    assert "/orders/downloads/" in html and "5 downloads left" in html


def test_another_customers_order_is_a_404_everywhere(client, physical):
    order = order_mark_paid(order=order_place_for(UserFactory(), physical))
    client.force_login(UserFactory())
    assert client.get(_page(order)).status_code == 404
    assert client.get(_page(order, "invoice/")).status_code == 404
    assert client.post(_page(order, "cancel/")).status_code == 404
    assert client.post(_page(order, "reorder/")).status_code == 404
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_a_guest_link_opens_the_order_for_30_days_only(client, physical):
    order = order_place_for(None, physical, email="invite@example.com")
    url = order_guest_url(order)
    assert f"/orders/{order.number}/?t=" in url
    assert client.get(url).status_code == 200
    assert client.get(_page(order)).status_code == 404
    assert client.get(_page(order) + "?t=forged").status_code == 404
    other = order_place_for(None, physical, token="someone-else")
    assert client.get(f"{_page(other)}?t={order_guest_token(order)}").status_code == 404  # a link opens its order only
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert client.get(url).status_code == 404


def test_a_guest_cancels_with_the_link(client, physical):
    order = order_place_for(None, (physical.default_variant, 3), email="invite@example.com")
    token = order_guest_token(order)
    assert client.post(_page(order, "cancel/")).status_code == 404  # without the link
    response = client.post(_page(order, "cancel/"), {"t": token})
    assert response.status_code == 302 and response["Location"].startswith(f"/en/orders/{order.number}/?t=")
    physical.default_variant.refresh_from_db()
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED and physical.default_variant.stock == 10


def test_the_owner_cancels_before_shipping_only(signed_in, user, physical):
    order = order_place_for(user, physical)
    response = signed_in.post(_page(order, "cancel/"), follow=True)
    assert "is cancelled" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == Order.Status.CANCELLED
    shipped = order_mark_processing(order=order_mark_paid(order=order_place_for(user, physical)))
    response = signed_in.post(_page(shipped, "cancel/"), follow=True)
    assert "can no longer be cancelled" in response.content.decode()
    assert Order.objects.get(pk=shipped.pk).status == Order.Status.PROCESSING


def test_cancel_needs_a_post(signed_in, user, physical):
    order = order_place_for(user, physical)
    assert signed_in.get(_page(order, "cancel/")).status_code == 405


def test_reorder_puts_the_products_back_and_names_those_gone(signed_in, user, physical):
    gone = ProductFactory(name="Ancien modèle", variant__price=Decimal("10.00"))
    order = order_place_for(user, (physical.default_variant, 2), gone)
    gone.is_active = False
    gone.save()
    response = signed_in.post(_page(order, "reorder/"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/en/shop/cart/"
    assert "are in your cart" in html and "Ancien modèle" in html
    assert list(CartLine.objects.filter(cart__user=user).values_list("variant_id", "quantity")) == [
        (physical.default_variant.pk, 2)
    ]


def test_pages_are_french_by_default_and_english_under_en(signed_in, user, physical):
    order = order_place_for(user, physical)
    assert '<html lang="fr">' in signed_in.get(f"/orders/{order.number}/").content.decode()
    assert '<html lang="en">' in signed_in.get(_page(order)).content.decode()


def test_the_account_menu_links_to_my_orders(signed_in):
    assert 'href="/en/orders/"' in signed_in.get("/en/").content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_order_pages_take_a_constant_number_of_queries(signed_in, user):
    products = [ProductFactory(variant__price=Decimal("10.00")) for _index in range(5)]
    first = order_place_for(user, products[0])
    few = _count(signed_in, "/en/orders/"), _count(signed_in, _page(first))
    for _index in range(5):
        order_mark_paid(order=order_place_for(user, *products))
    big = order_mark_paid(order=order_place_for(user, *products))
    many = _count(signed_in, "/en/orders/"), _count(signed_in, _page(big))
    assert many[0] == few[0]
    assert many[1] <= few[1] + 1  # a paid order also reads its invoice link: nothing per line


def test_a_guest_downloads_the_invoice_with_the_link_only(client, physical):
    order = order_mark_paid(order=order_place_for(None, physical, email="invite@example.com"))
    assert client.get(_page(order, "invoice/")).status_code == 404
    pdf = client.get(_page(order, "invoice/"), {"t": order_guest_token(order)})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"].startswith("attachment") and pdf["Cache-Control"] == "private, no-store"

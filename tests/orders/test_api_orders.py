"""POST /api/v1/checkout/ and the caller's orders: list, detail, cancel, invoice; errors with their codes."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.services import api_token_create
from orders.models import Order
from orders.services import order_mark_paid, order_mark_processing
from shop.models import CartLine, PromoCode
from shop.services.cart import cart_add_line, cart_get_or_create
from tests.factories import UserFactory
from tests.orders.factories import ADDRESS, order_place_for
from tests.shop.cart_factories import PromoCodeFactory
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db

CHECKOUT = "/api/v1/checkout/"
ORDERS = "/api/v1/orders/"


def _api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _fill(user, *items) -> None:
    cart = cart_get_or_create(user=user)
    for product, quantity in items:
        cart_add_line(cart=cart, variant_id=product.default_variant.pk, quantity=quantity)


def _checkout(api, **body):
    headers = {name: body.pop(name) for name in list(body) if name.startswith("HTTP_")}
    payload = {"email": "", "shipping_address": ADDRESS, "shipping_method": "standard", **body}
    return api.post(CHECKOUT, payload, format="json", **headers)


def test_checkout_places_the_order_and_answers_201_with_it(user, physical):
    _fill(user, (physical, 2))
    response = _checkout(_api(user), unit_price="0.01", total="0.01")  # prices sent by a client are ignored
    assert response.status_code == 201
    body = response.json()
    order = Order.objects.get()
    assert body["number"] == order.number and body["status"] == "pending_payment" and body["email"] == user.email
    assert body["lines"] == [
        {
            "product_name": "Lampe",
            "variant_label": "",
            "sku": physical.default_variant.sku,
            "product_kind": "physical",
            "unit_price": "20.00",
            "quantity": 2,
            "line_total": "40.00",
            "discount": "0.00",
            "vat_rate": "20.00",
        }
    ]
    assert (body["subtotal"], body["discount"], body["shipping"], body["total"]) == ("40.00", "0.00", "4.90", "44.90")
    assert body["vat"] == [{"rate": "20.00", "net": "37.42", "vat": "7.48", "gross": "44.90"}]
    assert (body["vat_total"], body["currency"], body["shipping_method"]) == ("7.48", "EUR", "standard")
    assert body["shipping_address"] == ADDRESS and body["billing_address"] == ADDRESS
    assert body["can_cancel"] is True and body["invoice_url"] is None and body["url"] == f"/orders/{order.number}/"


def test_a_guest_checks_out_with_the_session_cart(physical):
    api = _api()
    assert api.post("/api/v1/cart/items/", {"variant": physical.default_variant.pk, "quantity": 1}).status_code == 201
    response = _checkout(api, email="invite@example.com")
    assert response.status_code == 201
    order = Order.objects.get()
    assert order.user is None and order.email == "invite@example.com"


def test_a_guest_session_checkout_needs_the_csrf_token(physical):
    api = APIClient(enforce_csrf_checks=True)
    api.get("/api/v1/cart/")
    token = api.cookies["csrftoken"].value
    api.post("/api/v1/cart/items/", {"variant": physical.default_variant.pk, "quantity": 1}, HTTP_X_CSRFTOKEN=token)
    refused = _checkout(api, email="invite@example.com")
    assert refused.status_code == 403 and not Order.objects.exists()
    accepted = api.post(
        CHECKOUT,
        {"email": "invite@example.com", "shipping_address": ADDRESS, "shipping_method": "standard"},
        format="json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert accepted.status_code == 201


def test_the_same_idempotency_key_returns_the_same_order(user, physical):
    _fill(user, (physical, 1))
    api = _api(user)
    first = _checkout(api, HTTP_IDEMPOTENCY_KEY="8c1d-retry")
    again = _checkout(api, HTTP_IDEMPOTENCY_KEY="8c1d-retry")
    assert first.status_code == again.status_code == 201
    assert first.json()["number"] == again.json()["number"] and Order.objects.count() == 1


def test_a_second_submit_of_the_emptied_cart_places_nothing(user, physical):
    _fill(user, (physical, 1))
    api = _api(user)
    assert _checkout(api).status_code == 201
    again = _checkout(api)
    assert again.status_code == 400 and again.json()["code"] == "empty_cart" and Order.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"shipping_address": {**ADDRESS, "postal_code": ""}}, 400, "invalid_address", "shipping_address"),
        ({"shipping_address": None}, 400, "invalid_address", "shipping_address"),
        ({"billing_address": {"full_name": "X"}}, 400, "invalid_address", "billing_address"),
        ({"shipping_method": "drone"}, 400, "invalid_shipping_method", "shipping_method"),
        ({"email": "nope"}, 400, "invalid_email", "email"),
    ],
)
def test_checkout_errors_have_their_code_and_fields(physical, body, status, code, field):
    api = _api()
    api.post("/api/v1/cart/items/", {"variant": physical.default_variant.pk, "quantity": 1})
    response = _checkout(api, **{"email": "invite@example.com", **body})
    assert response.status_code == status
    assert response.json()["code"] == code and field in response.json()["fields"]
    assert not Order.objects.exists()


def test_checkout_of_an_empty_or_missing_cart(user):
    assert _checkout(_api()).json()["code"] == "empty_cart"
    cart_get_or_create(user=user)
    response = _checkout(_api(user))
    assert response.status_code == 400 and response.json()["code"] == "empty_cart"


def test_checkout_out_of_stock_is_a_409_naming_the_sku(user, physical):
    _fill(user, (physical, 3))
    physical.default_variant.stock = 1
    physical.default_variant.save()
    response = _checkout(_api(user))
    assert response.status_code == 409 and response.json()["code"] == "out_of_stock"
    assert list(response.json()["fields"]["lines"]) == [physical.default_variant.sku]


def test_checkout_with_a_spent_code_is_promo_invalid(user, physical):
    promo = PromoCodeFactory(usage_limit=1)
    _fill(user, (physical, 1))
    api = _api(user)
    assert api.post("/api/v1/cart/promo/", {"code": promo.code}).status_code == 200
    PromoCode.objects.filter(pk=promo.pk).update(times_used=1)
    response = _checkout(api)
    assert response.status_code == 400 and response.json()["code"] == "promo_invalid"
    assert "promo_code" in response.json()["fields"] and not Order.objects.exists()


def test_a_credit_pack_needs_an_account(credit_pack):
    api = _api()
    api.post("/api/v1/cart/items/", {"variant": credit_pack.default_variant.pk, "quantity": 1})
    response = _checkout(api, email="invite@example.com", shipping_address=None, shipping_method="")
    assert response.status_code == 403 and response.json()["code"] == "sign_in_required"


def test_a_changed_total_is_refused_with_price_changed(user, physical):
    _fill(user, (physical, 1))
    response = _checkout(_api(user), expected_total="19.00")
    assert response.status_code == 409 and response.json()["code"] == "price_changed"
    assert CartLine.objects.filter(cart__user=user).exists()


def test_order_list_shows_only_the_callers_orders_paginated(physical):
    alice, bob = UserFactory(), UserFactory()
    mine = [order_place_for(alice, physical), order_place_for(alice, physical)]
    order_place_for(bob, physical)
    body = _api(alice).get(ORDERS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert [order["number"] for order in body["results"]] == [mine[1].number, mine[0].number]


def test_orders_need_an_account():
    for response in (_api().get(ORDERS), _api().get(f"{ORDERS}WBX-2026-000001/")):
        assert response.status_code == 401


def test_a_customer_cannot_see_cancel_or_download_anothers_order(physical):
    alice, bob = UserFactory(), UserFactory()
    order = order_mark_paid(order=order_place_for(bob, physical))
    api = _api(alice)
    for response in (
        api.get(f"{ORDERS}{order.number}/"),
        api.post(f"{ORDERS}{order.number}/cancel/"),
        api.get(f"{ORDERS}{order.number}/invoice/"),
    ):
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert Order.objects.get(pk=order.pk).status == Order.Status.PAID


def test_detail_cancel_and_invoice_of_ones_own_order(user, physical):
    order = order_place_for(user, (physical.default_variant, 2))
    api = _api(user)
    detail = api.get(f"{ORDERS}{order.number}/")
    assert detail.status_code == 200 and detail.json()["total"] == "44.90"
    no_invoice = api.get(f"{ORDERS}{order.number}/invoice/")
    assert no_invoice.status_code == 404 and no_invoice.json()["code"] == "no_invoice"
    order_mark_paid(order=order, payment_method="sandbox")
    detail = api.get(f"{ORDERS}{order.number}/").json()
    assert detail["status"] == "paid" and detail["invoice_url"].endswith(f"/api/v1/orders/{order.number}/invoice/")
    pdf = api.get(f"{ORDERS}{order.number}/invoice/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF") and "attachment" in pdf["Content-Disposition"]
    cancelled = api.post(f"{ORDERS}{order.number}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["can_cancel"] is False
    physical.default_variant.refresh_from_db()
    assert physical.default_variant.stock == 10


def test_a_shipped_order_cannot_be_cancelled(user, physical):
    order = order_mark_processing(order=order_mark_paid(order=order_place_for(user, physical)))
    response = _api(user).post(f"{ORDERS}{order.number}/cancel/")
    assert response.status_code == 409 and response.json()["code"] == "not_cancellable"


def test_token_authentication_works_for_orders(user, physical):
    order = order_place_for(user, physical)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='script').key}")
    assert api.get(f"{ORDERS}{order.number}/").status_code == 200


def _queries(api, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(url).status_code == 200
    return len(queries)


def test_order_list_and_detail_take_a_constant_number_of_queries(user):
    products = [ProductFactory(variant__price=Decimal("10.00")) for _index in range(6)]
    api = _api(user)
    first = order_place_for(user, products[0])
    few = _queries(api, ORDERS), _queries(api, f"{ORDERS}{first.number}/")
    for _index in range(4):
        order_mark_paid(order=order_place_for(user, *products))
    big = order_place_for(user, *products)
    many = _queries(api, ORDERS), _queries(api, f"{ORDERS}{big.number}/")
    assert many == few

"""The cart API of ARCHITECTURE.md: anonymous and signed-in callers, server prices, every bad input a 4xx."""

from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from shop.models import Cart, CartLine, Product
from tests.accounts.profile_support import token_make
from tests.shop.cart_factories import CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory
from tests.shop.review_support import customer_make

pytestmark = pytest.mark.django_db

CART = "/api/v1/cart/"
ITEMS = "/api/v1/cart/items/"
PROMO = "/api/v1/cart/promo/"

LINE_KEYS = {
    "id",
    "variant",
    "sku",
    "product",
    "options",
    "unit_price",
    "quantity",
    "line_total",
    "discount",
    "stock_status",
    "available",
}
CART_KEYS = {
    "id",
    "lines",
    "promo_code",
    "promo_error",
    "subtotal",
    "discount",
    "shipping",
    "shipping_method",
    "shipping_options",
    "vat",
    "vat_total",
    "total",
    "item_count",
    "currency",
}


def variant_make(price="19.90", stock=10, **fields):
    return ProductFactory(variant__price=Decimal(price), variant__stock=stock, **fields).variants.get()


def as_token(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_make(user).key}")
    return client


def snapshot() -> list[tuple]:
    return list(CartLine.objects.order_by("pk").values_list("cart_id", "variant_id", "quantity"))


# ---------------------------------------------------------------------------
# Shape and flows
# ---------------------------------------------------------------------------
def test_an_anonymous_visitor_fills_a_cart_kept_by_the_session(english):
    api, variant = APIClient(), variant_make(variant__options={"taille": "M"})
    ProductImageFactory(product=variant.product)
    assert api.get(CART).json()["lines"] == []
    added = api.post(ITEMS, {"variant": variant.pk, "quantity": 2})
    assert added.status_code == 201
    body = api.get(CART).json()
    assert set(body) == CART_KEYS and body == added.json()
    (line,) = body["lines"]
    assert set(line) == LINE_KEYS
    assert line["product"]["slug"] == variant.product.slug and line["product"]["image"].startswith("/media/")
    assert (line["sku"], line["options"], line["unit_price"], line["line_total"]) == (
        variant.sku,
        {"taille": "M"},
        "19.90",
        "39.80",
    )
    assert (body["subtotal"], body["shipping"], body["total"], body["item_count"]) == ("39.80", "4.90", "44.70", 2)
    assert body["vat"] == [{"rate": "20.00", "net": "37.25", "vat": "7.45", "gross": "44.70"}]
    assert (body["vat_total"], body["currency"], body["shipping_method"]) == ("7.45", "EUR", "standard")
    assert body["shipping_options"][0] == {
        "method": "standard",
        "label": "Standard delivery (3-5 days)",
        "price": "4.90",
    }
    assert Cart.objects.get(pk=body["id"]).user is None


def test_a_client_sent_price_is_ignored():
    api, variant = APIClient(), variant_make(price="19.90")
    body = api.post(
        ITEMS, {"variant": variant.pk, "quantity": 1, "price": "0.01", "unit_price": "0.01", "total": "0.01"}
    ).json()
    line_id = body["lines"][0]["id"]
    patched = api.patch(f"{ITEMS}{line_id}/", {"quantity": 2, "unit_price": "0.01", "line_total": "0.02"}).json()
    assert (patched["lines"][0]["unit_price"], patched["subtotal"]) == ("19.90", "39.80")


def test_patch_changes_a_quantity_and_delete_removes_the_line():
    api = APIClient()
    first, second = variant_make(), variant_make(price="5.00")
    api.post(ITEMS, {"variant": first.pk, "quantity": 1})
    line_id = api.post(ITEMS, {"variant": second.pk, "quantity": 1}).json()["lines"][1]["id"]
    assert api.patch(f"{ITEMS}{line_id}/", {"quantity": 3}).json()["item_count"] == 4
    response = api.delete(f"{ITEMS}{line_id}/")
    assert response.status_code == 200
    assert [line["variant"] for line in response.json()["lines"]] == [first.pk]


def test_a_promo_code_is_applied_and_removed():
    api = APIClient()
    api.post(ITEMS, {"variant": variant_make(price="20.00").pk, "quantity": 2})
    PromoCodeFactory(code="DIX", value=Decimal("10"))
    body = api.post(PROMO, {"code": "dix"}).json()
    assert (body["promo_code"], body["discount"], body["total"]) == ("DIX", "4.00", "40.90")
    assert body["lines"][0]["discount"] == "4.00"
    removed = api.delete(PROMO).json()
    assert (removed["promo_code"], removed["discount"]) == (None, "0.00")


def test_a_stored_code_that_stops_applying_is_reported_in_promo_error(english):
    api = APIClient()
    line_id = api.post(ITEMS, {"variant": variant_make(price="30.00").pk, "quantity": 2}).json()["lines"][0]["id"]
    PromoCodeFactory(code="MINI", min_order_total=Decimal("50.00"))
    api.post(PROMO, {"code": "MINI"})
    body = api.patch(f"{ITEMS}{line_id}/", {"quantity": 1}).json()
    assert body["promo_code"] == "MINI" and body["discount"] == "0.00"
    assert body["promo_error"]["code"] == "promo_minimum_not_met"
    assert "at least" in body["promo_error"]["detail"]


def test_the_shipping_method_can_be_priced():
    api = APIClient()
    api.post(ITEMS, {"variant": variant_make().pk, "quantity": 1})
    body = api.get(CART, {"shipping_method": "express"}).json()
    assert (body["shipping_method"], body["shipping"]) == ("express", "12.90")


def test_a_token_user_uses_their_own_cart():
    user = customer_make()
    api, variant = as_token(user), variant_make()
    assert api.post(ITEMS, {"variant": variant.pk, "quantity": 1}).status_code == 201
    assert Cart.objects.get(user=user).lines.get().variant == variant
    assert api.get(CART).json()["id"] == Cart.objects.get(user=user).pk


def test_a_session_user_uses_their_own_cart():
    user = customer_make()
    cart = CartFactory(user=user)
    CartLineFactory(cart=cart, quantity=3)
    api = APIClient()
    api.force_login(user)
    assert api.get(CART).json()["item_count"] == 3


# ---------------------------------------------------------------------------
# Bad input: 400 (or 404) with a code, the cart unchanged
# ---------------------------------------------------------------------------
def _filled(api: APIClient):
    variant = variant_make(stock=5)
    api.post(ITEMS, {"variant": variant.pk, "quantity": 2})
    return variant


@pytest.mark.parametrize(
    ("quantity", "code"),
    [(0, "invalid_quantity"), (-1, "invalid_quantity"), ("abc", "invalid_quantity"), (4, "out_of_stock")],
)
def test_post_refuses_a_bad_quantity(quantity, code):
    api = APIClient()
    variant = _filled(api)
    before = snapshot()
    response = api.post(ITEMS, {"variant": variant.pk, "quantity": quantity})
    body = response.json()
    assert (response.status_code, body["code"]) == (400, code)
    assert set(body) == {"code", "detail", "fields"} and body["fields"]["quantity"]
    assert snapshot() == before


@pytest.mark.parametrize(
    ("quantity", "code"), [(0, "invalid_quantity"), ("abc", "invalid_quantity"), (9, "out_of_stock")]
)
def test_patch_refuses_a_bad_quantity(quantity, code):
    api = APIClient()
    _filled(api)
    before = snapshot()
    response = api.patch(f"{ITEMS}{CartLine.objects.get().pk}/", {"quantity": quantity})
    assert (response.status_code, response.json()["code"]) == (400, code)
    assert snapshot() == before


@pytest.mark.parametrize("case", ["inactive", "inactive_category", "unknown"])
def test_post_refuses_a_product_not_on_sale(case):
    api = APIClient()
    _filled(api)
    variant = variant_make()
    if case == "inactive":
        Product.objects.filter(pk=variant.product_id).update(is_active=False)
    elif case == "inactive_category":
        Product.objects.filter(pk=variant.product_id).update(category=CategoryFactory(is_active=False))
    before = snapshot()
    response = api.post(ITEMS, {"variant": 999999 if case == "unknown" else variant.pk, "quantity": 1})
    assert (response.status_code, response.json()["code"]) == (400, "not_purchasable")
    assert "variant" in response.json()["fields"]
    assert snapshot() == before


def test_post_without_a_variant_is_a_field_error():
    response = APIClient().post(ITEMS, {"quantity": 1})
    assert response.status_code == 400 and "variant" in response.json()["fields"]
    assert not Cart.objects.exists()


def test_a_refused_first_line_leaves_no_cart_behind():
    response = APIClient().post(ITEMS, {"variant": variant_make(stock=0).pk, "quantity": 1})
    assert response.status_code == 400
    assert not Cart.objects.exists()


def test_unknown_and_other_peoples_lines_are_404():
    alice, bob = customer_make(), customer_make()
    bobs_line = CartLineFactory(cart=CartFactory(user=bob), quantity=2)
    api = as_token(alice)
    _filled(api)
    before = snapshot()
    for line_id in (bobs_line.pk, 999999):
        patched = api.patch(f"{ITEMS}{line_id}/", {"quantity": 1})
        deleted = api.delete(f"{ITEMS}{line_id}/")
        assert (patched.status_code, patched.json()["code"]) == (404, "cart_line_not_found")
        assert (deleted.status_code, deleted.json()["code"]) == (404, "cart_line_not_found")
    assert APIClient().delete(f"{ITEMS}{bobs_line.pk}/").status_code == 404  # a visitor without a cart
    assert snapshot() == before


# ---------------------------------------------------------------------------
# CSRF, rate limit, queries, schema
# ---------------------------------------------------------------------------
def test_a_browser_session_must_send_the_csrf_token():
    api = APIClient(enforce_csrf_checks=True)
    variant = variant_make()
    assert api.post(ITEMS, {"variant": variant.pk, "quantity": 1}).status_code == 201  # no session yet
    refused = api.post(ITEMS, {"variant": variant.pk, "quantity": 1})
    assert refused.status_code == 403
    token = api.cookies["csrftoken"].value
    accepted = api.post(ITEMS, {"variant": variant.pk, "quantity": 1}, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 201 and accepted.json()["item_count"] == 2


def test_writes_are_rate_limited_by_the_moderate_tier():
    api = APIClient()
    with time_machine.travel(timezone.now().replace(second=5), tick=False):  # one rate-limit window
        statuses = [api.post(ITEMS, {"variant": 1, "quantity": 0}).status_code for _attempt in range(31)]
    assert statuses[:30] == [400] * 30
    assert statuses[30] == 429
    assert api.get(CART).status_code == 200  # reads are not counted by this tier


@pytest.mark.parametrize("count", [1, 10])
def test_get_runs_a_constant_number_of_queries(count, django_assert_max_num_queries):
    user = customer_make()
    cart = CartFactory(user=user)
    category = CategoryFactory()
    for _index in range(count):
        product = ProductFactory(category=category)
        ProductImageFactory(product=product)
        CartLineFactory(cart=cart, variant=product.variants.get())
    cart.promo_code = PromoCodeFactory(categories=[category])
    cart.save()
    api = as_token(user)
    with django_assert_max_num_queries(8):
        body = api.get(CART).json()
    assert len(body["lines"]) == count and body["discount"] != "0.00"


def test_the_cart_endpoints_are_in_the_api_schema():
    schema = APIClient().get("/api/schema/", {"format": "json"}).json()
    assert {"/api/v1/cart/", "/api/v1/cart/items/", "/api/v1/cart/items/{line_id}/", "/api/v1/cart/promo/"} <= set(
        schema["paths"]
    )
    assert set(schema["paths"]["/api/v1/cart/items/{line_id}/"]) >= {"patch", "delete"}

"""Promo codes: each kind, each rule and each refusal with its own code and message; redeem, release, generate."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from shop.cart import cart_priced_lines, cart_summary
from shop.models import Cart, PromoCode, PromoRedemption
from shop.services import cart_apply_promo
from shop.services.promotions import promo_codes_generate, promo_redeem, promo_release
from tests.shop.cart_factories import (
    AnonymousCartFactory,
    CartFactory,
    CartLineFactory,
    PromoCodeFactory,
    PromoRedemptionFactory,
    orders_recorded,
)
from tests.shop.factories import CategoryFactory, ProductFactory
from webox.common.errors import ApplicationError

pytestmark = pytest.mark.django_db

D = Decimal


def cart_make(*prices: str, category=None, cart=None):
    """Return a customer's cart holding one unit of a product at each price."""
    cart = cart or CartFactory()
    for price in prices:
        fields = {"category": category} if category is not None else {}
        product = ProductFactory(variant__price=D(price), **fields)
        CartLineFactory(cart=cart, variant=product.variants.get(), quantity=1)
    return cart


def refusal(cart, code: str, **kwargs) -> ApplicationError:
    before = Cart.objects.get(pk=cart.pk).promo_code_id
    with pytest.raises(ApplicationError) as refused:
        cart_apply_promo(cart=cart, code=code, **kwargs)
    assert Cart.objects.get(pk=cart.pk).promo_code_id == before  # the cart is left as it was
    return refused.value


# ---------------------------------------------------------------------------
# Kinds
# ---------------------------------------------------------------------------
def test_percentage_code():
    cart = cart_make("19.90", "20.00")
    PromoCodeFactory(code="DIX", value=D("10"))
    cart_apply_promo(cart=cart, code="DIX")
    totals = cart_summary(cart=cart).totals
    assert (totals.subtotal, totals.discount, totals.shipping, totals.total) == (
        D("39.90"),
        D("3.99"),
        D("4.90"),
        D("40.81"),
    )


def test_fixed_amount_code_never_exceeds_the_goods_it_applies_to():
    cart = cart_make("4.00")
    PromoCodeFactory(code="CINQ", kind=PromoCode.Kind.FIXED, value=D("5.00"))
    cart_apply_promo(cart=cart, code="CINQ")
    totals = cart_summary(cart=cart).totals
    assert (totals.discount, totals.total) == (D("4.00"), D("4.90"))


def test_free_shipping_code():
    cart = cart_make("19.90")
    PromoCodeFactory(code="PORT", kind=PromoCode.Kind.FREE_SHIPPING, value=0)
    cart_apply_promo(cart=cart, code="PORT")
    totals = cart_summary(cart=cart, shipping_method="express").totals
    assert (totals.discount, totals.shipping, totals.total) == (D("0.00"), D("0.00"), D("19.90"))


def test_codes_are_case_insensitive_and_trimmed():
    cart = cart_make("19.90")
    promo = PromoCodeFactory(code="Soldes2026")
    assert promo.code == "SOLDES2026"
    cart_apply_promo(cart=cart, code="  soldes2026 ")
    assert Cart.objects.get(pk=cart.pk).promo_code == promo


# ---------------------------------------------------------------------------
# Refusals, one code and one message each
# ---------------------------------------------------------------------------
def _refusals(settings) -> dict[str, ApplicationError]:
    now = timezone.now()
    cart = cart_make("30.00", category=CategoryFactory())
    customer = cart.user
    PromoCodeFactory(code="OLD", valid_until=now - timedelta(days=1))
    PromoCodeFactory(code="SOON", valid_from=now + timedelta(days=3))
    PromoCodeFactory(code="FULL", usage_limit=5, times_used=5)
    PromoRedemptionFactory(promo_code=PromoCodeFactory(code="ONCE", per_customer_limit=1), user=customer)
    PromoCodeFactory(code="BIG", min_order_total=D("100.00"))
    PromoCodeFactory(code="OTHER", categories=[CategoryFactory()])
    PromoCodeFactory(code="OFF", is_active=False)
    PromoCodeFactory(code="FIRST", first_order_only=True)
    found = {}
    with orders_recorded(settings) as ordered:
        ordered.add(f"user:{customer.pk}")
        for code in ("OLD", "SOON", "FULL", "ONCE", "BIG", "OTHER", "OFF", "NOPE", "FIRST"):
            found[code] = refusal(cart, code, user=customer)
    found["ANON"] = refusal(cart_make("30.00", cart=AnonymousCartFactory()), "ONCE")
    return found


def test_each_refusal_has_its_own_code_and_a_clear_message(settings, english):
    found = _refusals(settings)
    assert {code: error.code for code, error in found.items()} == {
        "OLD": "promo_expired",
        "SOON": "promo_not_yet_valid",
        "FULL": "promo_limit_reached",
        "ONCE": "promo_already_used",
        "BIG": "promo_minimum_not_met",
        "OTHER": "promo_not_applicable",
        "OFF": "promo_not_found",
        "NOPE": "promo_not_found",
        "FIRST": "promo_first_order_only",
        "ANON": "promo_sign_in_required",
    }
    assert "expired" in found["OLD"].message
    assert "valid from" in found["SOON"].message
    assert "as many times as allowed" in found["FULL"].message
    assert "already used" in found["ONCE"].message
    assert "100.00" in found["BIG"].message
    assert "does not apply" in found["OTHER"].message
    assert "first order" in found["FIRST"].message
    assert len({error.message for error in found.values()}) == 9  # unknown and inactive read the same


def test_per_customer_limit_also_counts_uses_by_email():
    cart = cart_make("30.00")
    promo = PromoCodeFactory(code="EMAIL", per_customer_limit=1)
    PromoRedemptionFactory(promo_code=promo, email="Lea@Example.com")
    assert refusal(cart, "EMAIL", email="lea@example.com").code == "promo_already_used"
    cart_apply_promo(cart=cart, code="EMAIL", email="paul@example.com")


def test_a_category_restriction_includes_its_sub_categories():
    shoes = CategoryFactory()
    sneakers = CategoryFactory(parent=shoes)
    cart = cart_make("40.00", category=sneakers)
    cart_make("60.00", cart=cart)
    PromoCodeFactory(code="SHOES", categories=[shoes], value=D("50"))
    cart_apply_promo(cart=cart, code="SHOES")
    assert cart_summary(cart=cart).totals.discount == D("20.00")


def test_a_product_restriction_discounts_only_that_product():
    cart = cart_make("40.00", "60.00")
    target = cart.lines.order_by("pk").first().variant.product
    PromoCodeFactory(code="LAMP", products=[target], kind=PromoCode.Kind.FIXED, value=D("5.00"))
    cart_apply_promo(cart=cart, code="LAMP")
    discounts = [item.discount for item in cart_summary(cart=cart).items]
    assert discounts == [D("5.00"), D("0.00")]
    other = cart_make("10.00")
    assert refusal(other, "LAMP").code == "promo_not_applicable"


def test_first_order_codes_welcome_a_new_customer(settings):
    cart = cart_make("30.00")
    PromoCodeFactory(code="HELLO", first_order_only=True)
    with orders_recorded(settings) as ordered:
        ordered.add("email:someone-else@example.com")
        cart_apply_promo(cart=cart, code="HELLO")
    assert Cart.objects.get(pk=cart.pk).promo_code.code == "HELLO"


def test_a_code_becomes_valid_at_its_start_and_stops_at_its_end():
    start = timezone.now() + timedelta(days=1)
    PromoCodeFactory(code="WEEK", valid_from=start, valid_until=start + timedelta(days=7))
    cart = cart_make("30.00")
    with time_machine.travel(start + timedelta(seconds=1)):
        cart_apply_promo(cart=cart, code="WEEK")
    with time_machine.travel(start + timedelta(days=7)):
        assert refusal(cart, "WEEK").code == "promo_expired"


def test_the_api_answers_refusals_with_their_status_and_code():
    api = APIClient()
    variant = ProductFactory().variants.get()
    api.post("/api/v1/cart/items/", {"variant": variant.pk, "quantity": 1})
    PromoCodeFactory(code="FULL", usage_limit=1, times_used=1)
    PromoCodeFactory(code="BIG", min_order_total=D("100.00"))
    for code, status, expected in (
        ("FULL", 409, "promo_limit_reached"),
        ("BIG", 400, "promo_minimum_not_met"),
        ("NOPE", 404, "promo_not_found"),
    ):
        response = api.post("/api/v1/cart/promo/", {"code": code})
        assert (response.status_code, response.json()["code"]) == (status, expected)
    assert api.get("/api/v1/cart/").json()["promo_code"] is None


# ---------------------------------------------------------------------------
# Redeem (order placement), release, bulk generation
# ---------------------------------------------------------------------------
def test_redeem_records_the_use_and_release_gives_it_back():
    cart = cart_make("30.00")
    promo = PromoCodeFactory(code="ONE", usage_limit=1)
    lines = cart_priced_lines(cart)
    outcome = promo_redeem(promo_id=promo.pk, order_number="WBX-2026-000001", lines=lines, email="a@example.com")
    assert outcome.discount == D("3.00")
    promo.refresh_from_db()
    assert promo.times_used == 1
    assert PromoRedemption.objects.get().amount == D("3.00")
    with pytest.raises(ApplicationError) as refused:
        promo_redeem(promo_id=promo.pk, order_number="WBX-2026-000002", lines=lines, email="b@example.com")
    assert refused.value.code == "promo_limit_reached"
    assert promo_release(order_number="WBX-2026-000001") is True
    assert promo_release(order_number="WBX-2026-000001") is False
    promo.refresh_from_db()
    assert (promo.times_used, PromoRedemption.objects.count()) == (0, 0)


def test_bulk_generation_makes_distinct_single_use_codes_of_one_batch():
    codes = promo_codes_generate(
        count=50, prefix="noel-", batch="Noël 2026", kind=PromoCode.Kind.FIXED, value=D("5.00")
    )
    assert len({promo.code for promo in codes}) == 50
    stored = PromoCode.objects.filter(batch="Noël 2026")
    assert stored.count() == 50
    assert all(promo.code.startswith("NOEL-") and len(promo.code) == 15 for promo in stored)
    assert set(stored.values_list("usage_limit", "per_customer_limit", "kind")) == {(1, 1, "fixed")}


@pytest.mark.parametrize("count", [0, 10001])
def test_bulk_generation_refuses_a_silly_count(count):
    with pytest.raises(ApplicationError):
        promo_codes_generate(count=count, batch="x")
    assert not PromoCode.objects.exists()

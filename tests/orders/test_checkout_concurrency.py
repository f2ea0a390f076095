"""Checkouts racing each other on PostgreSQL: no oversell, no deadlock, one use of a single-use code, one order each.

Each thread has its own database connection (closed when it ends), so the row
locks of order placement really meet.
"""

from decimal import Decimal

import pytest
from django.db import DatabaseError

from orders.models import Order
from orders.services import checkout_key_make, order_place
from shop.models import PromoCode, PromoRedemption
from shop.services.cart import cart_add_line, cart_get_or_create
from tests.factories import UserFactory
from tests.orders.conftest import needs_postgresql, run_concurrently
from tests.orders.factories import ADDRESS
from tests.shop.cart_factories import PromoCodeFactory
from tests.shop.factories import ProductFactory, ProductVariantFactory
from webox.common.errors import ApplicationError

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only():
    needs_postgresql()


def _cart(user, *variants, promo=None):
    cart = cart_get_or_create(user=user)
    for variant in variants:
        cart_add_line(cart=cart, variant_id=variant.pk, quantity=1)
    if promo is not None:
        cart.promo_code = promo
        cart.save(update_fields=["promo_code"])
    return cart


def _place(cart, user, **choices):
    return order_place(
        cart=cart,
        email=user.email,
        shipping_address=dict(ADDRESS),
        billing_address=None,
        shipping_method="standard",
        user=user,
        **choices,
    )


def _codes(results) -> list[str]:
    return sorted(result.code if isinstance(result, ApplicationError) else type(result).__name__ for result in results)


def test_20_checkouts_for_5_units_give_5_orders_and_15_out_of_stock():
    variant = ProductFactory(variant__price=Decimal("20.00"), variant__stock=5).default_variant
    users = [UserFactory() for _index in range(20)]
    carts = [_cart(user, variant) for user in users]
    results = run_concurrently(lambda index: _place(carts[index], users[index]), 20)
    orders = [result for result in results if isinstance(result, Order)]
    refusals = [result for result in results if isinstance(result, ApplicationError)]
    assert len(orders) == 5 and len(refusals) == 15, _codes(results)
    assert {refusal.code for refusal in refusals} == {"out_of_stock"}
    assert all(refusal.extra["lines"] == [{"sku": variant.sku, "requested": 1, "available": 0}] for refusal in refusals)
    variant.refresh_from_db()
    assert variant.stock == 0 and Order.objects.count() == 5


def test_opposite_cart_orders_of_the_same_variants_never_deadlock():
    """Variants are locked by primary key whatever the cart's order; products are refreshed in one statement."""
    first, second = ProductFactory(variant__stock=100), ProductFactory(variant__stock=100)
    # Variants whose products come in the opposite order, so that the stock triggers meet too.
    late_of_second = ProductVariantFactory(product=second, stock=100)
    late_of_first = ProductVariantFactory(product=first, stock=100)
    for _round in range(10):
        users = [UserFactory() for _index in range(4)]
        carts = [
            _cart(users[0], late_of_second, late_of_first),
            _cart(users[1], late_of_first, late_of_second),
            _cart(users[2], first.default_variant, late_of_first, second.default_variant),
            _cart(users[3], second.default_variant, late_of_second, first.default_variant),
        ]
        results = run_concurrently(lambda index, carts=carts, users=users: _place(carts[index], users[index]), 4)
        assert all(isinstance(result, Order) for result in results), results
        assert not any(isinstance(result, DatabaseError) for result in results)
    late_of_first.refresh_from_db()
    late_of_second.refresh_from_db()
    assert late_of_first.stock == late_of_second.stock == 100 - 30


def test_a_single_use_code_under_10_checkouts_gives_one_discounted_order():
    promo = PromoCodeFactory(code="UNEFOIS", value=Decimal("50"), usage_limit=1, per_customer_limit=1)
    variant = ProductFactory(variant__price=Decimal("20.00"), variant__stock=50).default_variant
    users = [UserFactory() for _index in range(10)]
    carts = [_cart(user, variant, promo=promo) for user in users]
    results = run_concurrently(lambda index: _place(carts[index], users[index]), 10)
    orders = [result for result in results if isinstance(result, Order)]
    assert len(orders) == 1, _codes(results)
    assert orders[0].discount_total == Decimal("10.00") and orders[0].promo_code_text == "UNEFOIS"
    assert _codes(results).count("promo_invalid") == 9
    assert {r.extra["reason"] for r in results if isinstance(r, ApplicationError)} == {"promo_limit_reached"}
    assert PromoCode.objects.get(pk=promo.pk).times_used == 1 and PromoRedemption.objects.count() == 1
    assert Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 49  # the refused checkouts took nothing


def test_a_double_submit_racing_itself_places_one_order():
    user = UserFactory()
    variant = ProductFactory(variant__stock=5).default_variant
    cart = _cart(user, variant)
    key = checkout_key_make(cart=cart, user=user, key="double-click")
    results = run_concurrently(lambda _index: _place(cart, user, checkout_key=key), 2)
    assert all(isinstance(result, Order) for result in results), results
    assert results[0].pk == results[1].pk and Order.objects.count() == 1
    variant.refresh_from_db()
    assert variant.stock == 4


def test_a_double_submit_without_a_key_places_one_order():
    """The key made from the cart's state: both racing requests compute it before either commits."""
    user = UserFactory()
    variant = ProductFactory(variant__stock=5).default_variant
    cart = _cart(user, variant)
    key = checkout_key_make(cart=cart, user=user)
    results = run_concurrently(lambda _index: _place(cart, user, checkout_key=key), 2)
    assert results[0].pk == results[1].pk and Order.objects.count() == 1

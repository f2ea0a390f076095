"""Races on a single-use code and on one cart: row locks keep the counts exact (PostgreSQL only).

SQLite has no ``SELECT ... FOR UPDATE`` (it writes one transaction at a time);
run with ``DATABASE_URL=postgres://...``.
"""

import time
from collections import Counter

import pytest
from django.db import transaction

from shop.cart import cart_priced_lines
from shop.models import CartLine, PromoCode, PromoRedemption
from shop.services import cart_add_line
from shop.services.promotions import promo_redeem
from tests.concurrency import needs_postgresql, run_concurrently
from tests.shop.cart_factories import AnonymousCartFactory, CartFactory, CartLineFactory, PromoCodeFactory
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 10


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    needs_postgresql()


def test_a_single_use_code_tried_by_ten_checkouts_at_once_is_used_exactly_once():
    cart = CartFactory()
    CartLineFactory(cart=cart, quantity=2)
    lines = cart_priced_lines(cart)
    promo = PromoCodeFactory(code="UNIQUE", usage_limit=1)

    def checkout(index):
        with transaction.atomic():  # as order placement does: redeem, then the rest of the order
            outcome = promo_redeem(
                promo_id=promo.pk, order_number=f"WBX-2026-{index:06d}", lines=lines, email=f"c{index}@example.com"
            )
            time.sleep(0.05)  # the order's other writes: the lock is held until commit
        return outcome

    results = run_concurrently(checkout, THREADS)
    outcomes = Counter(
        "ok" if not isinstance(result, Exception) else getattr(result, "code", repr(result)) for result in results
    )
    assert outcomes == {"ok": 1, "promo_limit_reached": THREADS - 1}
    assert PromoCode.objects.get(pk=promo.pk).times_used == 1
    assert PromoRedemption.objects.count() == 1


def test_ten_adds_to_one_cart_at_once_end_in_one_line_with_every_unit():
    cart = AnonymousCartFactory()
    variant = ProductFactory(variant__stock=100).variants.get()
    results = run_concurrently(lambda _index: cart_add_line(cart=cart, variant_id=variant.pk, quantity=1), THREADS)
    assert [result for result in results if isinstance(result, Exception)] == []
    assert list(CartLine.objects.filter(cart=cart).values_list("quantity", flat=True)) == [THREADS]

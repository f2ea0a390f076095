"""Factories of carts and promo codes, and a stand-in order history for "first order only" codes.

Other test folders import ``PromoCodeFactory`` (and the cart factories) from here.
"""

from contextlib import contextmanager
from decimal import Decimal

import factory

from shop.models import Cart, CartLine, PromoCode, PromoRedemption
from tests.factories import UserFactory
from tests.shop.factories import ProductVariantFactory


class PromoCodeFactory(factory.django.DjangoModelFactory):
    """A 10 % code for the whole catalogue, without usage or per-customer limits (set them per test)."""

    code = factory.Sequence(lambda n: f"PROMO{n:04d}")
    kind = PromoCode.Kind.PERCENTAGE
    value = Decimal("10.00")
    per_customer_limit = None

    class Meta:
        model = PromoCode
        skip_postgeneration_save = True

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)

    @factory.post_generation
    def products(self, create, extracted, **kwargs):
        if create and extracted:
            self.products.set(extracted)


class PromoRedemptionFactory(factory.django.DjangoModelFactory):
    promo_code = factory.SubFactory(PromoCodeFactory)
    order_number = factory.Sequence(lambda n: f"WBX-TEST-{n:06d}")
    email = factory.Sequence(lambda n: f"buyer{n}@example.com")
    amount = Decimal("1.00")

    class Meta:
        model = PromoRedemption


class CartFactory(factory.django.DjangoModelFactory):
    """A signed-in customer's cart (``user=None, token=...`` for an anonymous one: see AnonymousCartFactory)."""

    user = factory.SubFactory(UserFactory)

    class Meta:
        model = Cart


class AnonymousCartFactory(CartFactory):
    user = None
    token = factory.Sequence(lambda n: f"test-cart-token-{n:06d}")


class CartLineFactory(factory.django.DjangoModelFactory):
    cart = factory.SubFactory(CartFactory)
    variant = factory.SubFactory(ProductVariantFactory)
    quantity = 1

    class Meta:
        model = CartLine


# ---------------------------------------------------------------------------
# Order history (settings.SHOP_ORDER_HISTORY) while the orders app is someone else's work
# ---------------------------------------------------------------------------
ORDER_HISTORY = "tests.shop.cart_factories.recorded_orders"
ORDERED: set[str] = set()  # "user:<pk>" and "email:<address>" of customers who "ordered"


def recorded_orders(*, user, email) -> bool:
    """The test order history: whether this customer is in ``ORDERED``."""
    keys = {f"email:{(email or '').lower()}"} if email else set()
    if user is not None:
        keys.add(f"user:{user.pk}")
    return bool(keys & ORDERED)


@contextmanager
def orders_recorded(settings):
    """Point ``settings.SHOP_ORDER_HISTORY`` at ``ORDERED``, empty at the start and the end."""
    ORDERED.clear()
    settings.SHOP_ORDER_HISTORY = ORDER_HISTORY
    try:
        yield ORDERED
    finally:
        ORDERED.clear()

"""Factories of orders: rows made directly (``OrderFactory``) or through real order placement (``order_place_for``).

Other test folders import these; ``order_place_for`` goes through
``orders.services.order_place`` so the order has everything checkout gives it
(number, snapshots, stock taken, events, promo use).
"""

import uuid
from decimal import Decimal

import factory

from orders.models import Order, OrderLine
from orders.services import order_place
from shop.models import Product, ProductVariant, PromoCode
from shop.services.cart import cart_add_line, cart_get_or_create
from tests.factories import UserFactory

ADDRESS = {
    "full_name": "Camille Martin",
    "company": "",
    "line1": "12 rue des Lilas",
    "line2": "",
    "postal_code": "75011",
    "city": "Paris",
    "country": "FR",
    "phone": "+33 6 12 34 56 78",
}


class OrderFactory(factory.django.DjangoModelFactory):
    """An order row awaiting payment, 19.90 € with no lines (add ``OrderLineFactory`` rows to match)."""

    number = factory.Sequence(lambda n: f"WBX-2026-9{n:05d}")
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda order: order.user.email if order.user else "guest@example.com")
    shipping_address = factory.LazyFunction(lambda: dict(ADDRESS))
    billing_address = factory.LazyFunction(lambda: dict(ADDRESS))
    shipping_method = Order.ShippingMethod.STANDARD
    subtotal = Decimal("19.90")
    total = Decimal("19.90")
    vat_total = Decimal("3.32")

    class Meta:
        model = Order


class OrderLineFactory(factory.django.DjangoModelFactory):
    order = factory.SubFactory(OrderFactory)
    product_name = factory.Sequence(lambda n: f"Produit {n}")
    sku = factory.Sequence(lambda n: f"LINE-{n:05d}")
    product_kind = Product.Kind.PHYSICAL
    unit_price = Decimal("19.90")
    vat_rate = Decimal("20.00")
    quantity = 1
    line_total = factory.LazyAttribute(lambda line: line.unit_price * line.quantity)

    class Meta:
        model = OrderLine


def _variant_and_quantity(item) -> tuple[ProductVariant, int]:
    """Accept a variant, a product (its default variant) or a ``(variant or product, quantity)`` pair."""
    item, quantity = item if isinstance(item, tuple) else (item, 1)
    variant = item.default_variant if isinstance(item, Product) else item
    return variant, quantity


def order_place_for(user, *items, promo: PromoCode | None = None, token: str | None = None, **choices) -> Order:
    """Fill the cart of ``user`` (or of the anonymous ``token`` when ``user`` is None) and place its order.

    ``items`` are variants, products or ``(variant, quantity)`` pairs; ``choices``
    override ``order_place``'s arguments (email, addresses, shipping_method...).
    """
    cart = cart_get_or_create(user=user, token=None if user else (token or f"guest-{uuid.uuid4().hex}"))
    variants = [_variant_and_quantity(item) for item in items]
    for variant, quantity in variants:
        cart_add_line(cart=cart, variant_id=variant.pk, quantity=quantity)
    if promo is not None:
        cart.promo_code = promo
        cart.save(update_fields=["promo_code"])
    physical = any(variant.product.kind == Product.Kind.PHYSICAL for variant, _quantity in variants)
    arguments = {
        "cart": cart,
        "email": user.email if user else "guest@example.com",
        "shipping_address": dict(ADDRESS) if physical else None,
        "billing_address": None,
        "shipping_method": "standard" if physical else "none",
        "user": user,
        **choices,
    }
    return order_place(**arguments)

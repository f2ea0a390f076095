"""Who bought what (for reviews) and who ordered before (for first-order promo codes), answered by orders.

Orders sit above shop in the layering, so shop cannot import them. Instead
``settings.SHOP_PURCHASE_VERIFIER`` names (as a dotted path) a function
``(*, user, product) -> bool`` that says whether ``user`` has a paid order
containing ``product``. The orders app points the setting at its own function;
until then the default, ``no_purchase_records``, knows of no purchase at all.
"""

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_PURCHASE_VERIFIER = "shop.purchases.no_purchase_records"


def no_purchase_records(*, user, product) -> bool:
    """Answer that nobody bought anything: no orders are recorded yet, so nobody may review."""
    return False


def customer_has_bought(*, user, product) -> bool:
    """Return whether ``user`` bought ``product`` (a paid order), asking the configured verifier."""
    if not getattr(user, "is_authenticated", False):
        return False
    verifier = import_string(getattr(settings, "SHOP_PURCHASE_VERIFIER", DEFAULT_PURCHASE_VERIFIER))
    return bool(verifier(user=user, product=product))


DEFAULT_ORDER_HISTORY = "shop.purchases.no_order_records"


def no_order_records(*, user, email) -> bool:
    """Answer that nobody ordered anything yet (the default until orders are recorded)."""
    return False


def customer_has_ordered(*, user, email: str) -> bool:
    """Return whether this customer (signed-in ``user`` or guest ``email``) already placed an order that counts.

    Asks ``settings.SHOP_ORDER_HISTORY`` (dotted path, ``(*, user, email) -> bool``),
    for promo codes valid on a first order only.
    """
    history = import_string(getattr(settings, "SHOP_ORDER_HISTORY", DEFAULT_ORDER_HISTORY))
    return bool(history(user=user if getattr(user, "is_authenticated", False) else None, email=email or ""))

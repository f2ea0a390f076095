"""Who bought what: the question reviews ask, answered by the app that records orders.

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

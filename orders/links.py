"""Signed links to a guest's order page: a guest has no account, so the link itself proves who they are.

The token signs the order number (salt ``orders.guest``) and is good for 30
days; the order page, its cancel and re-order buttons and its invoice accept it.
"""

from django.core import signing

from .models import Order

GUEST_SALT = "orders.guest"
GUEST_LINK_MAX_AGE = 30 * 24 * 60 * 60  # seconds


def order_guest_token(order: Order) -> str:
    """Return the token that opens ``order``'s pages without signing in."""
    return signing.dumps(order.number, salt=GUEST_SALT, compress=True)


def order_guest_token_valid(token: str, *, number: str) -> bool:
    """Say whether ``token`` was made for order ``number`` less than 30 days ago."""
    try:
        return signing.loads(token or "", salt=GUEST_SALT, max_age=GUEST_LINK_MAX_AGE) == number
    except signing.BadSignature:
        return False


def order_guest_url(order: Order) -> str:
    """Return the path of ``order``'s page with its guest token (``/orders/<number>/?t=...``)."""
    return f"{order.get_absolute_url()}?t={order_guest_token(order)}"

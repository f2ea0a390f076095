"""Helpers for the review and wishlist tests: a purchase record standing in for paid orders."""

from contextlib import contextmanager

from allauth.account.models import EmailAddress

from accounts.models import User
from tests.factories import UserFactory

# (user id, product id) pairs that "bought": what the orders app will answer from paid orders.
PURCHASES: set[tuple[int, int]] = set()
VERIFIER = "tests.shop.review_support.recorded_purchases"


def recorded_purchases(*, user, product) -> bool:
    """The test purchase verifier (``settings.SHOP_PURCHASE_VERIFIER``)."""
    return (user.pk, product.pk) in PURCHASES


def purchase_record(user: User, product) -> None:
    PURCHASES.add((user.pk, product.pk))


@contextmanager
def purchases_recorded(settings):
    """Point the purchase verifier at ``PURCHASES``, empty at the start and the end."""
    PURCHASES.clear()
    settings.SHOP_PURCHASE_VERIFIER = VERIFIER
    try:
        yield PURCHASES
    finally:
        PURCHASES.clear()


def customer_make(*, verified: bool = True, **fields) -> User:
    """Return a customer; ``verified`` gives them a verified login address."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def buyer_make(product, **fields) -> User:
    """Return a verified customer who bought ``product``."""
    user = customer_make(**fields)
    purchase_record(user, product)
    return user

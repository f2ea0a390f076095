"""Template context of shop shared by every page: the number of items in the visitor's cart (header badge)."""

from django.http import HttpRequest

from .cart import cart_count_for
from .cart_session import cart_token


class _CartCount:
    """The cart's item count, read on first use in a template (one query), then remembered.

    Templates call callables when they resolve a variable, so a page that does
    not show the badge (an htmx fragment) costs no query, and an anonymous
    visitor without a cart none at all.
    """

    def __init__(self, request: HttpRequest):
        self.request = request
        self.value: int | None = None

    def __call__(self) -> int:
        if self.value is None:
            user = getattr(self.request, "user", None)
            self.value = cart_count_for(user=user, token=cart_token(self.request))
        return self.value


def cart(request: HttpRequest) -> dict:
    """Expose ``cart_count``: how many items the visitor's cart holds."""
    return {"cart_count": _CartCount(request)}

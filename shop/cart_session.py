"""Which cart a request uses: the signed-in customer's, else the one named by a token in the session.

Anonymous carts live in the database (any app server can serve them); the
session only holds their random token, under ``cart_token``.
"""

import secrets

from django.http import HttpRequest

from .models import Cart
from .services.cart import cart_get_or_create, cart_merge

SESSION_KEY = "cart_token"


def cart_from_request(request: HttpRequest, *, create: bool = False) -> Cart | None:
    """Return the request's cart, or None when it has none yet and ``create`` is false."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        if create:
            return cart_get_or_create(user=user)
        return Cart.objects.select_related("promo_code").filter(user=user).first()
    token = request.session.get(SESSION_KEY)
    cart = Cart.objects.select_related("promo_code").filter(token=token, user=None).first() if token else None
    if cart is not None or not create:
        return cart
    if not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return cart_get_or_create(token=token)


def cart_token(request: HttpRequest) -> str | None:
    """Return the anonymous cart's token kept in the session, if any."""
    session = getattr(request, "session", None)
    return session.get(SESSION_KEY) if session is not None else None


def cart_merge_from_session(request: HttpRequest, user) -> Cart | None:
    """Merge the session's anonymous cart into ``user``'s (at login) and forget its token; return the user's cart."""
    session = getattr(request, "session", None)
    token = session.pop(SESSION_KEY, None) if session is not None else None
    if not token:
        return None
    anonymous = Cart.objects.filter(token=token, user=None).first()
    if anonymous is None:
        return None
    return cart_merge(anonymous_cart=anonymous, user=user)

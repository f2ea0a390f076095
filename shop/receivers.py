"""Shop's reactions to other apps' signals. Connected by ``ShopConfig.ready``."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from .cart_session import cart_merge_from_session


@receiver(user_logged_in, dispatch_uid="shop.cart.merge_at_login")
def _cart_merge_at_login(sender, request, user, **kwargs) -> None:
    """Bring the visitor's anonymous cart into their account's cart when they sign in."""
    if request is not None:
        cart_merge_from_session(request, user)

"""Wishlists: products a signed-in customer saves for later, one entry per product."""

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _

from shop.errors import ShopErrorCode
from shop.models import Product, WishlistItem
from shop.selectors import wishlist_cache_key
from webox.common.errors import NotFound


def _wishlist_cache_forget(user_id: int) -> None:
    """Drop the cached product ids of the user's wishlist now, and again once the change is committed
    (a page read in between may have cached the old list)."""
    key = wishlist_cache_key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def wishlist_add(*, user, product: Product) -> tuple[WishlistItem, bool]:
    """Save ``product`` in ``user``'s wishlist; saving it again changes nothing. Return (item, created)."""
    if not product.is_active:
        raise NotFound(_("This product is not available."), code=ShopErrorCode.PRODUCT_UNAVAILABLE)
    with transaction.atomic():
        item, created = WishlistItem.objects.get_or_create(user=user, product=product)
        if created:
            _wishlist_cache_forget(user.pk)
    return item, created


def wishlist_remove(*, user, product: Product) -> None:
    """Take ``product`` out of ``user``'s wishlist; raise ``NotFound`` when it is not there."""
    with transaction.atomic():
        deleted, _by_model = WishlistItem.objects.filter(user=user, product=product).delete()
        if not deleted:
            raise NotFound(_("This product is not in your wishlist."), code=ShopErrorCode.NOT_IN_WISHLIST)
        _wishlist_cache_forget(user.pk)

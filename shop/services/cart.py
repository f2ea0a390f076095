"""Writes on carts: lines, quantities, the promo code, the merge at login and the clean-up of old carts.

Every function locks the cart's row, so two requests of one visitor never
race on its lines, and any change touches ``updated_at`` and clears
``reminder_sent_at`` (the abandoned-cart reminder counts from the last change).
Prices are never stored nor taken from a client: ``shop.cart`` reads them from
the variants each time the cart is shown.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shop import cart as cart_read
from shop.errors import ShopErrorCode
from shop.models import Cart, CartLine, ProductVariant
from shop.services.promotions import PromoOutcome, promo_evaluate, promo_get
from shop.services.wishlist import wishlist_add
from webox.common.errors import ApplicationError, NotFound, PermissionDenied

_DIGITS = re.compile(r"\s*\d{1,9}\s*")


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
def _quantity_clean(quantity) -> int:
    """Return ``quantity`` (an int, or digits as a form sends them) when it is 1 to the per-line maximum."""
    if isinstance(quantity, str) and _DIGITS.fullmatch(quantity):
        quantity = int(quantity)
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        message = _("Enter a whole number of at least 1.")
        raise ApplicationError(message, code=ShopErrorCode.INVALID_QUANTITY, extra={"fields": {"quantity": [message]}})
    _quantity_check_max(quantity)
    return quantity


def _quantity_check_max(quantity: int) -> None:
    if quantity > cart_read.MAX_LINE_QUANTITY:
        message = _("You can order at most %(max)s units of one product.") % {"max": cart_read.MAX_LINE_QUANTITY}
        raise ApplicationError(message, code=ShopErrorCode.INVALID_QUANTITY, extra={"fields": {"quantity": [message]}})


def _not_purchasable(message: str) -> ApplicationError:
    return ApplicationError(message, code=ShopErrorCode.NOT_PURCHASABLE, extra={"fields": {"variant": [message]}})


def _variant_for_sale(variant_id) -> ProductVariant:
    """Return the variant ``variant_id`` with its product and category, when it is on sale."""
    if isinstance(variant_id, str) and _DIGITS.fullmatch(variant_id):
        variant_id = int(variant_id)
    if isinstance(variant_id, bool) or not isinstance(variant_id, int):
        raise _not_purchasable(_("This product does not exist."))
    variant = ProductVariant.objects.select_related("product__category").filter(pk=variant_id).first()
    if variant is None:
        raise _not_purchasable(_("This product does not exist."))
    if not cart_read.variant_is_purchasable(variant):
        raise _not_purchasable(_("%(name)s is no longer sold.") % {"name": variant.product.name})
    return variant


def _stock_check(variant: ProductVariant, quantity: int) -> None:
    """Refuse more units than the stock of a variant whose stock is tracked, saying how many are left."""
    if not variant.track_stock or quantity <= variant.stock:
        return
    name = str(variant)
    if variant.stock == 0:
        message = _("%(name)s is out of stock.") % {"name": name}
    else:
        message = ngettext(
            "Only %(count)s unit of %(name)s is available.",
            "Only %(count)s units of %(name)s are available.",
            variant.stock,
        ) % {"count": variant.stock, "name": name}
    raise ApplicationError(
        message,
        code=ShopErrorCode.OUT_OF_STOCK,
        extra={"fields": {"quantity": [message]}, "available": variant.stock},
    )


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------
def _cart_lock(cart: Cart) -> None:
    """Lock the cart's row until the end of the transaction (its lines change one request at a time)."""
    Cart.objects.select_for_update().filter(pk=cart.pk).values_list("pk", flat=True).first()


def _touch(cart: Cart, *fields: str) -> None:
    """Save that the cart changed now (and ``fields``), so the abandoned-cart reminder starts again."""
    cart.reminder_sent_at = None
    cart.save(update_fields=["updated_at", "reminder_sent_at", *fields])


def _line_get(cart: Cart, line_id) -> CartLine:
    """Return the line ``line_id`` of this cart (never another's), with its variant and product."""
    line = None
    if isinstance(line_id, int) or (isinstance(line_id, str) and _DIGITS.fullmatch(line_id)):
        line = CartLine.objects.select_related("variant__product__category").filter(cart=cart, pk=int(line_id)).first()
    if line is None:
        raise NotFound(_("This line is not in your cart."), code=ShopErrorCode.CART_LINE_NOT_FOUND)
    return line


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------
def cart_get_or_create(*, user=None, token: str | None = None) -> Cart:
    """Return the cart of a signed-in ``user``, else of the session ``token``, creating it on first use."""
    with transaction.atomic():
        if user is not None and user.is_authenticated:
            return Cart.objects.get_or_create(user=user)[0]
        if token:
            return Cart.objects.get_or_create(token=token, user=None)[0]
    raise ValueError("cart_get_or_create needs a signed-in user or a session token.")


def cart_add_line(*, cart: Cart, variant_id, quantity) -> CartLine:
    """Add ``quantity`` units of a variant on sale (to its line when there is one), within its stock."""
    quantity = _quantity_clean(quantity)
    variant = _variant_for_sale(variant_id)
    with transaction.atomic():
        _cart_lock(cart)
        line = CartLine.objects.filter(cart=cart, variant=variant).first()
        total = quantity + (line.quantity if line else 0)
        _quantity_check_max(total)
        _stock_check(variant, total)
        if line is None:
            line = CartLine.objects.create(cart=cart, variant=variant, quantity=total)
        else:
            line.quantity = total
            line.save(update_fields=["quantity"])
        _touch(cart)
    line.variant = variant
    return line


def cart_set_quantity(*, cart: Cart, line_id, quantity) -> CartLine:
    """Set the quantity of one line of the cart (1 or more, within the stock)."""
    quantity = _quantity_clean(quantity)
    with transaction.atomic():
        _cart_lock(cart)
        line = _line_get(cart, line_id)
        if not cart_read.variant_is_purchasable(line.variant):
            raise _not_purchasable(_("%(name)s is no longer sold.") % {"name": line.variant.product.name})
        _stock_check(line.variant, quantity)
        line.quantity = quantity
        line.save(update_fields=["quantity"])
        _touch(cart)
    return line


def cart_remove_line(*, cart: Cart, line_id) -> None:
    """Take a line out of the cart; a line of another cart is not found."""
    with transaction.atomic():
        _cart_lock(cart)
        _line_get(cart, line_id).delete()
        _touch(cart)


def cart_apply_promo(*, cart: Cart, code: str, user=None, email: str = "") -> PromoOutcome:
    """Check the code against the cart's lines and this customer, then keep it on the cart.

    A refused code raises its own error (expired, minimum not met...) and leaves
    the cart as it was, including a code applied before.
    """
    promo = promo_get(code=code)
    with transaction.atomic():
        _cart_lock(cart)
        if user is None and cart.user_id is not None:
            user = cart.user
        outcome = promo_evaluate(promo=promo, lines=cart_read.cart_priced_lines(cart), user=user, email=email)
        cart.promo_code = promo
        _touch(cart, "promo_code")
    return outcome


def cart_remove_promo(*, cart: Cart) -> None:
    """Take the promo code off the cart."""
    with transaction.atomic():
        _cart_lock(cart)
        cart.promo_code = None
        _touch(cart, "promo_code")


def cart_clear(*, cart: Cart) -> None:
    """Empty the cart and drop its code, keeping the cart itself (order placement calls this)."""
    with transaction.atomic():
        _cart_lock(cart)
        CartLine.objects.filter(cart=cart).delete()
        cart.promo_code = None
        _touch(cart, "promo_code")


def cart_move_to_wishlist(*, cart: Cart, line_id, user) -> None:
    """Save the line's product in ``user``'s wishlist and take the line out of the cart."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied(_("Sign in to save products in your wishlist."))
    with transaction.atomic():
        _cart_lock(cart)
        line = _line_get(cart, line_id)
        wishlist_add(user=user, product=line.variant.product)
        line.delete()
        _touch(cart)


def cart_merge(*, anonymous_cart: Cart, user) -> Cart:
    """Move an anonymous cart into ``user``'s: quantities added up to the stock, its code kept if the user has none.

    The anonymous cart is deleted. Return the user's cart.
    """
    target = cart_get_or_create(user=user)
    if anonymous_cart.pk == target.pk or anonymous_cart.user_id is not None:
        return target
    with transaction.atomic():
        list(Cart.objects.select_for_update().filter(pk__in=[target.pk, anonymous_cart.pk]).order_by("pk"))
        mine = {line.variant_id: line for line in CartLine.objects.filter(cart=target)}
        for line in CartLine.objects.filter(cart=anonymous_cart).select_related("variant__product__category"):
            _line_merge(target, mine.get(line.variant_id), line)
        fields = []
        if target.promo_code_id is None and anonymous_cart.promo_code_id is not None:
            target.promo_code_id = anonymous_cart.promo_code_id
            fields.append("promo_code")
        anonymous_cart.delete()
        _touch(target, *fields)
    return target


def _line_merge(target: Cart, mine: CartLine | None, theirs: CartLine) -> None:
    """Add an anonymous line to the user's cart, capped by the stock and the per-line maximum."""
    variant = theirs.variant
    if not cart_read.variant_is_purchasable(variant):
        return
    quantity = min(theirs.quantity + (mine.quantity if mine else 0), cart_read.MAX_LINE_QUANTITY)
    if variant.track_stock:
        quantity = min(quantity, variant.stock)
    if quantity < 1:
        return
    if mine is None:
        CartLine.objects.create(cart=target, variant=variant, quantity=quantity)
    elif mine.quantity != quantity:
        mine.quantity = quantity
        mine.save(update_fields=["quantity"])


def carts_expire_anonymous(*, now=None) -> int:
    """Delete the anonymous carts left untouched for ``SHOP_CART_ANONYMOUS_DAYS`` days; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SHOP_CART_ANONYMOUS_DAYS)
    with transaction.atomic():
        _total, by_model = Cart.objects.filter(user__isnull=True, updated_at__lt=cutoff).delete()
    return by_model.get(Cart._meta.label, 0)

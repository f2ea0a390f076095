"""The cart page, the header's mini-cart, and the cart's forms.

Every form is a plain POST answered by a redirect (it works without
JavaScript); htmx gets the fragment to swap instead, with the header's cart
badge updated out of band. Refusals (no stock, bad quantity, a code that does
not apply) come back as a message next to the field, the cart unchanged.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shop.cart import cart_summary
from shop.cart_session import cart_from_request
from shop.errors import ShopErrorCode
from shop.models import Cart
from shop.services import (
    cart_add_line,
    cart_apply_promo,
    cart_move_to_wishlist,
    cart_remove_line,
    cart_remove_promo,
    cart_set_quantity,
)
from webox.common.errors import ApplicationError, NotFound
from webox.common.ratelimits import ratelimit_tier

CART_CONTENT = "shop/includes/cart_content.html"
CART_ADDED = "shop/includes/cart_added.html"
CART_MINI = "shop/includes/cart_mini.html"

Change = Callable[[Cart], str]


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def checkout_url() -> str:
    """Return the checkout page's address, or "" while the orders app does not offer it."""
    try:
        return reverse("orders:checkout")
    except NoReverseMatch:
        return ""


def _cart_context(request: HttpRequest, cart: Cart | None, **extra) -> dict:
    return {"summary": cart_summary(cart=cart, user=request.user), "checkout_url": checkout_url(), **extra}


@require_GET
def cart_view(request: HttpRequest) -> HttpResponse:
    """Show the visitor's cart: lines, promo code, subtotal, discount, shipping estimate, VAT and total."""
    return render(request, "shop/cart.html", _cart_context(request, cart_from_request(request)))


@require_GET
def cart_mini_view(request: HttpRequest) -> HttpResponse:
    """Return the header's mini-cart panel (loaded by htmx when the visitor opens it)."""
    return render(request, CART_MINI, _cart_context(request, cart_from_request(request)))


# ---------------------------------------------------------------------------
# Add to cart (product pages, wishlist)
# ---------------------------------------------------------------------------
def _next_url(request: HttpRequest) -> str:
    """Return the posted ``next`` when it is a local address, else the cart page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("shop:cart")


@require_POST
@ratelimit_tier("moderate")
def cart_add_view(request: HttpRequest) -> HttpResponse:
    """Add the posted variant and quantity to the cart; htmx gets the mini-cart and the new badge."""
    try:
        with transaction.atomic():  # a refused first line leaves no empty cart behind
            cart = cart_from_request(request, create=True)
            line = cart_add_line(
                cart=cart, variant_id=request.POST.get("variant", ""), quantity=request.POST.get("quantity", "1")
            )
    except ApplicationError as error:
        if _is_htmx(request):
            return render(request, CART_ADDED, {"error": error})
        messages.error(request, error.message)
        return redirect(_next_url(request))
    name = str(line.variant)
    if _is_htmx(request):
        context = _cart_context(request, cart, added=name, oob=True)
        return render(request, CART_ADDED, context)
    messages.success(request, _("%(name)s is in your cart.") % {"name": name})
    return redirect("shop:cart")


# ---------------------------------------------------------------------------
# Changes on the cart page
# ---------------------------------------------------------------------------
def _cart_change(request: HttpRequest, change: Change, *, create: bool = False, error_at=None, **extra) -> HttpResponse:
    """Apply ``change`` to the visitor's cart and answer: the cart fragment (htmx), else a redirect with a message.

    ``error_at`` says where a refusal is shown: a line's id (next to that line,
    while it is in the cart) or ``"promo"`` (under the promo code form).
    """
    error, status = None, ""
    try:
        with transaction.atomic():
            cart = cart_from_request(request, create=create)
            if cart is None:
                raise NotFound(_("This line is not in your cart."), code=ShopErrorCode.CART_LINE_NOT_FOUND)
            status = change(cart)
    except ApplicationError as refusal:
        error, cart = refusal, cart_from_request(request)
    if _is_htmx(request):
        context = _cart_context(request, cart, error=error, status=status, oob=True, **extra)
        shown = {item.id for item in context["summary"].items} | ({"promo"} if context["summary"].items else set())
        context["error_at"] = error_at if error_at in shown else None
        return render(request, CART_CONTENT, context)
    if error is not None:
        messages.error(request, error.message)
    else:
        messages.success(request, status)
    return redirect("shop:cart")


@require_POST
@ratelimit_tier("moderate")
def cart_line_update_view(request: HttpRequest, line_id: int) -> HttpResponse:
    """Set the quantity of one line."""
    quantity = request.POST.get("quantity", "")

    def change(cart: Cart) -> str:
        line = cart_set_quantity(cart=cart, line_id=line_id, quantity=quantity)
        return _("%(name)s: quantity changed to %(quantity)s.") % {"name": line.variant, "quantity": line.quantity}

    return _cart_change(request, change, error_at=line_id)


@require_POST
@ratelimit_tier("moderate")
def cart_line_remove_view(request: HttpRequest, line_id: int) -> HttpResponse:
    """Take one line out of the cart."""

    def change(cart: Cart) -> str:
        cart_remove_line(cart=cart, line_id=line_id)
        return _("The product is removed from your cart.")

    return _cart_change(request, change, error_at=line_id)


@require_POST
@login_required
@ratelimit_tier("moderate")
def cart_line_wishlist_view(request: HttpRequest, line_id: int) -> HttpResponse:
    """Save one line's product in the wishlist and take it out of the cart."""

    def change(cart: Cart) -> str:
        cart_move_to_wishlist(cart=cart, line_id=line_id, user=request.user)
        return _("The product is saved in your wishlist and removed from your cart.")

    return _cart_change(request, change, error_at=line_id)


@require_POST
@ratelimit_tier("moderate")
def cart_promo_view(request: HttpRequest) -> HttpResponse:
    """Apply the posted promo code; a refused code is explained under the form."""
    code = request.POST.get("code", "").strip()[:40]

    def change(cart: Cart) -> str:
        cart_apply_promo(cart=cart, code=code, user=request.user)
        return _("The promo code %(code)s is applied.") % {"code": code.upper()}

    return _cart_change(request, change, create=True, error_at="promo", promo_typed=code)


@require_POST
@ratelimit_tier("moderate")
def cart_promo_remove_view(request: HttpRequest) -> HttpResponse:
    """Take the promo code off the cart."""

    def change(cart: Cart) -> str:
        cart_remove_promo(cart=cart)
        return _("The promo code is removed.")

    return _cart_change(request, change)

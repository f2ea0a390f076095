"""The caller's cart: ``GET /api/v1/cart/``, ``POST /api/v1/cart/items/``, ``PATCH/DELETE /api/v1/cart/items/{id}/``,
``POST/DELETE /api/v1/cart/promo/``.

Open to anonymous visitors (their cart is named by a token in the session) and
to signed-in customers (session or ``Authorization: Token``). Every endpoint
answers with the whole cart, priced by the server: a price sent by a client is
never read. Writes from a browser session, signed in or not, need the CSRF
token (the ``csrftoken`` cookie, set by every answer, sent back as ``X-CSRFToken``).
"""

from django.conf import settings
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import SAFE_METHODS, AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.cart import cart_summary
from shop.cart_session import cart_from_request
from shop.errors import ShopErrorCode
from shop.models import Cart
from shop.services import (
    cart_add_line,
    cart_apply_promo,
    cart_remove_line,
    cart_remove_promo,
    cart_set_quantity,
)
from webox.common.errors import NotFound
from webox.common.ratelimits import TierThrottleMixin

from .cart_serializers import CartItemAddSerializer, CartItemUpdateSerializer, CartPromoSerializer, CartSerializer

SHIPPING_METHOD_PARAMETER = OpenApiParameter(
    "shipping_method", str, description="Price the cart with this delivery method (default: the cheapest)."
)


class CartApiView(TierThrottleMixin, APIView):
    """Shared by the cart endpoints: anyone may call them, writes count in the moderate tier."""

    permission_classes = [AllowAny]
    ratelimit_tier = "moderate"

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        has_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        if has_session and request.successful_authenticator is None and request.method not in SAFE_METHODS:
            SessionAuthentication().enforce_csrf(request)  # a signed-in session is checked by its authentication

    def cart_response(self, request: Request, cart: Cart | None, *, status_code: int = status.HTTP_200_OK) -> Response:
        """Answer with the whole cart, priced now, and hand the CSRF cookie to browsers and scripts."""
        summary = cart_summary(
            cart=cart, user=request.user, shipping_method=request.query_params.get("shipping_method") or None
        )
        get_token(request)
        return Response(CartSerializer(summary).data, status=status_code)


class CartApi(CartApiView):
    """The caller's cart: lines, promo code, subtotal, discount, shipping, VAT and total."""

    @extend_schema(parameters=[SHIPPING_METHOD_PARAMETER], responses=CartSerializer)
    def get(self, request: Request) -> Response:
        return self.cart_response(request, cart_from_request(request))


class CartItemCreateApi(CartApiView):
    """Add a variant to the cart (to its line when already there): 201 with the cart, or 400 and the cart unchanged."""

    @extend_schema(request=CartItemAddSerializer, responses={201: CartSerializer})
    def post(self, request: Request) -> Response:
        serializer = CartItemAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():  # a refused first line leaves no empty cart behind
            cart = cart_from_request(request, create=True)
            data = serializer.validated_data
            cart_add_line(cart=cart, variant_id=data["variant"], quantity=data["quantity"])
        return self.cart_response(request, cart, status_code=status.HTTP_201_CREATED)


class CartItemApi(CartApiView):
    """Change the quantity of a line of the caller's cart, or remove it (another cart's line: 404)."""

    @extend_schema(request=CartItemUpdateSerializer, responses=CartSerializer)
    def patch(self, request: Request, line_id: int) -> Response:
        serializer = CartItemUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cart = _cart_or_404(request)
        cart_set_quantity(cart=cart, line_id=line_id, quantity=serializer.validated_data["quantity"])
        return self.cart_response(request, cart)

    @extend_schema(responses=CartSerializer)
    def delete(self, request: Request, line_id: int) -> Response:
        cart = _cart_or_404(request)
        cart_remove_line(cart=cart, line_id=line_id)
        return self.cart_response(request, cart)


class CartPromoApi(CartApiView):
    """Apply a promo code to the cart (a refused code says why, and changes nothing), or take it off."""

    @extend_schema(request=CartPromoSerializer, responses=CartSerializer)
    def post(self, request: Request) -> Response:
        serializer = CartPromoSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            cart = cart_from_request(request, create=True)
            cart_apply_promo(cart=cart, code=serializer.validated_data["code"], user=request.user)
        return self.cart_response(request, cart)

    @extend_schema(responses=CartSerializer)
    def delete(self, request: Request) -> Response:
        cart = cart_from_request(request)
        if cart is not None:
            cart_remove_promo(cart=cart)
        return self.cart_response(request, cart)


def _cart_or_404(request: Request) -> Cart:
    cart = cart_from_request(request)
    if cart is None:
        raise NotFound(_("This line is not in your cart."), code=ShopErrorCode.CART_LINE_NOT_FOUND)
    return cart

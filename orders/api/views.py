"""Checkout and the caller's orders: ``POST /api/v1/checkout/``, ``GET /api/v1/orders/``,
``GET /api/v1/orders/{number}/``, ``POST /api/v1/orders/{number}/cancel/``, ``GET /api/v1/orders/{number}/invoice/``.

Checkout is open to guests (their cart is in the session); the orders are the
caller's own, another customer's order is a 404. ``Idempotency-Key`` makes a
retried checkout return the order of the first try.
"""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.authentication import SessionAuthentication
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shop.cart_session import cart_from_request
from webox.common.errors import ApplicationError, NotFound
from webox.common.ratelimits import TierThrottleMixin

from .. import selectors
from ..errors import OrderErrorCode
from ..invoice_pdf import invoice_pdf_render
from ..models import Order
from ..services import checkout_key_make, order_cancel, order_place
from .serializers import CheckoutSerializer, OrderSerializer

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string per checkout attempt (e.g. a UUID): the same key returns the same order.",
)
MAX_KEY_LENGTH = 200


def _order_of_caller(request: Request, number: str) -> Order:
    order = selectors.order_get_for_customer(user=request.user, number=number)
    if order is None:
        raise NotFound(_("No order has this number."))
    return order


class CheckoutApi(TierThrottleMixin, APIView):
    """Place the order of the caller's cart: 201 with the order awaiting payment, or 400/403/409 with a code."""

    permission_classes = [AllowAny]
    ratelimit_tier = "moderate"

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.successful_authenticator is None:
            SessionAuthentication().enforce_csrf(request)  # a guest's session cart: same CSRF rule as signed-in

    @extend_schema(
        request=CheckoutSerializer,
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: OrderSerializer,
            400: OpenApiResponse(description="empty_cart, invalid_address, invalid_email, promo_invalid..."),
            403: OpenApiResponse(description="sign_in_required (an AI credit pack needs an account)"),
            409: OpenApiResponse(description="out_of_stock, product_unavailable, price_changed"),
        },
    )
    def post(self, request: Request) -> Response:
        serializer = CheckoutSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cart = cart_from_request(request)
        if cart is None:
            raise ApplicationError(_("Your cart is empty."), code=OrderErrorCode.EMPTY_CART)
        user = request.user if request.user.is_authenticated else None
        order = order_place(
            cart=cart,
            email=data.get("email", ""),
            shipping_address=data.get("shipping_address"),
            billing_address=data.get("billing_address"),
            shipping_method=data.get("shipping_method", ""),
            user=user,
            checkout_key=checkout_key_make(cart=cart, user=user, key=self._client_key(request)),
            language=get_language(),
            expected_total=data.get("expected_total"),
        )
        order = selectors.order_get_by_number(number=order.number)
        return Response(OrderSerializer(order, context={"request": request}).data, status=status.HTTP_201_CREATED)

    def _client_key(self, request: Request) -> str | None:
        key = request.headers.get("Idempotency-Key", "").strip()
        if len(key) > MAX_KEY_LENGTH:
            raise ApplicationError(_("The Idempotency-Key header is too long (200 characters at most)."))
        return key or None


class OrderListApi(ListAPIView):
    """The caller's orders, newest first (paginated)."""

    serializer_class = OrderSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Order.objects.none()
        return selectors.order_list_for_customer(user=self.request.user)


class OrderDetailApi(APIView):
    """One of the caller's orders (404 for any other)."""

    @extend_schema(responses=OrderSerializer)
    def get(self, request: Request, number: str) -> Response:
        order = _order_of_caller(request, number)
        return Response(OrderSerializer(order, context={"request": request}).data)


class OrderCancelApi(TierThrottleMixin, APIView):
    """Cancel one of the caller's orders before it ships: 200 with the order, 409 ``not_cancellable`` after."""

    ratelimit_tier = "moderate"

    @extend_schema(request=None, responses=OrderSerializer)
    def post(self, request: Request, number: str) -> Response:
        order = _order_of_caller(request, number)
        order_cancel(order=order, actor=request.user, reason=_("Cancelled by the customer."))
        order = _order_of_caller(request, number)
        return Response(OrderSerializer(order, context={"request": request}).data)


class OrderInvoiceApi(APIView):
    """The invoice of one of the caller's orders, as a PDF (404 ``no_invoice`` before payment)."""

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    def get(self, request: Request, number: str) -> HttpResponse:
        invoice = selectors.order_invoice(_order_of_caller(request, number))
        if invoice is None:
            raise NotFound(_("This order has no invoice yet."), code=OrderErrorCode.NO_INVOICE)
        response = HttpResponse(invoice_pdf_render(invoice), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{invoice.number}.pdf"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

"""``POST /api/v1/orders/{number}/payments/`` ``{gateway}``: start paying one of the caller's orders.

201 ``{id, status, redirect_url}``; another customer's order is a 404, an
order not awaiting payment a 409 (``order_not_payable``), a gateway that is not
configured a 400 (``gateway_unavailable``). Nothing here marks an order paid.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from orders.selectors import order_get_for_customer
from webox.common.errors import NotFound
from webox.common.ratelimits import TierThrottleMixin

from ..errors import PaymentErrorCode
from ..services import payment_start
from .serializers import PaymentSerializer, PaymentStartSerializer


class OrderPaymentStartApi(TierThrottleMixin, APIView):
    """Start (or resume) paying the caller's order through a gateway; go to ``redirect_url`` to pay."""

    ratelimit_tier = "moderate"

    @extend_schema(
        request=PaymentStartSerializer,
        responses={
            201: PaymentSerializer,
            400: OpenApiResponse(description="gateway_unavailable"),
            404: OpenApiResponse(description="order_not_found: no order of the caller has this number"),
            409: OpenApiResponse(description="order_not_payable, nothing_to_pay"),
            503: OpenApiResponse(description="gateway_error: the gateway did not answer"),
        },
    )
    def post(self, request: Request, number: str) -> Response:
        serializer = PaymentStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        order = order_get_for_customer(user=request.user, number=number)
        if order is None:
            raise NotFound(_("No order has this number."), code=PaymentErrorCode.ORDER_NOT_FOUND)
        payment = payment_start(
            order=order, gateway=serializer.validated_data["gateway"], language=getattr(request, "LANGUAGE_CODE", "")
        )
        return Response(PaymentSerializer(payment, context={"request": request}).data, status=status.HTTP_201_CREATED)

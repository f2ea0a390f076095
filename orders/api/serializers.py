"""Shapes of the orders API: the checkout request and an order as its customer sees it (amounts as strings)."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shop.api.cart_serializers import VatLineSerializer  # the cart's: one "VatLine" in the API schema
from shop.pricing import vat_breakdown

from ..models import Order, OrderLine
from ..selectors import order_invoice
from ..services import CANCELLABLE


class AddressSerializer(serializers.Serializer):
    """A postal address; order placement checks it (errors: ``invalid_address`` with the fields concerned)."""

    full_name = serializers.CharField(required=False, allow_blank=True)
    company = serializers.CharField(required=False, allow_blank=True)
    line1 = serializers.CharField(required=False, allow_blank=True)
    line2 = serializers.CharField(required=False, allow_blank=True)
    postal_code = serializers.CharField(required=False, allow_blank=True)
    city = serializers.CharField(required=False, allow_blank=True)
    country = serializers.CharField(required=False, allow_blank=True, help_text="ISO 3166-1 alpha-2, e.g. FR.")
    phone = serializers.CharField(required=False, allow_blank=True)


class CheckoutSerializer(serializers.Serializer):
    """What a checkout sends; prices never: the server prices the cart."""

    email = serializers.CharField(required=False, allow_blank=True, help_text="Default: the signed-in account's.")
    shipping_address = AddressSerializer(required=False, allow_null=True, help_text="Needed for physical goods.")
    billing_address = AddressSerializer(required=False, allow_null=True, help_text="Default: the delivery address.")
    shipping_method = serializers.CharField(
        required=False, allow_blank=True, help_text='"standard" or "express"; "none" (or empty) for digital goods.'
    )
    expected_total = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        required=False,
        allow_null=True,
        help_text="The total shown to the customer: another total refuses the order (409 price_changed).",
    )


class OrderLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = OrderLine
        fields = [
            "product_name", "variant_label", "sku", "product_kind", "unit_price", "quantity",
            "line_total", "discount", "vat_rate",
        ]  # fmt: skip


class OrderSerializer(serializers.ModelSerializer):
    """An order with its lines, amounts, VAT breakdown, addresses, tracking and what its customer may do."""

    status_display = serializers.CharField(source="get_status_display")
    lines = OrderLineSerializer(many=True)
    discount = serializers.DecimalField(source="discount_total", max_digits=12, decimal_places=2)
    shipping = serializers.DecimalField(source="shipping_total", max_digits=12, decimal_places=2)
    promo_code = serializers.CharField(source="promo_code_text")
    vat = serializers.SerializerMethodField()
    invoice_url = serializers.SerializerMethodField()
    can_cancel = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", help_text="The order's page on the site.")

    class Meta:
        model = Order
        fields = [
            "number", "status", "status_display", "email", "lines", "subtotal", "discount", "promo_code",
            "shipping", "shipping_method", "vat", "vat_total", "total", "refunded_total", "currency",
            "shipping_address", "billing_address", "carrier", "tracking_number", "created_at", "paid_at",
            "shipped_at", "delivered_at", "cancelled_at", "invoice_url", "can_cancel", "url",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(VatLineSerializer(many=True))
    def get_vat(self, order: Order) -> list:
        return VatLineSerializer(vat_breakdown(order.lines.all(), order.shipping_total), many=True).data

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_invoice_url(self, order: Order) -> str | None:
        if order_invoice(order) is None:
            return None
        path = reverse("orders-api:order-invoice", kwargs={"number": order.number})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_can_cancel(self, order: Order) -> bool:
        return order.status in CANCELLABLE

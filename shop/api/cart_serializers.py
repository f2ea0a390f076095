"""The cart's representation in the API (read from ``shop.cart.CartSummary``) and its inputs.

Amounts are strings with two decimals (``"19.90"``), euros VAT included,
always computed by the server.
"""

from django.core.files.storage import default_storage
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shop.cart import CartSummary

from .serializers import MONEY

THUMBNAIL_WIDTH = "320"


@extend_schema_field(OpenApiTypes.INT)
class QuantityField(serializers.Field):
    """A quantity passed as given: the cart services say why it is refused (``invalid_quantity``)."""

    def to_internal_value(self, data):
        return data

    def to_representation(self, value):
        return value


class CartItemAddSerializer(serializers.Serializer):
    variant = serializers.IntegerField(help_text="The variant's id (``variants[].id`` of a product).")
    quantity = QuantityField(default=1, help_text="1 or more; added to the line when the variant is in the cart.")


class CartItemUpdateSerializer(serializers.Serializer):
    quantity = QuantityField(help_text="The line's new quantity, 1 or more.")


class CartPromoSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="The promo code, in any case.")


class CartProductSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.CharField(source="get_absolute_url")
    image = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_image(self, product) -> str | None:
        """Return the 320 px thumbnail of the first picture (the picture itself before it is made), or null."""
        image = product.main_image
        if image is None:
            return None
        thumbnail = (image.thumbnails or {}).get(THUMBNAIL_WIDTH)
        return default_storage.url(thumbnail) if thumbnail else image.image.url


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant = serializers.IntegerField(source="variant.pk")
    sku = serializers.CharField(source="variant.sku")
    product = CartProductSerializer()
    options = serializers.JSONField(source="variant.options")
    unit_price = serializers.DecimalField(**MONEY)
    quantity = serializers.IntegerField()
    line_total = serializers.DecimalField(**MONEY)
    discount = serializers.DecimalField(**MONEY)
    stock_status = serializers.CharField(source="variant.stock_status")
    available = serializers.BooleanField()


class PromoErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField(source="message")


class ShippingOptionSerializer(serializers.Serializer):
    method = serializers.CharField()
    label = serializers.CharField()
    price = serializers.DecimalField(**MONEY)


class VatLineSerializer(serializers.Serializer):
    rate = serializers.DecimalField(max_digits=5, decimal_places=2)
    net = serializers.DecimalField(**MONEY)
    vat = serializers.DecimalField(**MONEY)
    gross = serializers.DecimalField(**MONEY)


class CartSerializer(serializers.Serializer):
    """The whole cart, as every cart endpoint answers it."""

    id = serializers.IntegerField(source="cart.pk", allow_null=True, default=None)
    lines = CartLineSerializer(source="items", many=True)
    promo_code = serializers.CharField(allow_null=True)
    promo_error = PromoErrorSerializer(allow_null=True)
    subtotal = serializers.DecimalField(source="totals.subtotal", **MONEY)
    discount = serializers.DecimalField(source="totals.discount", **MONEY)
    shipping = serializers.DecimalField(source="totals.shipping", **MONEY)
    shipping_method = serializers.CharField(source="totals.shipping_method")
    shipping_options = ShippingOptionSerializer(many=True)
    vat = VatLineSerializer(source="totals.vat_lines", many=True)
    vat_total = serializers.DecimalField(source="totals.vat_total", **MONEY)
    total = serializers.DecimalField(source="totals.total", **MONEY)
    item_count = serializers.IntegerField()
    currency = serializers.CharField()

    def to_representation(self, summary: CartSummary) -> dict:
        data = super().to_representation(summary)
        data["promo_code"] = data["promo_code"] or None
        return data

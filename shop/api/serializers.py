"""Catalogue representations of the API: categories, products (list and detail), suggestions.

Prices are strings with two decimals (``"19.90"``), euros VAT included.
"""

from django.core.files.storage import default_storage
from rest_framework import serializers

from shop.models import Category, Product, ProductImage, ProductVariant

MONEY = {"max_digits": 10, "decimal_places": 2, "coerce_to_string": True}


class CategorySerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Category
        fields = ["id", "name", "slug", "parent", "description", "position", "url"]


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug"]


class VariantSerializer(serializers.ModelSerializer):
    price = serializers.DecimalField(**MONEY)
    compare_at_price = serializers.DecimalField(**MONEY, allow_null=True)
    in_stock = serializers.BooleanField(source="is_available")

    class Meta:
        model = ProductVariant
        fields = ["id", "sku", "price", "compare_at_price", "stock", "options", "is_default", "in_stock"]


class ImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnails = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ["url", "alt_text", "width", "height", "thumbnails"]

    def get_url(self, image: ProductImage) -> str:
        return image.image.url

    def get_thumbnails(self, image: ProductImage) -> dict[str, str]:
        """Return the WebP thumbnails by width, e.g. ``{"320": "/media/...webp"}`` (empty until made)."""
        return {width: default_storage.url(path) for width, path in (image.thumbnails or {}).items()}


class RatingSerializer(serializers.Serializer):
    average = serializers.DecimalField(source="rating_avg", max_digits=3, decimal_places=2)
    count = serializers.IntegerField(source="rating_count")


class ProductListSerializer(serializers.ModelSerializer):
    """A product as a card shows it: its default variant's price and its first image."""

    url = serializers.CharField(source="get_absolute_url", read_only=True)
    category = CategoryRefSerializer()
    price = serializers.DecimalField(source="default_variant.price", **MONEY, allow_null=True)
    compare_at_price = serializers.DecimalField(source="default_variant.compare_at_price", **MONEY, allow_null=True)
    in_stock = serializers.SerializerMethodField()
    rating = RatingSerializer(source="*")
    image = ImageSerializer(source="main_image", allow_null=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "url",
            "kind",
            "brand",
            "short_description",
            "category",
            "price",
            "compare_at_price",
            "in_stock",
            "rating",
            "image",
        ]

    def get_in_stock(self, product: Product) -> bool:
        """Say whether some variant can be bought now."""
        return any(variant.is_available for variant in product.variants_loaded())


class ProductDetailSerializer(ProductListSerializer):
    """A product with its description, tags, every variant and every image."""

    tags = serializers.SerializerMethodField()
    variants = VariantSerializer(many=True)
    images = ImageSerializer(many=True)
    vat_rate = serializers.DecimalField(max_digits=5, decimal_places=2)

    class Meta(ProductListSerializer.Meta):
        fields = [
            *ProductListSerializer.Meta.fields,
            "description",
            "tags",
            "vat_rate",
            "credits",
            "variants",
            "images",
        ]

    def get_tags(self, product: Product) -> list[str]:
        return sorted(tag.name for tag in product.tags.all())


class SuggestionSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Product
        fields = ["name", "slug", "url"]


class SuggestionsSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = SuggestionSerializer(many=True)

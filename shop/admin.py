"""Back-office screens of the catalogue."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import Category, Product, ProductImage, ProductVariant


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "position", "is_active", "product_count"]
    list_editable = ["position", "is_active"]
    list_filter = ["is_active", ("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "parent", "description", "image", "position", "is_active"]}),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Category]:
        return super().get_queryset(request).annotate(product_total=Count("products"))

    @admin.display(description=_("products"), ordering="product_total")
    def product_count(self, category: Category) -> int:
        return category.product_total


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    extra = 0
    min_num = 1
    fields = [
        "sku",
        "options",
        "price",
        "compare_at_price",
        "stock",
        "track_stock",
        "weight_grams",
        "is_default",
        "position",
    ]


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["image", "alt_text", "position"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "kind", "brand", "is_active", "is_featured", "created_at"]
    list_editable = ["is_active", "is_featured"]
    list_filter = ["is_active", "is_featured", "kind", "category"]
    list_select_related = ["category"]
    search_fields = ["name", "slug", "brand", "short_description", "variants__sku"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["category"]
    date_hierarchy = "created_at"
    inlines = [ProductVariantInline, ProductImageInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "category", "brand", "tags"]}),
        (_("Texts"), {"fields": ["short_description", "description"]}),
        (_("Sale"), {"fields": ["vat_rate", "credits", "is_active", "is_featured"]}),
        (_("Search engines"), {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        return super().get_queryset(request).prefetch_related("tags")


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    list_display = ["sku", "product", "price", "compare_at_price", "stock", "track_stock", "is_default"]
    list_filter = ["track_stock", "is_default", "product__category"]
    list_select_related = ["product"]
    search_fields = ["sku", "product__name"]
    autocomplete_fields = ["product"]

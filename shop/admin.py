"""Back-office screens of the catalogue."""

from django.contrib import admin
from django.db.models import Count, Min, QuerySet, Sum
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import admin_promotions  # noqa: F401  (promo codes and carts)
from .admin_catalogue import (
    CatalogueCsvMixin,
    CategoryTreeChangeList,
    LowStockFilter,
    activate,
    category_tree_annotate,
    change_price,
    deactivate,
)
from .admin_forms import (
    VARIANT_FIELDS,
    ProductAdminForm,
    ProductImageInlineForm,
    ProductVariantAdminForm,
    ProductVariantInlineFormSet,
    ProductVariantPageForm,
)
from .models import Category, Product, ProductImage, ProductVariant
from .models.reviews import Review
from .services.images import product_image_delete, product_image_save
from .services.products import product_save, product_variants_save
from .services.reviews import review_delete, review_hide, review_unhide


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["tree_name", "parent", "position", "is_active", "product_count"]
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
        queryset = super().get_queryset(request).annotate(product_total=Count("products"))
        return category_tree_annotate(queryset).order_by("tree_path")

    def get_changelist(self, request: HttpRequest, **kwargs):
        return CategoryTreeChangeList

    @admin.display(description=_("name"), ordering="tree_path")
    def tree_name(self, category: Category) -> str:
        return "— " * category.tree_depth + category.name

    @admin.display(description=_("products"), ordering="product_total")
    def product_count(self, category: Category) -> int:
        return category.product_total


class ProductVariantInline(admin.TabularInline):
    model = ProductVariant
    form = ProductVariantAdminForm
    formset = ProductVariantInlineFormSet
    extra = 0
    min_num = 1
    fields = VARIANT_FIELDS


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageInlineForm
    extra = 0
    fields = ["image", "alt_text", "position"]


@admin.register(Product)
class ProductAdmin(CatalogueCsvMixin, admin.ModelAdmin):
    form = ProductAdminForm
    list_display = ["name", "category", "kind", "brand", "price_from", "stock_total", "is_active", "is_featured"]
    list_editable = ["is_active", "is_featured"]
    list_filter = ["is_active", "is_featured", "kind", LowStockFilter, "category"]
    list_select_related = ["category"]
    search_fields = ["name", "slug", "brand", "short_description", "variants__sku"]
    actions = [activate, deactivate, change_price]
    change_list_template = "admin/shop/product/change_list.html"
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
        return (
            super().get_queryset(request).annotate(min_price=Min("variants__price"), total_stock=Sum("variants__stock"))
        )

    @admin.display(description=_("from"), ordering="min_price")
    def price_from(self, product: Product):
        return product.min_price

    @admin.display(description=_("stock"), ordering="total_stock")
    def stock_total(self, product: Product):
        return product.total_stock

    def save_model(self, request, obj, form, change) -> None:
        product_save(product=obj, previous_slug=form.initial.get("slug") if change else None)

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is ProductVariant:
            product_variants_save(saved=formset.save(commit=False), deleted=formset.deleted_objects)
            formset.save_m2m()
            return None
        if formset.model is not ProductImage:
            return super().save_formset(request, form, formset, change)
        images = formset.save(commit=False)
        for image in formset.deleted_objects:
            product_image_delete(image=image)
        new_files = {id(item.instance) for item in formset.forms if "image" in item.changed_data}
        for image in images:
            product_image_save(image=image, file_changed=id(image) in new_files)
        formset.save_m2m()
        return None


@admin.register(ProductVariant)
class ProductVariantAdmin(admin.ModelAdmin):
    form = ProductVariantPageForm
    list_display = ["sku", "product", "price", "compare_at_price", "stock", "track_stock", "is_default"]
    list_filter = ["track_stock", "is_default", "product__category"]
    list_select_related = ["product"]
    search_fields = ["sku", "product__name"]
    autocomplete_fields = ["product"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    """Moderation of reviews: read them, hide or show them again (the product's average follows)."""

    list_display = ["title", "product", "user", "rating", "is_verified_purchase", "is_hidden", "created_at"]
    list_filter = ["is_hidden", "is_verified_purchase", "rating", "created_at"]
    list_select_related = ["product", "user"]
    search_fields = ["title", "body", "product__name", "user__email"]
    date_hierarchy = "created_at"
    # The customer's words are not edited, and hiding goes through the actions so the average stays right.
    readonly_fields = ["product", "user", "rating", "title", "body", "is_verified_purchase", "is_hidden", "created_at"]
    fields = readonly_fields
    actions = ["hide_reviews", "unhide_reviews"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Hide the selected reviews"), permissions=["change"])
    def hide_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset.filter(is_hidden=False):
            review_hide(review=review)
        self.message_user(request, _("The selected reviews are hidden."))

    @admin.action(description=_("Show the selected reviews again"), permissions=["change"])
    def unhide_reviews(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset.filter(is_hidden=True):
            review_unhide(review=review)
        self.message_user(request, _("The selected reviews are visible again."))

    def delete_model(self, request: HttpRequest, obj: Review) -> None:
        review_delete(review=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Review]) -> None:
        for review in queryset:
            review_delete(review=review)

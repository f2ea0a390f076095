"""Catalogue data: categories (a tree), products, their variants and images.

Money is ``Decimal`` euros, VAT included. A product is sold through its
variants (one of which is the default); the price and the stock live on the
variant.
"""

import math
from decimal import Decimal

from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from webox.common.models import MaintainedFieldsModel, TimeStampedModel
from webox.common.storage import private_storage

LOW_STOCK_THRESHOLD = 3


def validate_variant_options(value) -> None:
    """Accept a JSON object of option names and plain values only, such as ``{"taille": "M"}``."""
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and name.strip() and _plain_option(option) for name, option in value.items()
    ):
        raise ValidationError(_('The options must be JSON, for example {"taille": "M"}.'), code="invalid_options")


def _plain_option(option) -> bool:
    """Say whether ``option`` is text or a finite number (JSON's NaN is refused by PostgreSQL's jsonb)."""
    if isinstance(option, bool) or not isinstance(option, (str, int, float)):
        return False
    return not isinstance(option, float) or math.isfinite(option)


class Category(TimeStampedModel):
    """A shelf of the catalogue; categories nest through ``parent``."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(
        _("image"), upload_to="categories/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(_("image width"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("image height"), null=True, blank=True, editable=False)
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["is_active", "parent", "position"], name="shop_category_listing_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:category", kwargs={"slug": self.slug})

    def clean(self) -> None:
        """Refuse a parent that is the category itself or one of its descendants."""
        super().clean()
        seen, ancestor = set(), self.parent
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot be placed inside itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    @property
    def ancestors(self) -> list["Category"]:
        """Return the parents of this category, the root first."""
        chain, ancestor = [], self.parent
        while ancestor is not None:
            chain.append(ancestor)
            ancestor = ancestor.parent
        return list(reversed(chain))

    @property
    def lineage(self) -> list["Category"]:
        """Return the parents of this category and the category itself, the root first."""
        return [*self.ancestors, self]


class Product(MaintainedFieldsModel, TimeStampedModel):
    """Something the shop sells: a physical good, a digital file or a pack of AI credits."""

    # Kept by the database (triggers on the variants, the tags and the product's own search columns:
    # migrations 0003 to 0005) and by services, each in one UPDATE (reviews: the rating; orders: the
    # units sold): never written back by save() over an existing row.
    maintained_fields = frozenset(
        {"listing_price", "has_stock", "search_vector", "name_folded", "rating_avg", "rating_count", "sales_count"}
    )

    class Kind(models.TextChoices):
        PHYSICAL = "physical", _("Physical product")
        DIGITAL = "digital", _("Digital product")
        CREDIT_PACK = "credit_pack", _("AI credit pack")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PHYSICAL)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="products"
    )
    short_description = models.CharField(_("short description"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    brand = models.CharField(_("brand"), max_length=80, blank=True)
    tags = TaggableManager(verbose_name=_("tags"), blank=True)
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_featured = models.BooleanField(_("featured"), default=False)
    digital_file = models.FileField(
        _("file to download"),
        upload_to="digital/%Y/%m/",
        storage=private_storage,
        blank=True,
        help_text=_("For a digital product: the file buyers download (never public)."),
    )
    credits = models.PositiveIntegerField(
        _("AI credits"), null=True, blank=True, help_text=_("Credits granted by an AI credit pack.")
    )
    seo_title = models.CharField(_("SEO title"), max_length=70, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=160, blank=True)
    # Kept right by the review services: read by listings, never recomputed per request.
    rating_avg = models.DecimalField(_("average rating"), max_digits=3, decimal_places=2, default=Decimal("0"))
    rating_count = models.PositiveIntegerField(_("number of ratings"), default=0)
    # Units sold in paid orders ("best selling" sort); kept by the orders issue.
    sales_count = models.PositiveIntegerField(_("units sold"), default=0)
    # Copies of the default variant's price and of "some variant can be bought now", kept by
    # database triggers on the variants (migration 0004): filters, sorts and counts read
    # one table instead of joining the variants for every product.
    listing_price = models.DecimalField(
        _("listing price"), max_digits=10, decimal_places=2, null=True, blank=True, editable=False
    )
    has_stock = models.BooleanField(_("available"), default=False, editable=False)
    # Full-text document and the name lower-cased without accents (for typo matching), both
    # kept by the search trigger on PostgreSQL (migrations 0003 and 0005), not per query.
    search_vector = SearchVectorField(null=True, editable=False)
    name_folded = models.CharField(max_length=200, blank=True, default="", db_default="", editable=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_active", "category"], name="shop_product_category_idx"),
            models.Index(fields=["is_active", "is_featured"], name="shop_product_featured_idx"),
            models.Index(fields=["is_active", "-created_at"], name="shop_product_new_idx"),
            models.Index(fields=["is_active", "kind"], name="shop_product_kind_idx"),
            models.Index(fields=["is_active", "category", "listing_price"], name="shop_product_cat_price_idx"),
            models.Index(fields=["is_active", "listing_price"], name="shop_product_price_idx"),
            # Per-category counts of a listing (facets) read this index alone.
            models.Index(
                fields=["category", "listing_price", "has_stock"],
                condition=Q(is_active=True),
                name="shop_product_facets_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="credit_pack") | Q(credits__isnull=False, credits__gt=0),
                name="shop_product_credit_pack_has_credits",
                violation_error_message=_("An AI credit pack must grant a positive number of credits."),
            ),
            models.CheckConstraint(
                condition=Q(vat_rate__gte=0, vat_rate__lte=100), name="shop_product_vat_rate_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("shop:product", kwargs={"slug": self.slug})

    @cached_property
    def default_variant(self) -> "ProductVariant | None":
        """Return the default variant (else the first one); uses loaded variants when present."""
        variants = self.variants_loaded()
        return next((variant for variant in variants if variant.is_default), variants[0] if variants else None)

    @cached_property
    def main_image(self) -> "ProductImage | None":
        """Return the first image; uses loaded images when present."""
        images = self.images_loaded()
        return images[0] if images else None

    # A listing (shop.selectors.with_listing_data) loads variants and images into plain lists: for 24 cards
    # that skips building 48 related managers and querysets, about 1.5 ms a page (benchmarks/catalogue.py).
    def variants_loaded(self) -> list["ProductVariant"]:
        """Return the variants a listing loaded, else those prefetched, else the result of a query."""
        loaded = self.__dict__.get("listing_variants")
        return loaded if loaded is not None else list(self.variants.all())

    def images_loaded(self) -> list["ProductImage"]:
        """Return the images a listing loaded, else those prefetched, else the result of a query."""
        loaded = self.__dict__.get("listing_images")
        return loaded if loaded is not None else list(self.images.all())


class ProductVariant(models.Model):
    """One buyable version of a product (size, colour...), with its own SKU, price and stock."""

    class StockStatus(models.TextChoices):
        IN_STOCK = "in_stock", _("In stock")
        LOW = "low", _("Low stock")
        OUT = "out", _("Out of stock")

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField(_("SKU"), max_length=64, unique=True)
    options = models.JSONField(
        _("options"),
        default=dict,
        blank=True,
        validators=[validate_variant_options],
        help_text=_('For example {"taille": "M", "couleur": "bleu"}.'),
    )
    price = models.DecimalField(_("price (VAT incl.)"), max_digits=10, decimal_places=2)
    compare_at_price = models.DecimalField(
        _("compare-at price"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Former price shown struck through; higher than the price."),
    )
    stock = models.PositiveIntegerField(_("stock"), default=0)
    track_stock = models.BooleanField(
        _("track stock"), default=True, help_text=_("Untick for digital goods and credit packs.")
    )
    weight_grams = models.PositiveIntegerField(_("weight (g)"), null=True, blank=True)
    is_default = models.BooleanField(_("default variant"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(price__gt=0),
                name="shop_variant_price_positive",
                violation_error_message=_("The price must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(compare_at_price__isnull=True) | Q(compare_at_price__gt=F("price")),
                name="shop_variant_compare_at_above_price",
                violation_error_message=_("The compare-at price must be higher than the price."),
            ),
            models.UniqueConstraint(
                fields=["product"],
                condition=Q(is_default=True),
                name="shop_variant_one_default_per_product",
                violation_error_message=_("A product has only one default variant."),
            ),
        ]

    def __str__(self) -> str:
        label = self.options_label
        return f"{self.product} ({label})" if label else str(self.product)

    @property
    def options_label(self) -> str:
        """Return the option values joined for display, e.g. ``M · bleu`` ("" for options not yet validated,
        as a refused form shows them again)."""
        options = self.options if isinstance(self.options, dict) else {}
        return " · ".join(str(value) for value in options.values())

    @property
    def stock_status(self) -> "ProductVariant.StockStatus":
        """Say whether the variant is in stock, running low (at most 3 left) or sold out."""
        if not self.track_stock:
            return self.StockStatus.IN_STOCK
        if self.stock == 0:
            return self.StockStatus.OUT
        if self.stock <= LOW_STOCK_THRESHOLD:
            return self.StockStatus.LOW
        return self.StockStatus.IN_STOCK

    @property
    def is_available(self) -> bool:
        """Say whether the variant can be bought now."""
        return self.stock_status != self.StockStatus.OUT


class ProductImage(models.Model):
    """A picture of a product; the first by position illustrates the product in lists."""

    product = models.ForeignKey(Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(_("image"), upload_to="products/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    alt_text = models.CharField(_("alternative text"), max_length=200, help_text=_("Describe the picture."))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # WebP thumbnails made by a Celery task after upload: {"320": "path.webp", "640": ..., "1024": ...}.
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="shop_image_alt_text_required"),
        ]

    def __str__(self) -> str:
        return self.alt_text

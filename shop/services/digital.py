"""Digital products made from a file another part of WEBOX produced (an eBook of the AI studio, for one)."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from shop.models import Category, Product, ProductVariant
from webox.common.errors import ApplicationError


def _free_slug(name: str, sku: str) -> str:
    slug = slugify(name)[:180] or slugify(sku)
    if Product.objects.filter(slug=slug).exists():
        slug = f"{slug}-{slugify(sku)}"[:220]
    return slug


def product_digital_publish(
    *,
    sku: str,
    name: str,
    category: Category,
    price: Decimal,
    file_name: str,
    content: bytes,
    short_description: str = "",
) -> tuple[Product, bool]:
    """Create an inactive digital product selling ``content`` (its private file) at ``price``; return it and True.

    ``sku`` names the source: publishing the same source again returns the product made the first
    time, and False. Staff review the text and the price, then activate the product.
    """
    if price <= 0:
        raise ApplicationError(
            _("The price must be greater than zero."),
            code="invalid_price",
            extra={"fields": {"price": [_("The price must be greater than zero.")]}},
        )
    existing = ProductVariant.objects.select_related("product").filter(sku=sku).first()
    if existing is not None:
        return existing.product, False
    try:
        with transaction.atomic():
            product = Product(
                name=name[:200],
                slug=_free_slug(name, sku),
                kind=Product.Kind.DIGITAL,
                category=category,
                short_description=short_description[:300],
                is_active=False,
            )
            product.digital_file.save(file_name, ContentFile(content), save=False)
            product.save()
            ProductVariant.objects.create(product=product, sku=sku, price=price, track_stock=False, is_default=True)
    except IntegrityError:  # the same source published at the same time: keep the first product
        return ProductVariant.objects.select_related("product").get(sku=sku).product, False
    return product, True

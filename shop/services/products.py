"""Writes on products: saving with old-slug redirects, a page's variants, activation and bulk price changes."""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shop.models import Product, ProductSlugRedirect, ProductVariant
from webox.common.errors import ApplicationError

CENT = Decimal("0.01")


@transaction.atomic
def product_save(*, product: Product, previous_slug: str | None = None) -> Product:
    """Save ``product`` (changed in memory); when its slug moved from ``previous_slug``, redirect the old one."""
    product.save()
    if previous_slug and previous_slug != product.slug:
        product_slug_redirect_record(product=product, old_slug=previous_slug)
    return product


@transaction.atomic
def product_update(*, product: Product, **changes: Any) -> Product:
    """Change the given fields of ``product`` and save it; a new slug leaves a 301 from the old one."""
    previous_slug = product.slug
    for name, value in changes.items():
        setattr(product, name, value)
    product.full_clean()
    return product_save(product=product, previous_slug=previous_slug)


def product_slug_redirect_record(*, product: Product, old_slug: str) -> None:
    """Send ``old_slug`` to ``product`` from now on; a slug in use again stops redirecting."""
    ProductSlugRedirect.objects.filter(old_slug=product.slug).delete()
    ProductSlugRedirect.objects.update_or_create(old_slug=old_slug, defaults={"product": product})


@transaction.atomic
def product_variants_save(*, saved: Iterable[ProductVariant], deleted: Iterable[ProductVariant] = ()) -> None:
    """Delete ``deleted``, then save ``saved`` (a product page's variants, changed in memory).

    The variants that are not, or no longer, the default are saved first: a product has one default
    variant at a time in the database, so moving the default from one variant to another is one call.
    """
    for variant in deleted:
        variant.delete()
    for variant in sorted(saved, key=lambda variant: variant.is_default):
        variant.save()


@transaction.atomic
def products_set_active(*, product_ids: Iterable[int], active: bool) -> int:
    """Show (``active``) or hide the given products; return how many changed."""
    changed = Product.objects.filter(pk__in=list(product_ids)).exclude(is_active=active)
    return changed.update(is_active=active, updated_at=timezone.now())


def price_changed(price: Decimal, percent: Decimal) -> Decimal:
    """Return ``price`` raised (or lowered, when negative) by ``percent`` %, rounded to the cent."""
    return (price * (Decimal(100) + percent) / Decimal(100)).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def products_change_price(*, product_ids: Iterable[int], percent: Decimal) -> int:
    """Change the price of every variant of the given products by ``percent`` %; all or nothing.

    Refuse when a new price would be zero or less, would reach the variant's
    compare-at price (the struck-through former price must stay higher), or would
    not fit the price column. Return the number of variants changed.
    """
    price_field = ProductVariant._meta.get_field("price")
    highest = Decimal(10) ** (price_field.max_digits - price_field.decimal_places) - CENT
    variants = list(ProductVariant.objects.select_for_update().filter(product_id__in=list(product_ids)).order_by("pk"))
    refused = []
    for variant in variants:
        variant.price = price_changed(variant.price, percent)
        above_former = variant.compare_at_price is not None and variant.price >= variant.compare_at_price
        if variant.price <= 0 or variant.price > highest or above_former:
            refused.append(variant.sku)
    if refused:
        raise ApplicationError(
            _(
                "No price changed: the new price of %(skus)s would be zero or below, not below its former price, "
                "or too high."
            )
            % {"skus": ", ".join(refused[:10])},
            code="price_change_refused",
            extra={"skus": refused},
        )
    ProductVariant.objects.bulk_update(variants, ["price"], batch_size=500)
    Product.objects.filter(pk__in={variant.product_id for variant in variants}).update(updated_at=timezone.now())
    return len(variants)

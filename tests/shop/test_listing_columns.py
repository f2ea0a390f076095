"""Product.listing_price and Product.has_stock follow the variants, whatever writes them.

They are kept by database triggers (migration shop.0004), so saves, bulk
inserts and queryset updates that bypass save() all count.
"""

from decimal import Decimal

import pytest
from django.db import connection

from shop.models import Product, ProductVariant
from tests.shop.factories import ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the listing columns are kept by PostgreSQL triggers: set DATABASE_URL=postgres://...")


def reloaded(product: Product) -> tuple[Decimal | None, bool]:
    product.refresh_from_db(fields=["listing_price", "has_stock"])
    return product.listing_price, product.has_stock


def test_columns_copy_the_default_variant_on_creation():
    product = ProductFactory(variant__price=Decimal("42.50"), variant__stock=3)
    assert reloaded(product) == (Decimal("42.50"), True)


def test_a_product_without_variants_has_no_price_and_no_stock():
    assert reloaded(ProductFactory(variant=None)) == (None, False)


def test_queryset_update_of_price_and_stock_is_followed():
    product = ProductFactory(variant__price=Decimal("10.00"), variant__stock=5)
    ProductVariant.objects.filter(product=product).update(price=Decimal("12.00"), stock=0)
    assert reloaded(product) == (Decimal("12.00"), False)


def test_untracked_stock_counts_as_available():
    product = ProductFactory(variant__stock=0, variant__track_stock=False)
    assert reloaded(product)[1] is True


def test_another_variant_in_stock_makes_the_product_available():
    product = ProductFactory(variant__stock=0)
    assert reloaded(product)[1] is False
    ProductVariantFactory(product=product, stock=2, is_default=False)
    assert reloaded(product)[1] is True


def test_bulk_created_variants_are_followed():
    first, second = ProductFactory(variant=None), ProductFactory(variant=None)
    ProductVariant.objects.bulk_create(
        [
            ProductVariant(product=first, sku="BULK-1", price=Decimal("5.00"), stock=1, is_default=True),
            ProductVariant(product=second, sku="BULK-2", price=Decimal("7.00"), stock=0, is_default=True),
        ]
    )
    assert reloaded(first) == (Decimal("5.00"), True)
    assert reloaded(second) == (Decimal("7.00"), False)


def test_deleting_the_last_available_variant_is_followed():
    product = ProductFactory(variant__stock=0)
    extra = ProductVariantFactory(product=product, stock=4, is_default=False)
    assert reloaded(product)[1] is True
    extra.delete()
    assert reloaded(product)[1] is False


def test_moving_a_variant_to_another_product_refreshes_both():
    source, target = ProductFactory(variant__price=Decimal("9.00")), ProductFactory(variant=None)
    ProductVariant.objects.filter(product=source).update(product=target)
    assert reloaded(source) == (None, False)
    assert reloaded(target) == (Decimal("9.00"), True)

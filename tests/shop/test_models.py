"""Catalogue invariants held by the database and the models."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shop.models import Product, ProductImage, ProductVariant
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def _refused(**fields) -> None:
    """Assert that the database refuses to save the variant described by ``fields``."""
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductVariant.objects.create(**fields)


def test_variant_price_must_be_positive():
    """A zero or negative price is refused by the database itself, not only by forms."""
    product = ProductFactory(variant=None)
    _refused(product=product, sku="ZERO", price=Decimal("0.00"))
    _refused(product=product, sku="NEG", price=Decimal("-1.00"))


def test_variant_compare_at_price_must_be_higher_than_price():
    product = ProductFactory(variant=None)
    _refused(product=product, sku="SAME", price=Decimal("10.00"), compare_at_price=Decimal("10.00"))
    variant = ProductVariant.objects.create(
        product=product, sku="OK", price=Decimal("10.00"), compare_at_price=Decimal("12.00")
    )
    assert variant.pk


def test_product_has_at_most_one_default_variant():
    product = ProductFactory()
    _refused(product=product, sku="SECOND-DEFAULT", price=Decimal("5.00"), is_default=True)
    ProductVariantFactory(product=product, is_default=False)
    assert product.variants.count() == 2


def test_default_variant_falls_back_to_the_first_one():
    product = ProductFactory(variant=None)
    first = ProductVariantFactory(product=product, position=0)
    ProductVariantFactory(product=product, position=1)
    assert Product.objects.get(pk=product.pk).default_variant == first


def test_credit_pack_needs_a_positive_number_of_credits():
    category = CategoryFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Product.objects.create(name="Pack", slug="pack", category=category, kind=Product.Kind.CREDIT_PACK)
    pack = Product.objects.create(
        name="Pack", slug="pack", category=category, kind=Product.Kind.CREDIT_PACK, credits=100
    )
    assert pack.credits == 100


def test_product_image_needs_an_alternative_text():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProductImageFactory(alt_text="")
    assert not ProductImage.objects.exists()


def test_category_cannot_be_its_own_ancestor():
    root = CategoryFactory()
    child = CategoryFactory(parent=root)
    root.parent = child
    with pytest.raises(ValidationError):
        root.clean()


def test_category_ancestors_start_at_the_root():
    root = CategoryFactory()
    middle = CategoryFactory(parent=root)
    leaf = CategoryFactory(parent=middle)
    assert leaf.ancestors == [root, middle]

"""``generate_catalogue``: bulk-loaded benchmark data, deterministic per seed."""

import pytest
from django.core.management import call_command

from shop.models import Category, Product, ProductVariant
from shop.search import product_search

pytestmark = pytest.mark.django_db


def _snapshot() -> list[tuple]:
    return list(Product.objects.order_by("slug").values_list("slug", "brand", "category__slug"))


def test_generate_catalogue_adds_products_with_variants_tags_and_categories():
    call_command("generate_catalogue", "--products", "30", "--batch-size", "7", stdout=None)
    products = Product.objects.filter(slug__startswith="gen-")
    assert products.count() == 30
    per_product = [product.variants.count() for product in products]
    assert min(per_product) >= 1 and max(per_product) <= 3
    assert ProductVariant.objects.filter(is_default=True).count() == 30
    assert Category.objects.filter(slug__startswith="gen-", parent__isnull=False).exists()
    assert any(product.tags.exists() for product in products)
    assert product_search(query=products.first().name.split()[0]).exists()


def test_generate_catalogue_is_deterministic_and_appends(capsys):
    call_command("generate_catalogue", "--products", "10", "--seed", "7")
    first = _snapshot()
    call_command("generate_catalogue", "--products", "10", "--seed", "7", "--clear")
    assert _snapshot() == first
    call_command("generate_catalogue", "--products", "5", "--seed", "7")
    assert Product.objects.count() == 15
    assert "Added 5 products" in capsys.readouterr().out

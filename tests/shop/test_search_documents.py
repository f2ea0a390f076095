"""The narrow search copy of each product (SearchDocument), kept by PostgreSQL triggers."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict

from shop.categories import CategoryTree
from shop.filters import SearchResults, filters_parse, filters_with_search_terms, product_list_filtered
from shop.models import Product, SearchDocument
from tests.shop.factories import CategoryFactory, ProductFactory, ProductVariantFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search copy is kept by PostgreSQL triggers"),
]

COPIED = ["category_id", "kind", "brand", "listing_price", "has_stock", "rating_avg", "sales_count", "created_at"]


def _assert_in_step(product: Product) -> SearchDocument:
    product.refresh_from_db()
    document = SearchDocument.objects.get(pk=product.pk)
    assert {name: getattr(document, name) for name in COPIED} == {name: getattr(product, name) for name in COPIED}
    assert document.search_vector == product.search_vector and document.name_folded == product.name_folded
    assert document.is_visible == (product.is_active and product.category.is_active)
    return document


def test_a_new_product_gets_its_copy_with_every_column():
    product = ProductFactory(name="Théière en fonte", brand="Kerlann", variant__price=Decimal("34.50"))
    document = _assert_in_step(product)
    assert document.listing_price == Decimal("34.50") and document.has_stock is True
    assert document.name_folded == "theiere en fonte" and "theier" in str(document.search_vector)


def test_the_copy_follows_price_stock_rating_sales_tags_and_renames():
    product = ProductFactory(name="Lampe")
    variant = product.variants.get()
    variant.price, variant.stock = Decimal("12.00"), 0
    variant.save()
    assert _assert_in_step(product).has_stock is False
    ProductVariantFactory(product=product, price=Decimal("15.00"), stock=4)  # a second, buyable variant
    assert _assert_in_step(product).has_stock is True
    Product.objects.filter(pk=product.pk).update(rating_avg=Decimal("4.50"), sales_count=7)
    assert _assert_in_step(product).rating_avg == Decimal("4.50")
    product.tags.add("cadeau")
    assert "cadeau" in str(_assert_in_step(product).search_vector)
    product.name, product.category = "Applique murale", CategoryFactory()
    product.save()
    assert _assert_in_step(product).name_folded == "applique murale"


def test_visibility_follows_the_product_and_its_category():
    product = ProductFactory()
    product.is_active = False
    product.save()
    assert _assert_in_step(product).is_visible is False
    product.is_active = True
    product.save()
    category = product.category
    category.is_active = False
    category.save()
    assert _assert_in_step(product).is_visible is False
    category.is_active = True
    category.save()
    assert _assert_in_step(product).is_visible is True


def test_deleting_a_product_deletes_its_copy():
    product = ProductFactory()
    kept = ProductFactory()
    product.delete()
    assert list(SearchDocument.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_unrelated_update_does_not_rewrite_the_copy():
    product = ProductFactory()
    with connection.cursor() as cursor:
        cursor.execute("SELECT xmin::text FROM shop_searchdocument WHERE product_id = %s", [product.pk])
        before = cursor.fetchone()[0]
        Product.objects.filter(pk=product.pk).update(seo_title="Nouveau titre", is_featured=True)
        cursor.execute("SELECT xmin::text FROM shop_searchdocument WHERE product_id = %s", [product.pk])
        assert cursor.fetchone()[0] == before


def test_a_search_reads_the_copies_and_loads_only_the_products_of_the_page(django_assert_num_queries):
    category = CategoryFactory()
    for number in range(30):
        ProductFactory(name=f"Lampe {number:02d}", category=category, variant__price=Decimal(10 + number))
    ProductFactory(name="Lampe cachée", category=CategoryFactory(is_active=False))
    tree = CategoryTree.load()
    filters = filters_with_search_terms(filters_parse(QueryDict("search=lampe&ordering=-price"), tree=tree), tree=tree)
    results = product_list_filtered(filters=filters, tree=tree)
    assert isinstance(results, SearchResults) and results.count() == 30 and len(results) == 30
    with django_assert_num_queries(4):  # the page's ids, its products (with categories), variants, images
        page = results[24:48]
    assert [product.name for product in page] == [f"Lampe {number:02d}" for number in range(5, -1, -1)]
    assert results[0].name == "Lampe 29"
    with pytest.raises(IndexError):
        results[30]

"""The narrow search copy of each product (SearchDocument), kept by PostgreSQL triggers."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from taggit.models import Tag, TaggedItem

from shop.categories import CategoryTree
from shop.filters import (
    SearchResults,
    filters_parse,
    filters_with_search_terms,
    product_count_by_category,
    product_list_filtered,
    search_page_with_counts,
)
from shop.models import Category, Product, SearchDocument
from tests.concurrency import in_two_transactions
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


@pytest.mark.parametrize("ordering", ["", "relevance", "price", "-price", "newest", "rating", "best_selling"])
@pytest.mark.parametrize("category", ["", "mode"])
def test_one_statement_gives_the_same_counts_and_page_as_the_separate_queries(ordering, category):
    mode = CategoryFactory(slug="mode")
    shoes = CategoryFactory(slug="chaussures", parent=mode)
    home = CategoryFactory(slug="maison")
    for number in range(14):  # ties on every sort key, so the primary key decides
        ProductFactory(
            name="Lampe de chevet" if number % 3 else "Lampe",
            description="Une lampe." if number % 2 else "",
            category=(mode, shoes, home)[number % 3],
            variant__price=Decimal(10 + number % 4),
            rating_avg=Decimal(number % 2 + 3),
            sales_count=number % 5,
        )
    tree = CategoryTree.load()
    query = QueryDict(f"search=lampe&ordering={ordering}&category={category}")
    filters = filters_with_search_terms(filters_parse(query, tree=tree), tree=tree)
    results = product_list_filtered(filters=filters, tree=tree)
    for offset in (0, 5, 10):
        counts, page = search_page_with_counts(filters=filters, tree=tree, offset=offset, limit=5)
        assert counts == product_count_by_category(filters=filters, tree=tree)
        assert [product.pk for product in page] == [product.pk for product in results[offset : offset + 5]]


def test_the_search_page_past_the_end_shows_the_last_page(client):
    category = CategoryFactory()
    for number in range(30):
        ProductFactory(name=f"Lampe {number:02d}", category=category)
    response = client.get("/shop/search/", {"q": "lampe", "page": "9", "ordering": "newest"})
    page = response.context["page_obj"]
    assert page.number == 2 and len(page.object_list) == 6 and page.paginator.count == 30
    response = client.get("/shop/search/", {"q": "lampe", "page": "deux", "ordering": "newest"})
    assert response.context["page_obj"].number == 1


def test_the_api_pages_a_search_like_any_listing(client, django_assert_max_num_queries):
    category = CategoryFactory()
    for number in range(30):
        ProductFactory(name=f"Lampe {number:02d}", slug=f"lampe-{number:02d}", category=category)
    with django_assert_max_num_queries(7):  # tree, spelling check, counts and page ids, products, variants, images
        first = client.get("/api/v1/products/", {"search": "lampe", "ordering": "newest"}).json()
    assert first["count"] == 30 and len(first["results"]) == 24 and first["previous"] is None
    assert first["results"][0]["slug"] == "lampe-29" and "page=2" in first["next"]
    second = client.get("/api/v1/products/", {"search": "lampe", "ordering": "newest", "page": "2"}).json()
    assert [item["slug"] for item in second["results"]] == [f"lampe-{number:02d}" for number in range(5, -1, -1)]
    assert second["next"] is None and second["count"] == 30
    last = client.get("/api/v1/products/", {"search": "lampe", "ordering": "newest", "page": "last", "page_size": "7"})
    assert [item["slug"] for item in last.json()["results"]] == ["lampe-01", "lampe-00"]
    for page in ("3", "0", "deux"):
        response = client.get("/api/v1/products/", {"search": "lampe", "page": page})
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_tag_link_changed_in_place_is_searched_under_its_new_tag():
    product = ProductFactory(name="Théière")
    product.tags.add("cadeau")
    TaggedItem.objects.filter(object_id=product.pk).update(tag=Tag.objects.create(name="parapluie", slug="parapluie"))
    vector = str(_assert_in_step(product).search_vector)
    assert "'paraplui'" in vector and "cadeau" not in vector  # French stems


@pytest.mark.django_db(transaction=True)
def test_a_product_moved_into_a_category_being_switched_off_is_hidden():
    category, moved = CategoryFactory(), ProductFactory(category=CategoryFactory())
    in_two_transactions(
        lambda: Product.objects.filter(pk=moved.pk).update(category=category),
        lambda: Category.objects.filter(pk=category.pk).update(is_active=False),
    )
    assert SearchDocument.objects.get(pk=moved.pk).is_visible is False


@pytest.mark.django_db(transaction=True)
def test_a_product_switched_on_in_a_category_being_switched_off_is_hidden():
    category = CategoryFactory()
    product = ProductFactory(category=category, is_active=False)
    in_two_transactions(
        lambda: Category.objects.filter(pk=category.pk).update(is_active=False),
        lambda: Product.objects.filter(pk=product.pk).update(is_active=True),
    )
    assert SearchDocument.objects.get(pk=product.pk).is_visible is False


@pytest.mark.parametrize("query", ["a", "é", "-", '"'])
def test_a_search_too_short_to_run_lists_nothing_on_the_api(client, query):
    ProductFactory(name="Lampe a poser")
    response = client.get("/api/v1/products/", {"search": query})
    assert response.status_code == 200 and response.json()["count"] == 0


@pytest.mark.parametrize("page", ["99999999999999999999", "0", "-3"])
def test_page_numbers_out_of_range_show_the_last_page_as_on_every_listing(client, page):
    category = CategoryFactory()
    for number in range(30):
        ProductFactory(name=f"Lampe {number:02d}", category=category)
    response = client.get("/shop/search/", {"q": "lampe", "page": page})
    assert response.status_code == 200 and response.context["page_obj"].number == 2
    assert client.get("/shop/", {"page": page}).context["page_obj"].number == 2
    api = client.get("/api/v1/products/", {"search": "lampe", "page": page})
    assert api.status_code == 404 and api.json()["code"] == "not_found"

"""Public catalogue API: categories, products (filters, search, ordering), product detail, suggestions."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def api():
    return APIClient()


def test_categories_are_public_and_flat_with_parent(api):
    root = CategoryFactory(name="Mode", slug="mode", position=0)
    child = CategoryFactory(name="Chaussures", slug="chaussures", parent=root)
    CategoryFactory(slug="cachee", is_active=False)
    body = api.get("/api/v1/categories/").json()
    assert body["count"] == 2
    by_slug = {row["slug"]: row for row in body["results"]}
    assert by_slug["chaussures"]["parent"] == root.pk and by_slug["mode"]["parent"] is None
    assert by_slug["chaussures"]["url"] == child.get_absolute_url()


def test_product_list_is_public_paginated_and_prices_are_strings(api):
    ProductFactory.create_batch(26, variant__price=Decimal("19.9"))
    ProductFactory(name="Retiré", is_active=False)
    response = api.get("/api/v1/products/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 26 and len(body["results"]) == 24 and body["next"] and body["previous"] is None
    first = body["results"][0]
    assert first["price"] == "19.90" and first["rating"] == {"average": "0.00", "count": 0}
    assert set(first) >= {"id", "name", "slug", "url", "category", "price", "in_stock", "image", "kind", "brand"}
    assert len(api.get("/api/v1/products/", {"page": 2}).json()["results"]) == 2


def test_product_list_filters_search_and_orders(api):
    shoes = CategoryFactory(slug="chaussures")
    ProductFactory(name="Basket", category=shoes, variant__price=Decimal("80.00"))
    ProductFactory(name="Botte", category=shoes, variant__price=Decimal("120.00"), variant__stock=0)
    ProductFactory(name="Lampe basse", variant__price=Decimal("15.00"))
    params = {"category": "chaussures", "ordering": "-price"}
    assert [row["name"] for row in api.get("/api/v1/products/", params).json()["results"]] == ["Botte", "Basket"]
    params = {"category": "chaussures", "in_stock": "true", "min_price": "10", "max_price": "100"}
    assert [row["name"] for row in api.get("/api/v1/products/", params).json()["results"]] == ["Basket"]
    assert [row["name"] for row in api.get("/api/v1/products/", {"search": "basse"}).json()["results"]] == [
        "Lampe basse"
    ]


def test_invalid_filters_are_a_400_with_field_errors(api):
    response = api.get("/api/v1/products/", {"min_price": "abc", "in_stock": "maybe", "ordering": "cheap"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["fields"]) == {"min_price", "in_stock", "ordering"}
    assert api.get("/api/v1/products/", {"category": "inconnue"}).json()["fields"] == {
        "category": ["Unknown category."]
    }
    response = api.get("/api/v1/products/", {"min_price": "9", "max_price": "1"})
    assert response.status_code == 400 and set(response.json()["fields"]) == {"max_price"}


def test_product_list_runs_a_constant_number_of_queries(api, django_assert_max_num_queries):
    for product in ProductFactory.create_batch(30):
        ProductImageFactory(product=product)
        ProductVariantFactory(product=product, price=Decimal("29.90"))
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/products/", {"ordering": "price", "in_stock": "true", "min_price": "1"})
    assert len(response.json()["results"]) == 24


def test_product_detail_has_variants_images_and_rating(api):
    product = ProductFactory(name="Pull", slug="pull", variant__sku="PULL-S", variant__options={"taille": "S"})
    ProductVariantFactory(product=product, sku="PULL-M", price=Decimal("25"), options={"taille": "M"}, stock=0)
    image = ProductImageFactory(product=product)
    image.thumbnails = {"320": "products/thumbs/pull-320.webp"}
    image.save()
    product.tags.add("bio")
    body = api.get("/api/v1/products/pull/").json()
    assert [variant["sku"] for variant in body["variants"]] == ["PULL-S", "PULL-M"]
    second = body["variants"][1]
    assert second["price"] == "25.00" and second["stock"] == 0 and second["options"] == {"taille": "M"}
    assert second["in_stock"] is False
    assert body["images"][0]["thumbnails"]["320"].endswith("products/thumbs/pull-320.webp")
    assert body["tags"] == ["bio"] and body["rating"] == {"average": "0.00", "count": 0}


def test_unknown_or_hidden_product_is_a_404(api):
    ProductFactory(slug="retire", is_active=False)
    for slug in ("retire", "inconnu"):
        response = api.get(f"/api/v1/products/{slug}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_suggest_returns_names_slugs_and_urls(api):
    ProductFactory(name="Chapeau de paille", slug="chapeau-de-paille")
    ProductFactory(name="Tasse")
    body = api.get("/api/v1/search/suggest/", {"q": "chap"}).json()
    assert body["results"] == [
        {"name": "Chapeau de paille", "slug": "chapeau-de-paille", "url": "/shop/p/chapeau-de-paille/"}
    ]
    assert api.get("/api/v1/search/suggest/", {"q": "c"}).json()["results"] == []


def test_schema_documents_the_catalogue_endpoints(api, staff_user):
    api.force_authenticate(staff_user)
    response = api.get("/api/schema/", {"format": "json"})
    if response.status_code != 200:
        pytest.skip(f"schema endpoint answered {response.status_code}")
    paths = response.json()["paths"]
    assert {"/api/v1/categories/", "/api/v1/products/", "/api/v1/search/suggest/"} <= set(paths)
    names = {parameter["name"] for parameter in paths["/api/v1/products/"]["get"]["parameters"]}
    assert {"search", "category", "min_price", "ordering", "page"} <= names

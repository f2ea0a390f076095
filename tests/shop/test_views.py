"""Catalogue pages: listing, category, product and search."""

from decimal import Decimal

import pytest

from tests.shop.factories import (
    CategoryFactory,
    ProductFactory,
    ProductImageFactory,
    ProductVariantFactory,
)

pytestmark = pytest.mark.django_db


def _listing(count: int, **kwargs) -> list:
    """Create ``count`` products, each with an image and a second variant."""
    products = ProductFactory.create_batch(count, **kwargs)
    for product in products:
        ProductImageFactory(product=product)
        ProductVariantFactory(product=product, price=Decimal("29.90"))
    return products


def test_catalogue_lists_visible_products_with_category_chips(client):
    shown = ProductFactory(name="Lampe visible", category__name="Maison")
    ProductFactory(name="Lampe retirée", is_active=False)
    ProductFactory(name="Lampe cachée", category__is_active=False)
    response = client.get("/shop/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lampe visible" in html and shown.get_absolute_url() in html
    assert "Lampe retirée" not in html and "Lampe cachée" not in html
    assert 'class="chips"' in html and "Maison" in html


def test_catalogue_is_paginated_by_24(client):
    ProductFactory.create_batch(26)
    first = client.get("/shop/")
    assert len(first.context["page_obj"].object_list) == 24
    assert 'rel="next"' in first.content.decode()
    assert len(client.get("/shop/?page=2").context["page_obj"].object_list) == 2


def test_catalogue_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    _listing(30)
    with django_assert_max_num_queries(8):
        response = client.get("/shop/")
    assert response.status_code == 200


def test_category_page_includes_sub_categories_and_their_products(client):
    parent = CategoryFactory(name="Mode", slug="mode")
    child = CategoryFactory(name="Chaussures", slug="chaussures", parent=parent)
    ProductFactory(name="Pull marin", category=parent)
    ProductFactory(name="Sneakers", category=child)
    ProductFactory(name="Lampe", category=CategoryFactory())
    html = client.get("/shop/c/mode/").content.decode()
    assert "Pull marin" in html and "Sneakers" in html and "Lampe" not in html
    assert child.get_absolute_url() in html
    child_html = client.get("/shop/c/chaussures/").content.decode()
    assert "Sneakers" in child_html and "Pull marin" not in child_html
    assert parent.get_absolute_url() in child_html  # breadcrumbs


def test_category_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    category = CategoryFactory(slug="maison")
    _listing(30, category=category)
    with django_assert_max_num_queries(8):
        assert client.get("/shop/c/maison/").status_code == 200


def test_inactive_or_unknown_category_is_not_found(client):
    CategoryFactory(slug="cachee", is_active=False)
    assert client.get("/shop/c/cachee/").status_code == 404
    assert client.get("/shop/c/inconnue/").status_code == 404


def test_product_page_shows_price_stock_variants_and_description(client):
    product = ProductFactory(
        name="Jean droit",
        slug="jean-droit",
        description="Denim **brut**.\n\n<script>alert(1)</script>",
        variant__price=Decimal("79.00"),
        variant__compare_at_price=Decimal("95.00"),
        variant__stock=2,
        variant__options={"taille": "40"},
    )
    ProductVariantFactory(product=product, options={"taille": "42"}, stock=0, sku="JEAN-42", position=1)
    ProductImageFactory(product=product, alt_text="Jean vu de face")
    html = client.get("/en/shop/p/jean-droit/").content.decode()
    assert "Jean droit" in html
    assert "79.00" in html and "95.00" in html
    assert "Only 2 left" in html and "Out of stock" in html
    assert "JEAN-42" in html and "42" in html
    assert "<strong>brut</strong>" in html and "<script>alert" not in html
    assert 'alt="Jean vu de face" width="64" height="48"' in html
    assert 'class="breadcrumbs"' in html and product.category.get_absolute_url() in html


def test_product_page_says_in_stock_when_plenty(client):
    ProductFactory(slug="lampe", variant__stock=12)
    assert "In stock" in client.get("/en/shop/p/lampe/").content.decode()


def test_product_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    product = ProductFactory(slug="lampe", category__parent=CategoryFactory())
    ProductImageFactory.create_batch(4, product=product)
    ProductVariantFactory.create_batch(5, product=product)
    product.tags.add("déco", "éclairage", "céramique")
    with django_assert_max_num_queries(10):
        assert client.get("/shop/p/lampe/").status_code == 200


def test_inactive_product_or_product_of_inactive_category_is_not_found(client):
    ProductFactory(slug="retire", is_active=False)
    ProductFactory(slug="cache", category__is_active=False)
    assert client.get("/shop/p/retire/").status_code == 404
    assert client.get("/shop/p/cache/").status_code == 404
    assert client.get("/shop/p/inconnu/").status_code == 404


def test_search_matches_name_brand_tag_and_short_description_case_insensitively(client):
    by_name = ProductFactory(name="Gourde isotherme")
    by_brand = ProductFactory(brand="Sonora")
    by_tag = ProductFactory(name="Tapis")
    by_tag.tags.add("yoga")
    by_text = ProductFactory(short_description="Idéal pour la randonnée en montagne")
    ProductFactory(name="Gourde retirée", is_active=False)
    assert _found(client, "GOURDE") == [by_name.name]
    assert _found(client, "sonora") == [by_brand.name]
    assert _found(client, "Yoga") == [by_tag.name]
    assert _found(client, "MONTAGNE") == [by_text.name]


def _found(client, query: str) -> list[str]:
    response = client.get("/shop/search/", {"q": query})
    assert response.status_code == 200
    return [product.name for product in response.context["page_obj"].object_list]


def test_search_without_query_shows_a_hint(client):
    ProductFactory()
    response = client.get("/en/shop/search/")
    assert response.context["page_obj"] is None
    assert "Type at least two characters" in response.content.decode()


def test_search_without_result_says_so(client):
    html = client.get("/en/shop/search/", {"q": "introuvable"}).content.decode()
    assert "No product matches" in html and "introuvable" in html


def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    products = _listing(30, brand="Sonora")
    for product in products:
        product.tags.add("audio")
    with django_assert_max_num_queries(8):
        assert client.get("/shop/search/", {"q": "sonora"}).status_code == 200


def test_credit_pack_page_shows_its_credits_and_is_available_without_stock(client):
    ProductFactory(slug="pack-pro", kind="credit_pack", credits=5000, variant__track_stock=False, variant__stock=0)
    html = client.get("/en/shop/p/pack-pro/").content.decode()
    assert "5,000 AI credits" in html
    assert "Available now" in html and "Out of stock" not in html

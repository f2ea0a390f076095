"""Listing filters and sorts, shared by the pages and the API (shop.filters)."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from shop.categories import CategoryTree
from shop.filters import filters_parse, product_count_by_category, product_list_filtered
from tests.factories import UserFactory
from tests.shop.factories import CategoryFactory, ProductFactory, ProductImageFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


def _list(query: str) -> list[str]:
    tree = CategoryTree.load()
    filters = filters_parse(QueryDict(query), tree=tree)
    assert filters.errors == {}
    return [product.name for product in product_list_filtered(filters=filters, tree=tree)]


@pytest.fixture
def shelf():
    """Two root categories, one with a sub-category, and products with prices, ratings and stock."""
    mode = CategoryFactory(name="Mode", slug="mode")
    shoes = CategoryFactory(name="Chaussures", slug="chaussures", parent=mode)
    home = CategoryFactory(name="Maison", slug="maison")
    products = {
        "Pull": ProductFactory(
            name="Pull", category=mode, variant__price=Decimal("40.00"), rating_avg=4, sales_count=5
        ),
        "Basket": ProductFactory(
            name="Basket", category=shoes, variant__price=Decimal("80.00"), rating_avg=Decimal("4.5"), sales_count=50
        ),
        "Botte": ProductFactory(name="Botte", category=shoes, variant__price=Decimal("120.00"), variant__stock=0),
        "Lampe": ProductFactory(
            name="Lampe", category=home, brand="Atelier", kind="digital", variant__price=Decimal("15.00"), sales_count=9
        ),
    }
    products["Lampe"].tags.add("cadeau", "bio")
    products["Pull"].tags.add("bio")
    return products


def test_category_filter_includes_sub_categories(shelf):
    assert _list("category=mode") == ["Basket", "Botte", "Pull"]
    assert _list("category=chaussures") == ["Basket", "Botte"]


def test_price_range_uses_the_default_variant_price(shelf):
    ProductVariantFactory(product=shelf["Lampe"], price=Decimal("95.00"))  # not the default: ignored
    assert _list("min_price=40&max_price=100") == ["Basket", "Pull"]
    assert _list("max_price=15") == ["Lampe"]


def test_min_rating_in_stock_kind_brand_and_tags(shelf):
    assert _list("min_rating=4.5") == ["Basket"]
    assert _list("in_stock=true&category=chaussures") == ["Basket"]
    assert _list("in_stock=false") == ["Botte"]
    assert _list("kind=digital") == ["Lampe"]
    assert _list("brand=atelier") == ["Lampe"]
    assert _list("tags=bio") == ["Lampe", "Pull"]
    assert _list("tags=bio,%20Cadeau") == ["Lampe"]


def test_filters_combine(shelf):
    assert _list("category=mode&in_stock=true&max_price=100&ordering=-price") == ["Basket", "Pull"]


def test_in_stock_counts_any_buyable_variant(shelf):
    ProductVariantFactory(product=shelf["Botte"], stock=2)
    assert "Botte" in _list("in_stock=true")


def test_sorts(shelf):
    assert _list("ordering=price") == ["Lampe", "Pull", "Basket", "Botte"]
    assert _list("ordering=-price") == ["Botte", "Basket", "Pull", "Lampe"]
    assert _list("ordering=rating")[:2] == ["Basket", "Pull"]
    assert _list("ordering=best_selling")[:3] == ["Basket", "Lampe", "Pull"]
    assert _list("ordering=newest") == ["Lampe", "Botte", "Basket", "Pull"]


def test_search_sorts_by_relevance_by_default_and_combines_with_filters(shelf):
    ProductFactory(name="Pull bio", category=shelf["Lampe"].category, short_description="Un pull.")
    assert _list("search=pull")[0] in {"Pull", "Pull bio"}
    assert _list("search=pull&category=mode") == ["Pull"]
    assert _list("search=pull&ordering=relevance&category=maison") == ["Pull bio"]


def test_ties_are_broken_by_primary_key_so_pages_are_stable():
    same = [ProductFactory(name="Même nom", variant__price=Decimal("10.00")) for _ in range(5)]
    assert _list("ordering=price") == ["Même nom"] * 5
    tree = CategoryTree.load()
    filters = filters_parse(QueryDict("ordering=price"), tree=tree)
    ids = [product.pk for product in product_list_filtered(filters=filters, tree=tree)]
    assert ids == sorted(product.pk for product in same)


def test_invalid_values_are_reported_and_left_out(shelf):
    tree = CategoryTree.load()
    query = "min_price=abc&max_price=-1&min_rating=9&in_stock=maybe&kind=car&category=nope&ordering=cheap&brand=Atelier"
    filters = filters_parse(QueryDict(query), tree=tree)
    assert set(filters.errors) == {"min_price", "max_price", "min_rating", "in_stock", "kind", "category", "ordering"}
    assert filters.brand == "Atelier" and filters.min_price is None and filters.category is None


def test_cross_field_errors():
    tree = CategoryTree.load()
    filters = filters_parse(QueryDict("min_price=50&max_price=10&ordering=relevance"), tree=tree)
    assert set(filters.errors) == {"max_price", "ordering"}


def test_counts_per_category_follow_the_filters_and_roll_up(shelf):
    tree = CategoryTree.load()
    mode, shoes, home = (tree.by_slug[slug] for slug in ("mode", "chaussures", "maison"))
    counts = product_count_by_category(filters=filters_parse(QueryDict(""), tree=tree), tree=tree)
    assert (counts.by_category[mode.pk], counts.by_category[shoes.pk], counts.by_category[home.pk]) == (3, 2, 1)
    assert counts.total == 4
    in_stock = filters_parse(QueryDict("in_stock=true&category=chaussures"), tree=tree)
    counts = product_count_by_category(filters=in_stock, tree=tree)  # every category, not only the chosen one
    assert (counts.by_category[mode.pk], counts.by_category[shoes.pk], counts.by_category[home.pk]) == (2, 1, 1)
    assert counts.total == 1  # the chosen one's products (and its sub-categories')
    assert counts.total == product_list_filtered(filters=in_stock, tree=tree).count()


@pytest.mark.parametrize("query", ["", "ordering=rating", "in_stock=true", "search=produit"])
def test_counts_leave_out_inactive_categories_with_or_without_filters(query):
    shown, hidden = CategoryFactory(slug="shown"), CategoryFactory(slug="hidden", is_active=False)
    ProductFactory.create_batch(2, category=shown)
    ProductFactory.create_batch(3, category=hidden)
    ProductFactory(category=shown, is_active=False)
    tree = CategoryTree.load()
    filters = filters_parse(QueryDict(query), tree=tree)
    counts = product_count_by_category(filters=filters, tree=tree)
    assert counts.by_category == {tree.by_slug["shown"].pk: 2} and counts.total == 2
    assert counts.total == product_list_filtered(filters=filters, tree=tree).count()


def test_catalogue_page_filters_sorts_and_shows_counts(client, shelf):
    response = client.get("/en/shop/", {"category": "mode", "ordering": "-price", "in_stock": "true"})
    assert response.status_code == 200
    assert [product.name for product in response.context["page_obj"].object_list] == ["Basket", "Pull"]
    html = response.content.decode()
    assert 'name="min_price"' in html and 'value="-price" selected' in html
    assert [(facet.category.slug, facet.count) for facet in response.context["facets"]] == [("chaussures", 1)]


def test_category_page_counts_sub_categories_and_keeps_filters_in_links(client, shelf):
    response = client.get("/en/shop/c/mode/", {"max_price": "100"})
    assert [product.name for product in response.context["page_obj"].object_list] == ["Basket", "Pull"]
    facets = response.context["facets"]
    assert [(facet.category.slug, facet.count) for facet in facets] == [("chaussures", 1)]
    assert facets[0].url == "/en/shop/c/chaussures/?max_price=100"


def test_search_page_filters_and_counts(client, shelf):
    response = client.get("/en/shop/search/", {"q": "lampe", "kind": "digital"})
    assert [product.name for product in response.context["page_obj"].object_list] == ["Lampe"]
    assert [(facet.category.slug, facet.count) for facet in response.context["facets"]] == [("maison", 1)]


def test_page_ignores_invalid_filters_with_a_message(client, shelf):
    response = client.get("/en/shop/", {"min_price": "abc", "in_stock": "maybe", "brand": "Atelier"})
    assert response.status_code == 200
    assert [product.name for product in response.context["page_obj"].object_list] == ["Lampe"]
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 2 and any("Minimum price" in message for message in shown)


def test_pagination_keeps_filters_and_never_repeats_a_product(client):
    category = CategoryFactory(slug="tout")
    ProductFactory.create_batch(30, category=category, name="Pareil", variant__price=Decimal("9.99"))
    first = client.get("/en/shop/", {"ordering": "price", "category": "tout"})
    html = first.content.decode()
    assert "category=tout" in html and "ordering=price" in html and "page=2" in html
    second = client.get("/en/shop/", {"ordering": "price", "category": "tout", "page": 2})
    ids = [p.pk for p in first.context["page_obj"].object_list] + [p.pk for p in second.context["page_obj"].object_list]
    assert len(ids) == len(set(ids)) == 30


def _listing(count: int, **kwargs) -> None:
    for product in ProductFactory.create_batch(count, **kwargs):
        ProductImageFactory(product=product)
        ProductVariantFactory(product=product, price=Decimal("29.90"))
        product.tags.add("bio")


def test_filtered_category_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    parent = CategoryFactory(slug="maison")
    _listing(15, category=parent)
    _listing(15, category=CategoryFactory(parent=parent))
    with django_assert_max_num_queries(8):
        response = client.get(
            "/shop/c/maison/", {"in_stock": "true", "tags": "bio", "ordering": "price", "min_price": 1}
        )
    assert response.status_code == 200 and len(response.context["page_obj"].object_list) == 24


def test_a_signed_in_customer_adds_only_the_user_2fa_cart_and_bell_queries(client, django_assert_max_num_queries):
    """The page's own queries do not change; signing in adds the user, the two-factor check, the header's
    cart count and unread notifications (10 in all, whatever the page size or catalogue size)."""
    parent = CategoryFactory(slug="maison")
    _listing(30, category=parent)
    client.force_login(UserFactory())
    client.get("/shop/c/maison/")  # the session is cached from here on, as on every page after the first
    with django_assert_max_num_queries(10):
        response = client.get("/shop/c/maison/", {"in_stock": "true", "tags": "bio", "ordering": "price"})
    assert response.status_code == 200 and len(response.context["page_obj"].object_list) == 24


def test_search_page_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    _listing(30, category=CategoryFactory(), name="Lampe")
    with django_assert_max_num_queries(8):
        response = client.get("/shop/search/", {"q": "lampe", "max_price": "50"})
    assert len(response.context["page_obj"].object_list) == 24

"""A search's counts and ranked ids, and a listing's category counts, are cached until what they read
changes (PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shop.models import Category, Product, ProductVariant
from shop.search import search_generation, search_words_refresh
from tests.concurrency import in_two_transactions
from tests.shop.factories import CategoryFactory, ProductFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the search generation is kept by PostgreSQL"),
]

# The statement that finds, counts and ranks a search's matches (shop.filters.search_page_statement).
RANKING = "WITH matches AS MATERIALIZED"
# A listing's category counts (shop.filters.product_count_by_category), and a plain COUNT.
COUNTS = 'COUNT(*) AS "total"'
COUNT = 'COUNT(*) AS "__count"'


def _get(client: Client, path: str, params: dict, *statements: str) -> tuple:
    """GET ``path``; return the response and how many of its queries were one of ``statements`` (the ranking)."""
    statements = statements or (RANKING,)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response, sum(any(part in query["sql"] for part in statements) for query in queries.captured_queries)


def _api(client: Client, **params) -> tuple[dict, list[str], int]:
    """Search through the products API: its JSON, the slugs of the page, and the rankings run."""
    response, ranked = _get(client, "/api/v1/products/", params)
    body = response.json()
    return body, [item["slug"] for item in body["results"]], ranked


@pytest.fixture
def lamps() -> list[Product]:
    category = CategoryFactory(slug="luminaires")
    return [ProductFactory(name=f"Lampe {n:02d}", slug=f"lampe-{n:02d}", category=category) for n in range(30)]


def test_the_generation_moves_with_what_search_reads_only(lamps):
    before = search_generation()
    Product.objects.filter(pk=lamps[0].pk).update(is_featured=True, seo_title="Lampe de chevet")
    assert search_generation() == before  # nothing search reads changed: cached searches stay warm
    Product.objects.filter(pk=lamps[0].pk).update(sales_count=F("sales_count") + 1)
    assert search_generation() == before  # a sale: every order makes one, the cache would never hold
    Product.objects.filter(pk=lamps[0].pk).update(brand="Lumina")
    assert search_generation() > before


def test_the_next_page_and_the_next_visitor_rank_nothing_again(client, lamps):
    first, slugs, ranked = _api(client, search="lampe", ordering="newest")
    assert ranked == 1 and first["count"] == 30 and slugs[:2] == ["lampe-29", "lampe-28"]
    second, slugs, ranked = _api(client, search="lampe", ordering="newest", page="2")
    assert ranked == 0 and second["count"] == 30 and slugs == [f"lampe-{number:02d}" for number in range(5, -1, -1)]
    _body, slugs, ranked = _api(Client(), search="lampe", ordering="newest", page_size="7", page="3")
    assert ranked == 0 and slugs == [f"lampe-{number:02d}" for number in range(15, 8, -1)]
    page, ranked = _get(Client(), "/shop/search/", {"q": "lampe", "ordering": "newest"})  # the page reads it too
    assert ranked == 0 and page.context["page_obj"].paginator.count == 30
    assert [product.slug for product in page.context["page_obj"]][:2] == ["lampe-29", "lampe-28"]
    _body, slugs, ranked = _api(client, search="lampe", ordering="price")  # another search: ranked once
    assert ranked == 1 and len(slugs) == 24


def test_a_typo_is_corrected_once_then_decided_again_when_a_product_matches_it_as_typed(client, lamps):
    search_words_refresh()
    spelling = ("shop_searchword",)
    page, corrected = _get(client, "/shop/search/", {"q": "lampr"}, *spelling)
    assert corrected == 1 and page.context["terms"].text == "lampe"
    page, corrected = _get(Client(), "/shop/search/", {"q": "lampr"}, *spelling)
    assert corrected == 0 and page.context["terms"].text == "lampe"  # the decision was kept
    assert page.context["page_obj"].paginator.count == 30
    ProductFactory(name="Lampr design", slug="lampr-design")  # now found as typed
    page, _corrected = _get(client, "/shop/search/", {"q": "lampr"}, *spelling)
    assert not page.context["terms"].corrected
    assert [product.slug for product in page.context["page_obj"]] == ["lampr-design"]


def test_a_category_chosen_narrows_the_page_and_keeps_every_count(client, lamps):
    ProductFactory(name="Lampe de poche", slug="lampe-de-poche", category=CategoryFactory(slug="outils"))
    _get(client, "/shop/search/", {"q": "lampe"})
    page, ranked = _get(client, "/shop/search/", {"q": "lampe", "category": "outils"})
    assert ranked == 1  # the page's ids differ by category: its own entry
    assert [product.slug for product in page.context["page_obj"]] == ["lampe-de-poche"]
    again, ranked = _get(client, "/shop/search/", {"q": "lampe", "category": "outils"})
    assert ranked == 0 and [product.slug for product in again.context["page_obj"]] == ["lampe-de-poche"]
    assert again.context["page_obj"].paginator.count == 1
    counts = again.context["counts"].by_category  # every category's count, the one chosen or not
    assert {slug: counts[pk] for slug, pk in Category.objects.values_list("slug", "pk")} == {
        "luminaires": 30,
        "outils": 1,
    }


def test_a_page_past_the_cached_ranking_is_ranked_on_its_own(client, lamps, monkeypatch):
    monkeypatch.setattr("shop.filters.SEARCH_CACHE_IDS", 10)
    _body, slugs, ranked = _api(client, search="lampe", ordering="newest", page_size="7")
    assert ranked == 1 and slugs[0] == "lampe-29"
    _body, slugs, ranked = _api(client, search="lampe", ordering="newest", page_size="7", page="2")
    assert ranked == 1 and slugs == [f"lampe-{number:02d}" for number in range(22, 15, -1)]  # 14 ids > 10 kept
    _body, slugs, ranked = _api(client, search="lampe", ordering="newest", page_size="7", page="2")
    assert ranked == 1  # never cached


def test_a_cache_of_zero_seconds_ranks_every_request(client, lamps, settings):
    settings.SHOP_CATALOGUE_CACHE_SECONDS = 0
    for _ in range(2):
        body, slugs, ranked = _api(client, search="lampe", ordering="newest")
        assert ranked == 1 and body["count"] == 30 and slugs[0] == "lampe-29"


@pytest.mark.redis
def test_a_cache_outage_only_costs_the_ranking(client, lamps, redis_down):
    for _ in range(2):
        body, slugs, ranked = _api(client, search="lampe", ordering="newest")
        assert ranked == 1 and body["count"] == 30 and slugs[0] == "lampe-29"


def _hide(lamp: Product) -> None:
    lamp.is_active = False
    lamp.save()


def _rename(lamp: Product) -> None:
    Product.objects.filter(pk=lamp.pk).update(name="Bougie parfumée")  # no signal: the triggers see it


def _switch_category_off(lamp: Product) -> None:
    Category.objects.filter(pk=lamp.category_id).update(is_active=False)


def _sell_out(lamp: Product) -> None:
    ProductVariant.objects.filter(product=lamp).update(stock=0)


def _reprice(lamp: Product) -> None:
    ProductVariant.objects.filter(product=lamp).update(price=Decimal("250.00"))


def _delete(lamp: Product) -> None:
    lamp.delete()


@pytest.mark.parametrize(
    ("change", "params", "left"),
    [
        (_hide, {}, 29),
        (_rename, {}, 29),
        (_switch_category_off, {}, 0),
        (_sell_out, {"in_stock": "true"}, 29),
        (_reprice, {"max_price": "100"}, 29),
        (_delete, {}, 29),
    ],
)
def test_a_change_to_what_search_reads_is_searched_at_once(client, lamps, change, params, left):
    lamp = lamps[29]
    body, slugs, _ranked = _api(client, search="lampe", ordering="newest", **params)
    assert body["count"] == 30 and slugs[0] == lamp.slug
    change(lamp)
    body, slugs, ranked = _api(client, search="lampe", ordering="newest", **params)
    assert ranked == 1
    assert body["count"] == left and lamp.slug not in slugs


def test_a_tag_added_is_found_by_a_search_that_found_nothing(client, lamps):
    body, _slugs, _ranked = _api(client, search="lampe cadeau")
    assert body["count"] == 0
    lamps[3].tags.add("cadeau")
    body, slugs, ranked = _api(client, search="lampe cadeau")
    assert ranked == 1 and body["count"] == 1 and slugs == ["lampe-03"]


@pytest.mark.django_db(transaction=True)
def test_a_product_hidden_while_a_search_ran_is_left_out_of_the_cached_page(lamps):
    """The race migration shop.0012 names: the search reads the new generation but the old rows."""
    hidden = lamps[29]
    in_two_transactions(
        lambda: Product.objects.filter(pk=hidden.pk).update(is_active=False),
        lambda: _api(Client(), search="lampe", ordering="newest"),  # ranks while the change is not committed
    )
    _body, slugs, ranked = _api(Client(), search="lampe", ordering="newest")
    assert ranked == 0  # the entry cached meanwhile, under the generation the change took
    assert hidden.slug not in slugs and slugs[0] == "lampe-28"


def _chip_counts(response) -> dict[str, int]:
    """The catalogue's categories with the count shown beside each."""
    return {facet.category.slug: facet.count for facet in response.context["facets"]}


def test_every_category_page_reads_the_catalogues_counts_once(client, lamps):
    other = CategoryFactory(slug="outils")
    ProductFactory(name="Marteau", category=other)
    first, counted = _get(client, "/shop/", {}, COUNTS)
    assert counted == 1 and first.context["page_obj"].paginator.count == 31
    page, counted = _get(Client(), "/shop/c/luminaires/", {}, COUNTS)  # another page, another visitor
    assert counted == 0 and page.context["page_obj"].paginator.count == 30
    body, counted = _get(client, "/api/v1/products/", {"category": "outils"}, COUNTS, COUNT)
    assert counted == 0 and body.json()["count"] == 1  # the API's total comes from the same counts
    _page, counted = _get(client, "/shop/", {"max_price": "5"}, COUNTS)  # other filters: their own entry
    assert counted == 1


def test_a_listing_counts_a_change_at_once(client, lamps):
    ProductFactory(name="Marteau", category=CategoryFactory(slug="outils"))
    before, _counted = _get(client, "/shop/", {}, COUNTS)
    assert _chip_counts(before) == {"luminaires": 30, "outils": 1}
    _hide(lamps[0])
    ProductVariant.objects.filter(product=lamps[1]).update(stock=0)
    after, counted = _get(client, "/shop/", {}, COUNTS)
    assert counted == 1 and _chip_counts(after) == {"luminaires": 29, "outils": 1}
    in_stock, counted = _get(client, "/api/v1/products/", {"in_stock": "true"}, COUNTS, COUNT)
    assert counted == 1 and in_stock.json()["count"] == 29

"""Product search: French full-text and trigrams on PostgreSQL, a folded substring match elsewhere."""

import pytest
from django.conf import settings
from django.db import connection

from shop import selectors
from shop.models import Product
from shop.search import fold, product_search, product_suggest, search_terms, search_words_refresh, spelling_correct
from shop.tasks import search_words_refresh_task
from tests.shop.factories import ProductFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="French stemming, unaccent and trigram similarity exist only on PostgreSQL (set DATABASE_URL)",
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the substring fallback runs only where PostgreSQL search is unavailable"
)


def _names(query: str) -> list[str]:
    return [product.name for product in product_search(query=query).order_by("-relevance", "pk")]


def test_fold_lowercases_and_strips_accents():
    assert fold("Été À LA Crème") == "ete a la creme"


def test_search_ignores_queries_shorter_than_two_characters():
    ProductFactory(name="A")
    assert _names("a") == []
    assert _names("  ") == []


def test_search_is_accent_and_case_insensitive_both_ways():
    ProductFactory(name="Robe d'été fleurie")
    ProductFactory(name="Crème hydratante")
    assert _names("ETE") == ["Robe d'été fleurie"]
    assert _names("crème") == ["Crème hydratante"]
    assert _names("creme") == ["Crème hydratante"]


def test_search_finds_brand_tags_and_descriptions():
    by_brand = ProductFactory(name="Lampe", brand="Atelier Lumière")
    by_tag = ProductFactory(name="Pull", brand="")
    by_tag.tags.add("fabriqué en France")
    by_text = ProductFactory(name="Tasse", brand="", short_description="Céramique émaillée à la main.")
    assert _names("lumiere") == [by_brand.name]
    assert _names("fabrique") == [by_tag.name]
    assert _names("emaillee") == [by_text.name]


def test_search_ranks_a_name_match_above_a_description_match():
    ProductFactory(name="Carnet", description="Parfait pour noter vos idées de randonnée.")
    ProductFactory(name="Sac de randonnée")
    assert _names("randonnée") == ["Sac de randonnée", "Carnet"]


def test_search_keeps_the_given_queryset():
    ProductFactory(name="Lampe visible")
    ProductFactory(name="Lampe retirée", is_active=False)
    found = product_search(query="lampe", queryset=selectors.product_list_visible())
    assert [product.name for product in found] == ["Lampe visible"]


@postgres_only
def test_search_tolerates_typos_through_trigrams():
    ProductFactory(name="Chaussure de randonnée")
    ProductFactory(name="Casserole en fonte")
    assert _names("chausure") == ["Chaussure de randonnée"]
    assert _names("randonee") == ["Chaussure de randonnée"]


@postgres_only
def test_search_stems_french_words():
    ProductFactory(name="Chaussures de marche")
    assert _names("chaussure") == ["Chaussures de marche"]
    assert _names("marcher") == ["Chaussures de marche"]


@postgres_only
def test_search_vector_is_kept_by_the_triggers():
    product = ProductFactory(name="Théière", brand="Kerlann", short_description="En fonte.")
    product.refresh_from_db()
    assert "theier" in str(product.search_vector)
    product.tags.add("cadeau")  # taggit's table: its trigger touches the product
    assert _names("cadeau") == ["Théière"]
    product.tags.clear()
    assert _names("cadeau") == []
    product.name = "Bouilloire"
    product.save()
    assert _names("bouilloire") == ["Bouilloire"] and _names("theiere") == []


@postgres_only
def test_search_ignores_syntax_in_the_query():
    ProductFactory(name="Lampe")
    assert _names('lampe & | ! ( "') == ["Lampe"]
    assert _names("-lampe :* <->") in ([], ["Lampe"])  # no SQL error, whatever websearch makes of it


@sqlite_only
def test_fallback_needs_every_word_somewhere():
    ProductFactory(name="Sac à dos", brand="Éole")
    ProductFactory(name="Sac de couchage", brand="Kerlann")
    assert _names("sac eole") == ["Sac à dos"]
    assert _names("SAC") == ["Sac à dos", "Sac de couchage"]


def test_suggest_returns_name_slug_and_prefers_names_starting_with_the_query():
    ProductFactory(name="Grand chapeau")
    ProductFactory(name="Chapeau de paille", slug="chapeau-de-paille")
    ProductFactory(name="Chapeau caché", is_active=False)
    suggestions = product_suggest(query="chap")
    assert [product.name for product in suggestions] == ["Chapeau de paille", "Grand chapeau"]


def test_suggest_returns_at_most_eight():
    ProductFactory.create_batch(12, name="Tasse")
    assert len(product_suggest(query="tas")) == 8


@postgres_only
def test_suggest_tolerates_a_typo():
    ProductFactory(name="Chaussure de randonnée")
    suggestions = product_suggest(query="chausure")
    assert [product.name for product in suggestions] == ["Chaussure de randonnée"]


@postgres_only
def test_a_typo_is_corrected_from_the_catalogues_own_words():
    ProductFactory(name="Chaussure de randonnée")
    ProductFactory(name="Casserole en fonte", brand="Kerlann")
    search_words_refresh()
    assert spelling_correct("chausure") == "chaussure"
    assert spelling_correct("Chausure de randone") == "chaussure de randonnée"  # accents come from the names
    assert spelling_correct("kerlan") == "kerlann"  # brands too
    assert spelling_correct("zzqx 42") == "zzqx 42"  # nothing close: kept as typed
    terms = search_terms(query="chausure randone", queryset=Product.objects.all())
    assert terms.text == "chaussure randonnée" and terms.corrected
    assert _names("chausure randone") == ["Chaussure de randonnée"]


@postgres_only
def test_short_words_with_two_letters_swapped_are_corrected_one_edit_away():
    ProductFactory(name="Sac à dos")
    ProductFactory(name="Veste alpine")
    ProductFactory(name="Vase", brand="Sacha")
    search_words_refresh()
    assert spelling_correct("vetse") == "veste" and spelling_correct("VETSE") == "veste"
    assert spelling_correct("sca à dos") == "sac à dos"
    assert spelling_correct("vsea") == "vsea"  # two edits from "vase": kept as typed
    assert _names("vetse alpine") == ["Veste alpine"]


@postgres_only
def test_short_words_with_their_first_letter_mistyped_are_corrected_one_edit_away():
    ProductFactory(name="Veste alpine")
    ProductFactory(name="Gants chauds")
    search_words_refresh()
    assert spelling_correct("evste") == "veste"  # the first two letters swapped
    assert spelling_correct("beste") == "veste"  # the first letter changed
    assert spelling_correct("aveste") == "veste"  # a letter added in front
    assert spelling_correct("ants") == "gants"  # the first letter left out
    assert spelling_correct("agnts") == "gants"
    assert spelling_correct("ebste") == "ebste"  # two edits from "veste": kept as typed
    assert _names("evste alpine") == ["Veste alpine"]


@postgres_only
def test_a_word_found_as_typed_is_not_corrected():
    ProductFactory(name="Chaussures de marche")
    search_words_refresh()
    terms = search_terms(query="chaussure", queryset=Product.objects.all())
    assert terms.text == "chaussure" and not terms.corrected


@postgres_only
def test_words_of_inactive_products_are_not_suggested_as_corrections():
    ProductFactory(name="Parapluie", is_active=False)
    search_words_refresh()
    assert spelling_correct("parapuie") == "parapuie"


@postgres_only
def test_a_name_newer_than_the_words_is_still_found_by_similarity():
    search_words_refresh()
    ProductFactory(name="Trottinette électrique")  # added after the last refresh
    terms = search_terms(query="trotinette", queryset=Product.objects.all())
    assert terms.text == "" and not terms.corrected
    assert _names("trotinette") == ["Trottinette électrique"]


@postgres_only
def test_the_periodic_task_refreshes_the_words():
    ProductFactory(name="Bouilloire")
    assert spelling_correct("bouiloire") == "bouiloire"
    search_words_refresh_task.delay()
    assert spelling_correct("bouiloire") == "bouilloire"
    assert settings.CELERY_BEAT_SCHEDULE["shop-search-words"]["task"] == "shop.tasks.search_words_refresh_task"


@postgres_only
def test_the_search_page_says_what_it_searched_instead(client, english):
    ProductFactory(name="Chaussure de randonnée")
    search_words_refresh()
    response = client.get("/shop/search/", {"q": "chausure"})
    assert [product.name for product in response.context["page_obj"].object_list] == ["Chaussure de randonnée"]
    assert "No product matches “chausure”: showing the results for “chaussure”." in response.content.decode()
    assert "1 result for “chaussure”" in response.content.decode()


@postgres_only
def test_the_search_page_says_when_it_lists_similar_names(client, english):
    ProductFactory(name="Trottinette électrique")
    response = client.get("/shop/search/", {"q": "trotinette"})
    assert "here are products with a similar name" in response.content.decode()


@postgres_only
def test_the_api_lists_the_corrected_search(client):
    ProductFactory(name="Chaussure de randonnée", slug="chaussure-de-randonnee")
    search_words_refresh()
    body = client.get("/api/v1/products/", {"search": "chausure"}).json()
    assert [product["slug"] for product in body["results"]] == ["chaussure-de-randonnee"]


@postgres_only
def test_suggest_spells_a_mistyped_word_again_from_the_catalogues_words(django_assert_max_num_queries):
    ProductFactory(name="Parapluie pliant")
    ProductFactory(name="Grand parapluie")
    ProductFactory(name="Parasol")
    search_words_refresh()
    with django_assert_max_num_queries(6):  # starting, containing, spelling, starting, containing, products
        suggestions = product_suggest(query="parapuie")
    assert [product.name for product in suggestions] == ["Parapluie pliant", "Grand parapluie"]


@postgres_only
def test_stop_words_are_kept_as_typed_by_the_spelling_correction():
    ProductFactory(name="Chaussure de randonnée")
    ProductFactory(name="Écharpe pourpre")
    search_words_refresh()
    assert spelling_correct("chausure pour randone") == "chaussure pour randonnée"
    assert _names("chausure pour randone") == ["Chaussure de randonnée"]


def test_fold_spells_out_ligatures_as_unaccent_does():
    assert fold("Cœur ÆTHER Straße") == "coeur aether strasse"


def test_suggest_folds_ligatures_on_every_database():
    ProductFactory(name="Cœur de pirate")
    assert [product.name for product in product_suggest(query="coeur")] == ["Cœur de pirate"]

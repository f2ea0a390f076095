"""Product search: ``product_search`` for pages and API, ``product_suggest`` for the search box.

PostgreSQL: French full-text search on ``Product.search_vector`` (kept by the
triggers of migration 0003 with the ``french_unaccent`` configuration: name A,
brand and tags B, descriptions C), ranked by ``ts_rank``. When the full text
finds nothing (one cheap EXISTS), trigram word similarity on the unaccented
name (``Product.name_folded``, stored by the trigger) takes over, ranked by
similarity (``"chausure"`` finds ``"chaussure"``).
Both use a GIN index. Results carry a ``relevance`` annotation.

Other databases (SQLite in dev): every word of the query must appear in the
name, brand, descriptions or a tag, compared lower-cased and without accents
through the same SQL function name, ``webox_unaccent``, registered in Python.
"""

import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.dispatch import receiver

from .models import Product

SEARCH_CONFIG = "french_unaccent"
SEARCH_MIN_LENGTH = 2
QUERY_MAX_LENGTH = 100
SUGGEST_LIMIT = 8
_MAX_WORDS = 6


def fold(text: str) -> str:
    """Return ``text`` lower-cased and without accents (``"Été"`` → ``"ete"``)."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


class Folded(Func):
    """``webox_unaccent(expr)``: the expression lower-cased and without accents, in SQL."""

    function = "webox_unaccent"
    output_field = TextField()


@receiver(connection_created)
def _register_sqlite_fold(sender, connection, **kwargs) -> None:
    """Give SQLite connections the ``webox_unaccent`` function PostgreSQL gets from migration 0003."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("webox_unaccent", 1, _fold_or_none, deterministic=True)


def _fold_or_none(value):
    return None if value is None else fold(value)


def clean_query(query: str) -> str:
    """Return the query trimmed, single-spaced and cut to ``QUERY_MAX_LENGTH`` characters."""
    return " ".join(str(query or "").split())[:QUERY_MAX_LENGTH].strip()


def product_search(*, query: str, queryset: QuerySet[Product] | None = None) -> QuerySet[Product]:
    """Return the products of ``queryset`` matching ``query``, annotated with ``relevance``.

    Unordered: the caller sorts (by ``-relevance`` for the best match first). A
    query shorter than ``SEARCH_MIN_LENGTH`` matches nothing.
    """
    queryset = Product.objects.all() if queryset is None else queryset
    query = clean_query(query)
    if len(query) < SEARCH_MIN_LENGTH:
        return queryset.none().annotate(relevance=Value(0.0, output_field=FloatField()))
    if default_connection.vendor == "postgresql":
        return _search_postgres(queryset, query)
    return _search_fallback(queryset, query)


def _search_postgres(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    """Full-text matches ranked by ``ts_rank``; when there are none, names resembling the query (typos)."""
    text_query = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    matches = queryset.filter(search_vector=text_query)
    if matches.exists():
        return matches.annotate(relevance=SearchRank(F("search_vector"), text_query))
    folded_query = Folded(Value(query))
    return queryset.filter(name_folded__trigram_word_similar=folded_query).annotate(
        relevance=TrigramWordSimilarity(folded_query, F("name_folded"))
    )


def _search_fallback(queryset: QuerySet[Product], query: str) -> QuerySet[Product]:
    _ensure_sqlite_function()
    words = fold(query).split()[:_MAX_WORDS]
    queryset = queryset.annotate(
        folded_name=Folded("name"),
        brand_folded=Folded("brand"),
        short_folded=Folded("short_description"),
        description_folded=Folded("description"),
    )
    for word in words:
        tagged = Product.objects.annotate(tag_folded=Folded("tags__name")).filter(tag_folded__contains=word)
        queryset = queryset.filter(
            Q(folded_name__contains=word)
            | Q(brand_folded__contains=word)
            | Q(short_folded__contains=word)
            | Q(description_folded__contains=word)
            | Q(pk__in=tagged.values("pk"))
        )
    name_hits = [When(folded_name__contains=word, then=Value(1.0)) for word in words]
    return queryset.annotate(
        relevance=Case(When(folded_name__contains=fold(query), then=Value(2.0)), *name_hits, default=Value(0.5))
    )


def _ensure_sqlite_function() -> None:
    """Register ``webox_unaccent`` on a connection opened before this module was imported."""
    if default_connection.vendor == "sqlite":
        default_connection.ensure_connection()
        _register_sqlite_fold(sender=None, connection=default_connection)


def product_suggest(*, query: str, queryset: QuerySet[Product], limit: int = SUGGEST_LIMIT) -> list[Product]:
    """Return up to ``limit`` products whose name contains or resembles ``query``, the closest first."""
    query = clean_query(query)
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    _ensure_sqlite_function()
    folded_query = Folded(Value(query))
    if default_connection.vendor == "postgresql":
        # name_folded is stored by the search trigger and trigram-indexed.
        starts = Case(When(name_folded__startswith=folded_query, then=Value(1)), default=Value(0))
        matches = Q(name_folded__contains=folded_query) | Q(name_folded__trigram_word_similar=folded_query)
        closeness = TrigramWordSimilarity(folded_query, F("name_folded"))
        ordered = queryset.filter(matches).order_by(starts.desc(), closeness.desc(), "name", "pk")
    else:
        queryset = queryset.annotate(folded_name=Folded("name"))
        starts = Case(When(folded_name__startswith=folded_query, then=Value(1)), default=Value(0))
        ordered = queryset.filter(folded_name__contains=folded_query).order_by(starts.desc(), "name", "pk")
    return list(ordered.only("pk", "name", "slug")[:limit])

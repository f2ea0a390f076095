"""Product search: ``product_search`` for pages and API, ``product_suggest`` for the search box.

PostgreSQL: French full-text search on ``search_vector`` (configuration
``french_unaccent``: name A, brand and tags B, descriptions C), ranked by
``ts_rank``. Pages and the API search the narrow, trigger-kept copies of the
products (``SearchDocument``) rather than the wide product rows;
``product_search`` accepts either.

A query the full text does not find is spelt again from the catalogue's own
words (``shop_searchword``: the words of product names, brands and tags, a
materialised view refreshed by ``search_words_refresh``): each unknown word
becomes the closest known one by trigram similarity ("chausure" → "chaussure"),
and the corrected query is searched, and shown, instead. When even that finds
nothing (a word newer than the last refresh), names resembling the query
(trigram word similarity on the stored ``name_folded``) are listed. Every step
uses a GIN index. Results carry a ``relevance`` annotation.

Other databases (SQLite in dev): every word of the query must appear in the
name, brand, descriptions or a tag, compared lower-cased and without accents
through the same SQL function name, ``webox_unaccent``, registered in Python.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection as default_connection
from django.db.backends.signals import connection_created
from django.db.models import Case, F, FloatField, Func, Q, QuerySet, TextField, Value, When
from django.dispatch import receiver

from .models import Product
from .selectors import product_list_visible, search_document_list_visible

SEARCH_CONFIG = "french_unaccent"
SEARCH_MIN_LENGTH = 2
QUERY_MAX_LENGTH = 100
SUGGEST_LIMIT = 8
_MAX_WORDS = 6
# A typed word is replaced by a known word only when they share this much (pg_trgm similarity, 0 to 1).
SPELLING_MIN_SIMILARITY = 0.4
SPELLING_MIN_LENGTH = 3
_WORD = re.compile(r"\w+")


# Letters that have no decomposition but that PostgreSQL's unaccent spells out: folding agrees on both sides.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})


def fold(text: str) -> str:
    """Return ``text`` lower-cased and without accents (``"Été"`` → ``"ete"``, ``"Cœur"`` → ``"coeur"``)."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower().translate(_LIGATURES))
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


@dataclass(frozen=True)
class SearchTerms:
    """What a query searches: ``typed``, the cleaned query; ``text``, what the full text looks for (the
    query itself, or its spelling correction); when ``text`` is empty, names resembling ``typed``."""

    typed: str
    text: str

    @property
    def corrected(self) -> bool:
        """Say whether the full text looks for a correction of what was typed."""
        return bool(self.text) and self.text != self.typed


def search_terms(*, query: str, queryset: QuerySet) -> SearchTerms:
    """Decide what ``query`` searches in ``queryset``: itself, its spelling correction, or similar names.

    On PostgreSQL: one EXISTS when the query is found as typed; else one spelling query and one more EXISTS.
    """
    query = clean_query(query)
    if len(query) < SEARCH_MIN_LENGTH or default_connection.vendor != "postgresql":
        return SearchTerms(typed=query, text=query)
    if _full_text(queryset, query).exists():
        return SearchTerms(typed=query, text=query)
    corrected = spelling_correct(query)
    if corrected != query and _full_text(queryset, corrected).exists():
        return SearchTerms(typed=query, text=corrected)
    return SearchTerms(typed=query, text="")


def product_search(*, query: "str | SearchTerms", queryset: QuerySet | None = None) -> QuerySet:
    """Return the products (or search documents) of ``queryset`` matching ``query``, annotated with ``relevance``.

    ``query`` is what was typed, or the ``SearchTerms`` already decided for it. Unordered: the caller
    sorts (by ``-relevance`` for the best match first). A query shorter than ``SEARCH_MIN_LENGTH`` matches
    nothing.
    """
    queryset = Product.objects.all() if queryset is None else queryset
    terms = query if isinstance(query, SearchTerms) else search_terms(query=query, queryset=queryset)
    if len(terms.typed) < SEARCH_MIN_LENGTH:
        return queryset.none().annotate(relevance=Value(0.0, output_field=FloatField()))
    if default_connection.vendor != "postgresql":
        return _search_fallback(queryset, terms.typed)
    if terms.text:
        text_query = _text_query(terms.text)
        return _full_text(queryset, terms.text).annotate(relevance=SearchRank(F("search_vector"), text_query))
    folded_query = Folded(Value(terms.typed))
    return queryset.filter(name_folded__trigram_word_similar=folded_query).annotate(
        relevance=TrigramWordSimilarity(folded_query, F("name_folded"))
    )


def _text_query(text: str) -> SearchQuery:
    return SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")


def _full_text(queryset: QuerySet, text: str) -> QuerySet:
    return queryset.filter(search_vector=_text_query(text))


# For each typed word the text search keeps (a stop word such as "pour" is left out, and so left as typed):
# the closest known word by trigram similarity (the word itself when known), or NULL.
_SPELLING_SQL = """
SELECT typed.word, best.spelling, best.word = typed.folded
FROM (
    SELECT word, webox_unaccent(word) AS folded FROM unnest(%s::text[]) AS words(word)
    WHERE to_tsvector('french_unaccent', word) <> ''::tsvector
) AS typed
LEFT JOIN LATERAL (
    SELECT known.word, known.spelling FROM shop_searchword known
    WHERE known.word %% typed.folded AND similarity(known.word, typed.folded) >= %s
    ORDER BY known.word = typed.folded DESC, similarity(known.word, typed.folded) DESC, known.products DESC,
        known.word
    LIMIT 1
) AS best ON true
"""
# Short words lose most of their trigrams to one edit ("vetse", "evste", "beste"): the known words of about
# the same length that could be one edit away, for the exact comparison in Python. Either the edit is past
# the first letter (the first letters agree), or it touches the first letter: changed, added, left out, or
# swapped with the second.
_NEAR_WORDS_SQL = """
SELECT typed.word, known.word, known.spelling, known.products
FROM (SELECT word, webox_unaccent(word) AS folded FROM unnest(%s::text[]) AS words(word)) AS typed
JOIN shop_searchword known
    ON length(known.word) BETWEEN length(typed.folded) - 1 AND length(typed.folded) + 1
    AND (
        left(known.word, 1) = left(typed.folded, 1)
        OR substr(known.word, 2) = substr(typed.folded, 2)
        OR known.word = substr(typed.folded, 2)
        OR substr(known.word, 2) = typed.folded
        OR (left(known.word, 2) = reverse(left(typed.folded, 2)) AND substr(known.word, 3) = substr(typed.folded, 3))
    )
"""


def spelling_correct(query: str) -> str:
    """Return ``query`` with each word the catalogue does not know replaced by the closest one it knows.

    Closest means the most similar by trigrams, else (for short words, where one swap of two letters
    leaves few trigrams in common) one edit away: a letter added, removed, changed, or two neighbours
    swapped, the first letter included, the most used such word first. PostgreSQL only (one or two
    queries on ``shop_searchword``); elsewhere, or when nothing is close enough, the query comes back
    unchanged. Words shorter than ``SPELLING_MIN_LENGTH``, numbers and the stop words the text search
    ignores ("pour", "avec") are kept as typed.
    """
    words = [word for word in _WORD.findall(query) if len(word) >= SPELLING_MIN_LENGTH and not word.isdigit()]
    words = list(dict.fromkeys(words))[:_MAX_WORDS]
    if not words or default_connection.vendor != "postgresql":
        return query
    with default_connection.cursor() as cursor:
        cursor.execute(_SPELLING_SQL, [words, SPELLING_MIN_SIMILARITY])
        found = {word: (spelling, exact) for word, spelling, exact in cursor.fetchall()}
        unmatched = [word for word, (spelling, _exact) in found.items() if spelling is None]
        if unmatched:
            cursor.execute(_NEAR_WORDS_SQL, [unmatched])
            for word, spelling in _one_edit_away(cursor.fetchall()).items():
                found[word] = (spelling, False)
    corrected = query
    for word in words:
        spelling, exact = found.get(word, (None, None))
        if spelling and not exact:
            corrected = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _match, new=spelling: new, corrected)
    return corrected


def _one_edit_away(rows: list[tuple[str, str, str, int]]) -> dict[str, str]:
    """From ``(typed, known word, its spelling, products)`` rows, the most used known word one edit away."""
    best: dict[str, tuple[int, str]] = {}
    for typed, known, spelling, products in rows:
        if _edits_at_most_one(fold(typed), known) and products > best.get(typed, (0, ""))[0]:
            best[typed] = (products, spelling)
    return {typed: spelling for typed, (_products, spelling) in best.items()}


def _edits_at_most_one(typed: str, known: str) -> bool:
    """Say whether one insertion, deletion, substitution or swap of neighbours turns ``typed`` into ``known``."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return typed == known
    start = 0
    while start < min(len(typed), len(known)) and typed[start] == known[start]:
        start += 1
    rest_typed, rest_known = typed[start:], known[start:]
    if len(typed) == len(known):
        swapped = len(rest_typed) >= 2 and rest_typed[1] + rest_typed[0] + rest_typed[2:] == rest_known
        return swapped or rest_typed[1:] == rest_known[1:]
    return rest_typed[1:] == rest_known if len(typed) > len(known) else rest_typed == rest_known[1:]


def search_words_refresh() -> None:
    """Rebuild the catalogue's words used to correct spelling (PostgreSQL; readers are never blocked)."""
    if default_connection.vendor == "postgresql":
        with default_connection.cursor() as cursor:
            cursor.execute("REFRESH MATERIALIZED VIEW CONCURRENTLY shop_searchword")


def search_generation() -> int:
    """Return the current generation of the search documents (PostgreSQL only).

    Every statement that writes them takes a new one (migration ``shop.0012``), whatever wrote the
    products: a result kept under the generation read before it was computed is stale once this moves.
    """
    with default_connection.cursor() as cursor:
        # Before its first nextval a sequence reads last_value 1 with is_called false: that is generation 0.
        cursor.execute("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM shop_search_generation")
        return cursor.fetchone()[0]


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


def product_suggest(*, query: str, limit: int = SUGGEST_LIMIT) -> list[Product]:
    """Return up to ``limit`` visible products whose name contains or resembles ``query``.

    Names starting with the query first, then names containing it (each in name order); on PostgreSQL,
    when that is not enough, the same for the query's spelling correction, and as a last resort names
    resembling it (trigram similarity).
    """
    query = clean_query(query)
    if len(query) < SEARCH_MIN_LENGTH:
        return []
    _ensure_sqlite_function()
    folded_query = Folded(Value(query))
    if default_connection.vendor != "postgresql":
        queryset = product_list_visible().annotate(folded_name=Folded("name"))
        starts = Case(When(folded_name__startswith=folded_query, then=Value(1)), default=Value(0))
        ordered = queryset.filter(folded_name__contains=folded_query).order_by(starts.desc(), "name", "pk")
        return list(ordered.only("pk", "name", "slug")[:limit])
    ids = _suggest_ids(query, limit)
    if len(ids) < limit and (corrected := spelling_correct(query)) != query:
        ids += [pk for pk in _suggest_ids(corrected, limit) if pk not in ids][: limit - len(ids)]
    if not ids:  # a name newer than the catalogue's words, mistyped: trigram similarity, the closest first
        closeness = TrigramWordSimilarity(folded_query, F("name_folded"))
        similar = search_document_list_visible().filter(name_folded__trigram_word_similar=folded_query)
        ids = list(similar.order_by(closeness.desc(), "name_folded", "pk").values_list("pk", flat=True)[:limit])
    products = Product.objects.filter(pk__in=ids).only("pk", "name", "slug").in_bulk()
    return [products[pk] for pk in ids if pk in products]


def _suggest_ids(text: str, limit: int) -> list[int]:
    """Ids of visible products whose name starts with ``text``, then of those containing it, in name order.

    The first read walks a btree index in name order; the second, needed only when the first found fewer
    than ``limit``, uses the trigram index.
    """
    folded = Folded(Value(text))
    documents = search_document_list_visible().order_by("name_folded", "pk")
    ids = list(documents.filter(name_folded__startswith=folded).values_list("pk", flat=True)[:limit])
    if len(ids) < limit:
        containing = documents.filter(name_folded__contains=folded).exclude(name_folded__startswith=folded)
        ids += containing.values_list("pk", flat=True)[: limit - len(ids)]
    return ids

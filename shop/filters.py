"""Filters and sorting of product listings, shared by the pages and the API.

``filters_parse`` reads query parameters into ``ProductFilters`` and reports
invalid ones (the API answers 400 with them, pages drop them with a message);
``product_list_filtered`` returns the matching products in a stable order;
``product_count_by_category`` counts them per category and in all, in one grouped query.

Choices worth knowing:
- price (``min_price``, ``max_price`` and the price sorts) is the default
  variant's price, the one a product card shows;
- ``in_stock`` keeps products with at least one variant that can be bought now;
- on PostgreSQL both come from ``Product.listing_price`` / ``has_stock``, kept by
  triggers on the variants, so filters and counts read the product table alone;
  elsewhere (SQLite in development) they are computed from the variants;
- ``tags`` (comma-separated names or slugs) keeps products having all of them;
- ``category`` includes the products of its sub-categories;
- on PostgreSQL a search filters, sorts and counts the narrow search documents
  (``SearchDocument``) and loads only the products of the page shown
  (``SearchResults``); ``filters_with_search_terms`` decides once per request
  what the search looks for (the query, or its spelling correction), and
  ``search_page_with_counts`` caches a search's counts and ranked ids, and
  ``product_count_by_category`` a listing's counts, until the search documents
  change (``SHOP_CATALOGUE_CACHE_SECONDS``).
"""

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TypeVar

from django import forms
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag, TaggedItem

from .categories import CategoryTree
from .models import Category, Product, ProductVariant, SearchDocument
from .search import (
    QUERY_MAX_LENGTH,
    SEARCH_MIN_LENGTH,
    SearchTerms,
    product_search,
    search_generation,
    search_terms,
)
from .selectors import product_list_visible, search_document_list_visible, with_listing_data

PAGE_SIZE = 24
MAX_TAGS = 10
T = TypeVar("T")


class Ordering:
    RELEVANCE = "relevance"
    PRICE = "price"
    PRICE_DESC = "-price"
    NEWEST = "newest"
    RATING = "rating"
    BEST_SELLING = "best_selling"

    CHOICES = [
        (RELEVANCE, _("Relevance")),
        (PRICE, _("Price: low to high")),
        (PRICE_DESC, _("Price: high to low")),
        (NEWEST, _("Newest")),
        (RATING, _("Best rated")),
        (BEST_SELLING, _("Best selling")),
    ]


# Every ordering ends on the primary key, so pages never overlap or skip a product.
ORDER_BY = {
    "": ("-is_featured", "name", "pk"),
    Ordering.RELEVANCE: ("-relevance", "pk"),
    Ordering.PRICE: (F("price_now").asc(nulls_last=True), "pk"),
    Ordering.PRICE_DESC: (F("price_now").desc(nulls_last=True), "pk"),
    Ordering.NEWEST: ("-created_at", "-pk"),
    Ordering.RATING: ("-rating_avg", "pk"),
    Ordering.BEST_SELLING: ("-sales_count", "pk"),
}

_BOOLEANS = {"true": True, "1": True, "on": True, "yes": True, "false": False, "0": False, "no": False, "off": False}


class BooleanParameterField(forms.Field):
    """``true``/``false`` (also ``1``/``0``, ``on``/``off``); anything else is an error, empty is None."""

    default_error_messages = {"invalid": _("Use true or false.")}

    def to_python(self, value):
        if value in (None, ""):
            return None
        try:
            return _BOOLEANS[str(value).strip().lower()]
        except KeyError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class ProductFilterForm(forms.Form):
    """The query parameters of a product listing; ``tree`` resolves the category slug without a query."""

    search = forms.CharField(label=_("Search"), required=False, max_length=QUERY_MAX_LENGTH, strip=True)
    category = forms.SlugField(label=_("Category"), required=False, max_length=140)
    min_price = forms.DecimalField(
        label=_("Minimum price"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    max_price = forms.DecimalField(
        label=_("Maximum price"), required=False, min_value=0, max_digits=10, decimal_places=2
    )
    min_rating = forms.DecimalField(
        label=_("Minimum rating"), required=False, min_value=0, max_value=5, max_digits=3, decimal_places=2
    )
    in_stock = BooleanParameterField(label=_("In stock only"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", ""), *Product.Kind.choices])
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300)
    brand = forms.CharField(label=_("Brand"), required=False, max_length=80)
    ordering = forms.ChoiceField(label=_("Sort by"), required=False, choices=[("", ""), *Ordering.CHOICES])

    def __init__(self, *args, tree: CategoryTree, **kwargs):
        super().__init__(*args, **kwargs)
        self.tree = tree

    def clean_category(self) -> Category | None:
        slug = self.cleaned_data["category"]
        if not slug:
            return None
        category = self.tree.get(slug)
        if category is None:
            raise forms.ValidationError(_("Unknown category."), code="invalid")
        return category

    def clean_tags(self) -> tuple[str, ...]:
        names = [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(_("Give at most %(max)d tags."), code="invalid", params={"max": MAX_TAGS})
        return tuple(dict.fromkeys(names))

    def clean(self):
        data = super().clean()
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            self.add_error("max_price", _("The maximum price must not be below the minimum price."))
        if data.get("ordering") == Ordering.RELEVANCE and not data.get("search"):
            self.add_error("ordering", _("Sorting by relevance needs a search."))
        return data


@dataclass(frozen=True)
class ProductFilters:
    """Validated listing parameters; empty values filter nothing."""

    search: str = ""
    category: Category | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    min_rating: Decimal | None = None
    in_stock: bool | None = None
    kind: str = ""
    tags: tuple[str, ...] = ()
    brand: str = ""
    ordering: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict, compare=False)
    # What ``search`` looks for, once decided (``filters_with_search_terms``); None: decided on each use.
    terms: SearchTerms | None = field(default=None, compare=False)
    # The search generation read when ``terms`` was decided: the request's cache entries are all kept
    # under it (one read a request). None: read on each use.
    generation: int | None = field(default=None, compare=False)

    @property
    def refined(self) -> bool:
        """Say whether a filter or a sort beyond the search and the category is in use."""
        return bool(self.without_category().as_params())

    @property
    def narrowed(self) -> bool:
        """Say whether a filter beyond the search and the category is in use (sorting narrows nothing)."""
        return bool(replace(self, category=None, ordering="").as_params())

    def without_category(self) -> "ProductFilters":
        return replace(self, category=None)

    def as_params(self) -> dict[str, str]:
        """Return the filters as query parameters (without ``search`` or empty values)."""
        values = {
            "category": self.category.slug if self.category else "",
            "min_price": self.min_price,
            "max_price": self.max_price,
            "min_rating": self.min_rating,
            "in_stock": {True: "true", False: "false"}.get(self.in_stock, ""),
            "kind": self.kind,
            "tags": ",".join(self.tags),
            "brand": self.brand,
            "ordering": self.ordering,
        }
        return {key: str(value) for key, value in values.items() if value not in (None, "")}


def filters_parse(data, *, tree: CategoryTree) -> ProductFilters:
    """Read listing parameters from ``data`` (a QueryDict); invalid ones are left out and listed in ``errors``."""
    form = ProductFilterForm(data, tree=tree)
    form.is_valid()
    cleaned = {name: value for name, value in form.cleaned_data.items() if value not in (None, "", ())}
    errors = {name: [str(message) for message in messages] for name, messages in form.errors.items()}
    return ProductFilters(**cleaned, errors=errors)


def _search_base() -> QuerySet:
    """What a search reads: the visible products' search documents on PostgreSQL, else the products."""
    if connection.vendor == "postgresql":
        return search_document_list_visible()
    return product_list_visible()


def filters_with_search_terms(filters: ProductFilters, *, tree: CategoryTree) -> ProductFilters:
    """Return ``filters`` with what their search looks for decided, so that a page and its counts agree
    and decide it once.

    The decision (one to three queries: the query as typed, its spelling correction) is cached like
    the search's counts and ranking (``_cached_while_unchanged``): a product that starts or stops
    matching the query as typed changes the search copies, so the query is decided again. A word the
    next refresh of the catalogue's words (``search_words_refresh``) brings waits for the expiry.
    """
    if not filters.search or filters.terms is not None:
        return filters
    generation = search_generation() if _catalogue_cache_on() else None
    terms = _cached_while_unchanged(
        "search-terms",
        ("search_terms", [filters.search]),
        lambda: search_terms(query=filters.search, queryset=_search_base()),
        generation=generation,
    )
    return replace(filters, terms=terms, generation=generation)


def _filtered(filters: ProductFilters, *, tree: CategoryTree, categories_checked: bool = True) -> QuerySet:
    """Return the visible products (or, for a search on PostgreSQL, their search documents) matching
    ``filters``, unordered and without listing data.

    ``categories_checked=False`` leaves out the join that checks the category is active: the caller keeps
    only the rows of the tree's (active) categories itself.
    """
    if filters.search:
        queryset = product_search(query=filters.terms or filters.search, queryset=_search_base())
    elif categories_checked:
        queryset = product_list_visible()
    else:
        queryset = Product.objects.filter(is_active=True)
    if filters.category is not None:
        queryset = queryset.filter(category_id__in=tree.descendant_ids(filters.category))
    queryset = _with_listing_columns(queryset)
    if filters.min_price is not None:
        queryset = queryset.filter(price_now__gte=filters.min_price)
    if filters.max_price is not None:
        queryset = queryset.filter(price_now__lte=filters.max_price)
    if filters.min_rating is not None:
        queryset = queryset.filter(rating_avg__gte=filters.min_rating)
    if filters.in_stock is not None:
        queryset = queryset.filter(stock_now=filters.in_stock)
    if filters.kind:
        queryset = queryset.filter(kind=filters.kind)
    if filters.brand:
        queryset = queryset.filter(brand__iexact=filters.brand)
    for tag in filters.tags:
        queryset = queryset.filter(Exists(_tagged(tag)))
    return queryset


def _with_listing_columns(queryset: QuerySet) -> QuerySet:
    """Alias ``price_now`` and ``stock_now``: PostgreSQL's trigger-kept columns, else computed (SQLite, dev)."""
    if connection.vendor == "postgresql":
        return queryset.alias(price_now=F("listing_price"), stock_now=F("has_stock"))
    default_price = ProductVariant.objects.filter(product=OuterRef("pk"), is_default=True).values("price")[:1]
    available = ProductVariant.objects.filter(product=OuterRef("pk")).filter(Q(track_stock=False) | Q(stock__gt=0))
    return queryset.alias(price_now=Subquery(default_price), stock_now=Exists(available))


def _tagged(tag: str) -> QuerySet[TaggedItem]:
    # The content type comes from Django's in-process cache: a constant gives the planner good estimates.
    content_type = ContentType.objects.get_for_model(Product)
    tag_ids = Tag.objects.filter(Q(name__iexact=tag) | Q(slug=slugify(tag))).values("pk")
    return TaggedItem.objects.filter(content_type=content_type, object_id=OuterRef("pk"), tag_id__in=tag_ids)


class SearchResults(Sequence):
    """Products found through their search documents, in the documents' order.

    Counting and sorting read the narrow documents only; a slice (a page) reads the ids of its
    documents, then loads those products with what a card shows. Paginators take it as they take a
    queryset.
    """

    def __init__(self, documents: QuerySet[SearchDocument]):
        self.documents = documents

    def count(self) -> int:
        return self.documents.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            found = self[index : index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        return _products_in_order(list(self.documents.values_list("pk", flat=True)[index]))


def _products_in_order(ids: list[int], *, visible_only: bool = False) -> list[Product]:
    """Load the products ``ids`` with what a card shows, in that order (one gone meanwhile is left out).

    ``visible_only`` also leaves out the products hidden since ``ids`` were found.
    """
    products = product_list_visible() if visible_only else Product.objects.all()
    products = {product.pk: product for product in with_listing_data(products.filter(pk__in=ids))}
    return [products[pk] for pk in ids if pk in products]


def product_list_filtered(*, filters: ProductFilters, tree: CategoryTree) -> "QuerySet[Product] | SearchResults":
    """Return the visible products matching ``filters`` in their stable order, ready for cards."""
    ordering = filters.ordering or (Ordering.RELEVANCE if filters.search else "")
    queryset = _filtered(filters, tree=tree).order_by(*ORDER_BY[ordering])
    if queryset.model is SearchDocument:
        return SearchResults(queryset)
    return with_listing_data(queryset)


@dataclass(frozen=True)
class CategoryCounts:
    """Products matching some filters: ``by_category`` (each with its descendants, whatever category the
    filters chose) and ``total`` (in the chosen category, or in all), both from one grouped query."""

    by_category: dict[int, int]
    total: int


def _counts(own: dict[int, int], filters: ProductFilters, tree: CategoryTree) -> CategoryCounts:
    """Roll per-category counts up the tree; the total is the chosen category's (with descendants), or all."""
    own = {category_id: total for category_id, total in own.items() if category_id in tree.by_id}
    chosen = tree.descendant_ids(filters.category) if filters.category is not None else own.keys()
    return CategoryCounts(by_category=tree.rollup(own), total=sum(own.get(pk, 0) for pk in chosen))


def product_count_by_category(*, filters: ProductFilters, tree: CategoryTree) -> CategoryCounts:
    """Count the products matching ``filters`` per category, and in all, in one query.

    The listing's paginator takes ``total`` as its count, so a page runs no separate COUNT.
    """
    others = filters.without_category()
    # Counting a whole catalogue, reading the product index alone and dropping here the rows of inactive
    # categories (absent from the tree) is three times faster than joining the categories; once other
    # filters narrow the rows, the join lets PostgreSQL read the facets index one category at a time.
    rows = _filtered(others, tree=tree, categories_checked=others.narrowed)
    # COUNT(*), not COUNT(id): the facets index holds no id, so PostgreSQL can count from the index alone.
    counted = rows.order_by().values_list("category_id").annotate(total=Count("*"))
    # Without the chosen category: every category page of a catalogue shares one cached entry.
    own = _cached_while_unchanged("listing-counts", counted.query, lambda: dict(counted))
    return _counts(own, filters, tree)


def _catalogue_cache_on() -> bool:
    return settings.SHOP_CATALOGUE_CACHE_SECONDS > 0 and connection.vendor == "postgresql"


def _cached_while_unchanged(kind: str, query, compute: Callable[[], T], *, generation: int | None = None) -> T:
    """Return ``compute()``, kept in the cache under ``query``'s SQL until the search documents change.

    PostgreSQL only (elsewhere, and with ``SHOP_CATALOGUE_CACHE_SECONDS`` at 0, it computes every time).
    Whatever filters, sorts and counts read is copied to the search documents, and every statement that
    writes them takes a new ``search_generation``: an entry kept under the generation read before it was
    computed is not read once a product, variant, category or tag changed (except after the one race that
    migration ``shop.0012`` describes, until the entry expires). ``query`` is a Django query or the
    ``(sql, params)`` of a statement. ``generation``, when given, was read earlier in the request
    (an older generation only makes the entry expire sooner).
    """
    if not _catalogue_cache_on():
        return compute()
    try:
        sql, params = query if isinstance(query, tuple) else query.sql_with_params()
    except EmptyResultSet:  # nothing can match: nothing to keep
        return compute()
    digest = hashlib.sha256(json.dumps([sql, params], default=str).encode()).hexdigest()
    key = f"shop:{kind}:{search_generation() if generation is None else generation}:{digest}"
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, settings.SHOP_CATALOGUE_CACHE_SECONDS)
    return found


# ORDER_BY for the search documents, in SQL (search_page_with_counts sorts inside one statement): the
# column a sort reads, and the ORDER BY clause.
_DOCUMENT_ORDER_SQL = {
    Ordering.RELEVANCE: ("relevance", "relevance DESC, product_id ASC"),
    Ordering.PRICE: ("listing_price", "listing_price ASC NULLS LAST, product_id ASC"),
    Ordering.PRICE_DESC: ("listing_price", "listing_price DESC NULLS LAST, product_id ASC"),
    Ordering.NEWEST: ("created_at", "created_at DESC, product_id DESC"),
    Ordering.RATING: ("rating_avg", "rating_avg DESC, product_id ASC"),
    Ordering.BEST_SELLING: ("sales_count", "sales_count DESC, product_id ASC"),
}
_SEARCH_PAGE_SQL = """
WITH matches AS MATERIALIZED ({matches})
SELECT category_id, count(*), NULL::bigint[] FROM matches GROUP BY category_id
UNION ALL
SELECT NULL, NULL, ARRAY(
    SELECT product_id FROM matches WHERE %s::bigint[] IS NULL OR category_id = ANY(%s::bigint[])
    ORDER BY {order} LIMIT %s OFFSET %s
)
"""


# The ranked ids a cached search keeps: its first ten pages of 24 (most visitors stop at the first).
SEARCH_CACHE_IDS = 240

# A page number past this (no catalogue has that many pages; an offset that large would not even fit the
# statement's integer) is answered the usual way: the last page on the site, a 404 on the API.
SEARCH_PAGE_MAX = 100_000


def uses_search_documents(filters: ProductFilters) -> bool:
    """Say whether ``filters`` list products through their search documents (a search, on PostgreSQL)."""
    return len(filters.search) >= SEARCH_MIN_LENGTH and connection.vendor == "postgresql"


def search_page_statement(
    *, filters: ProductFilters, tree: CategoryTree, offset: int, limit: int = PAGE_SIZE
) -> tuple[str, list]:
    """Return the SQL and parameters of ``search_page_with_counts`` (shown by ``benchmarks/catalogue.py``)."""
    sort_column, order = _DOCUMENT_ORDER_SQL[filters.ordering or Ordering.RELEVANCE]
    # Only the columns used: every match is written once to the statement's temporary result.
    matches = _filtered(filters.without_category(), tree=tree).order_by()
    matches = matches.values("product_id", "category_id", sort_column)
    matches_sql, matches_params = matches.query.sql_with_params()
    category_ids = tree.descendant_ids(filters.category) if filters.category is not None else None
    sql = _SEARCH_PAGE_SQL.format(matches=matches_sql, order=order)
    return sql, [*matches_params, category_ids, category_ids, limit, offset]


def search_page_with_counts(
    *, filters: ProductFilters, tree: CategoryTree, offset: int, limit: int = PAGE_SIZE
) -> tuple[CategoryCounts, list[Product]]:
    """Count a search's matches per category and take one page of them, in one scan of the documents.

    For ``uses_search_documents(filters)`` only. A broad search ("bio": one product in seven) spends
    its time finding and ranking the matches; doing it once for the counts and the page, rather than
    once for each, took a fifth off its database time (measured). Returns what
    ``product_count_by_category`` and ``product_list_filtered(...)[offset:offset + limit]`` would.

    The counts and the first ``SEARCH_CACHE_IDS`` ranked ids are cached (``_cached_while_unchanged``):
    the next pages, and the same search by other visitors, rank nothing until a product, a category or
    a tag changes what search reads. Deeper pages run the statement.
    """
    cached = offset + limit <= SEARCH_CACHE_IDS
    try:
        statement = search_page_statement(
            filters=filters,
            tree=tree,
            offset=0 if cached else offset,
            limit=SEARCH_CACHE_IDS if cached else limit,
        )
    except EmptyResultSet:  # nothing can match (the ORM knows it without asking the database)
        return _counts({}, filters, tree), []
    if not cached:
        own, ids = _search_page_rows(statement)
        return _counts(own, filters, tree), _products_in_order(ids)
    own, ids = _cached_while_unchanged(
        "search-page", statement, lambda: _search_page_rows(statement), generation=filters.generation
    )
    # A product hidden since (a rare race: see migration shop.0012) is left out of the page it was ranked in.
    return _counts(own, filters, tree), _products_in_order(ids[offset : offset + limit], visible_only=True)


def _search_page_rows(statement: tuple[str, list]) -> tuple[dict[int, int], list[int]]:
    """Run ``search_page_statement``: the count of each category's own matches, and the page's ids."""
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        rows = cursor.fetchall()
    own = {category_id: total for category_id, total, _ids in rows if category_id is not None}
    ids = next((ids for category_id, _total, ids in rows if category_id is None and ids is not None), [])
    return own, ids


def search_page_numbered(
    *, filters: ProductFilters, tree: CategoryTree, number: int, size: int = PAGE_SIZE
) -> tuple[CategoryCounts, Page] | None:
    """Return a search's counts and its page ``number`` of ``size`` products, from one statement.

    None when ``number`` is below 1, past ``SEARCH_PAGE_MAX`` or past the last page: the caller's usual
    paginator answers those (the first or last page on the site, a 404 on the API).
    """
    if not 1 <= number <= SEARCH_PAGE_MAX:
        return None
    counts, products = search_page_with_counts(filters=filters, tree=tree, offset=(number - 1) * size, limit=size)
    paginator = Paginator(product_list_filtered(filters=filters, tree=tree), size)
    paginator.count = counts.total  # a cached property: the given value stands
    if number > paginator.num_pages:
        return None
    return counts, Page(products, number, paginator)

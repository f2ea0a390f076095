"""Listing pages of the catalogue: all products, a category, search results.

Each reads the same filter and sort parameters (``shop.filters``); an invalid
one is dropped with a message rather than refused.
"""

from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from shop import seo
from shop.categories import CategoryTree
from shop.filters import (
    PAGE_SIZE,
    CategoryCounts,
    Ordering,
    ProductFilterForm,
    ProductFilters,
    filters_parse,
    filters_with_search_terms,
    product_count_by_category,
    product_list_filtered,
    search_page_numbered,
    uses_search_documents,
)
from shop.models import Category, Product
from shop.search import SEARCH_MIN_LENGTH, clean_query


@dataclass(frozen=True)
class Facet:
    """A category offered as a filter, with the number of matching products and its link."""

    category: Category
    count: int
    url: str


def _paginate(request: HttpRequest, queryset: QuerySet, *, count: int) -> Page:
    """Return the page of ``queryset`` asked for by ``?page=`` (the last one when out of range).

    ``count`` is the number of products, already known from the category counts: no COUNT query.
    """
    paginator = Paginator(queryset, PAGE_SIZE)
    paginator.count = count  # a cached property: the given value stands
    return paginator.get_page(request.GET.get("page"))


def _search_paginate(request: HttpRequest, filters: ProductFilters, tree: CategoryTree) -> tuple[CategoryCounts, Page]:
    """Count a search per category and take the asked-for page in one statement (PostgreSQL).

    A page number that is not one, below 1 or past the end is answered as every listing answers it, with
    the first or the last page, through the usual queries.
    """
    try:
        number = int(request.GET.get("page", 1))
    except (TypeError, ValueError):
        number = 0
    found = search_page_numbered(filters=filters, tree=tree, number=number)
    if found is not None:
        return found
    counts = product_count_by_category(filters=filters, tree=tree)
    return counts, _paginate(request, product_list_filtered(filters=filters, tree=tree), count=counts.total)


def _filters_from_request(request: HttpRequest, tree: CategoryTree, **forced) -> ProductFilters:
    """Read the filters of the page; drop invalid ones with a message."""
    data = request.GET.copy()
    data["search"] = clean_query(data.get("q", ""))
    filters = replace(filters_parse(data, tree=tree), **forced)
    for name, errors in filters.errors.items():
        label = ProductFilterForm.base_fields[name].label
        messages.warning(request, _("Filter “%(name)s” ignored: %(error)s") % {"name": label, "error": errors[0]})
    return filters


def _query_string(filters: ProductFilters, **extra: str) -> str:
    params = {"q": filters.search} if filters.search else {}
    return urlencode(params | filters.as_params() | extra)


def _facet_url(category: Category, filters: ProductFilters, *, in_place: bool) -> str:
    """Link to the listing restricted to ``category``: this page with ``?category=``, or the category's page."""
    if in_place:
        return "?" + _query_string(filters, category=category.slug)
    kept = _query_string(replace(filters, category=None))
    return category.get_absolute_url() + (f"?{kept}" if kept else "")


def _facets(
    counts: CategoryCounts, categories: list[Category], filters: ProductFilters, *, in_place: bool
) -> list[Facet]:
    """Return ``categories`` with their count for ``filters``, empty ones left out."""
    return [
        Facet(category, counts.by_category[category.pk], _facet_url(category, filters, in_place=in_place))
        for category in categories
        if counts.by_category.get(category.pk)
    ]


def _listing_context(request: HttpRequest, tree: CategoryTree, filters: ProductFilters) -> dict:
    filters = filters_with_search_terms(filters, tree=tree)
    if uses_search_documents(filters):
        counts, page = _search_paginate(request, filters, tree)
    else:
        counts = product_count_by_category(filters=filters, tree=tree)
        page = _paginate(request, product_list_filtered(filters=filters, tree=tree), count=counts.total)
    return {
        "counts": counts,
        "filters": filters,
        "query": filters.search,
        "terms": filters.terms,
        "query_string": _query_string(filters),
        "page_obj": page,
        "orderings": [(value, label) for value, label in Ordering.CHOICES if filters.search or value != "relevance"],
        "kinds": Product.Kind.choices,
    }


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """List every visible product, filtered and sorted, with the categories and their counts."""
    tree = CategoryTree.load()
    filters = _filters_from_request(request, tree, search="")
    context = _listing_context(request, tree, filters)
    shown = tree.children(filters.category) if filters.category else tree.roots()
    context["facets"] = _facets(context["counts"], shown, filters, in_place=True)
    return render(request, "shop/catalogue.html", context)


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """List the products of a category and of its sub-categories, with the sub-categories' counts."""
    tree = CategoryTree.load()
    category = tree.get(slug)
    if category is None:
        raise Http404
    filters = _filters_from_request(request, tree, search="", category=category)
    context = _listing_context(request, tree, filters)
    children = tree.children(category)
    context |= {
        "category": category,
        "children": children,
        "facets": _facets(context["counts"], children, filters, in_place=False),
        "query_string": _query_string(replace(filters, category=None)),
        **_category_seo(category, list(context["page_obj"].object_list)),
    }
    return render(request, "shop/category.html", context)


def _category_seo(category: Category, products: list[Product]) -> dict:
    """Return the canonical URL, OpenGraph image and JSON-LD documents of a category page."""
    url = seo.absolute_url(category.get_absolute_url())
    image = seo.absolute_url(category.image.url) if category.image else ""
    trail = seo.category_breadcrumb(category, home=_("Home"), shop=_("Shop"))
    return {
        "canonical_url": url,
        "og_image": image,
        "category_json_ld": seo.json_ld(
            seo.category_schema(category=category, url=url, products=products, image=image)
        ),
        "breadcrumb_json_ld": seo.json_ld(seo.breadcrumb_schema(trail)),
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search products by name, brand, tag or description (``?q=``), with the same filters."""
    tree = CategoryTree.load()
    filters = _filters_from_request(request, tree)
    if len(filters.search) < SEARCH_MIN_LENGTH:
        return render(request, "shop/search.html", {"filters": filters, "query": filters.search, "page_obj": None})
    context = _listing_context(request, tree, filters)
    context["facets"] = _facets(context["counts"], tree.roots(), filters, in_place=True)
    return render(request, "shop/search.html", context)

"""Listing pages of the catalogue: all products, a category, search results."""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shop import selectors

PAGE_SIZE = 24
QUERY_MAX_LENGTH = 100


def _paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    """Return the page of ``queryset`` asked for by ``?page=`` (the last one when out of range)."""
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """List every visible product with the top-level categories as chips."""
    context = {
        "categories": selectors.category_list_roots(),
        "page_obj": _paginate(request, selectors.product_list_catalogue()),
    }
    return render(request, "shop/catalogue.html", context)


@require_GET
def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """List the products of a category and of its sub-categories."""
    category = selectors.category_get_active(slug=slug)
    if category is None:
        raise Http404
    context = {
        "category": category,
        "children": selectors.category_list_children(category=category),
        "page_obj": _paginate(request, selectors.product_list_catalogue(category=category)),
    }
    return render(request, "shop/category.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Search products by name, brand, tag or short description (``?q=``)."""
    query = request.GET.get("q", "").strip()[:QUERY_MAX_LENGTH]
    context = {"query": query, "query_string": urlencode({"q": query}), "page_obj": None}
    if len(query) >= selectors.SEARCH_MIN_LENGTH:
        context["page_obj"] = _paginate(request, selectors.product_search(query=query))
    return render(request, "shop/search.html", context)

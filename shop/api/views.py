"""Public catalogue endpoints: categories, products (filters, search, ordering), suggestions.

Filters and ordering are those of the pages (``shop.filters``); an invalid
parameter is a 400 ``{"code": "invalid", "fields": {...}}``.
"""

from django.core.paginator import Paginator
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shop import selectors
from shop.categories import CategoryTree
from shop.filters import (
    Ordering,
    ProductFilterForm,
    filters_parse,
    filters_with_search_terms,
    product_count_by_category,
    product_list_filtered,
    search_page_numbered,
    uses_search_documents,
)
from shop.models import Category, Product
from shop.search import product_suggest
from webox.common.api import Pagination

from .serializers import CategorySerializer, ProductDetailSerializer, ProductListSerializer, SuggestionsSerializer

_PARAMETER_TYPES = {"min_price": OpenApiTypes.DECIMAL, "max_price": OpenApiTypes.DECIMAL}
PRODUCT_LIST_PARAMETERS = [
    OpenApiParameter(
        name,
        _PARAMETER_TYPES.get(name, OpenApiTypes.STR),
        description=str(field.label),
        enum=[value for value, _label in Ordering.CHOICES] if name == "ordering" else None,
    )
    for name, field in ProductFilterForm.base_fields.items()
]


class CategoryListApi(ListAPIView):
    """List the active categories, flat, each with its ``parent`` id (null for a top-level one)."""

    permission_classes = [AllowAny]
    serializer_class = CategorySerializer

    def get_queryset(self):
        return Category.objects.filter(is_active=True).order_by("position", "name", "pk")


class CountedPagination(Pagination):
    """The API's pagination, with a total the view already knows (``known_count``) instead of a COUNT."""

    known_count: int | None = None

    def django_paginator_class(self, object_list, per_page) -> Paginator:  # called as DRF calls the class
        paginator = Paginator(object_list, per_page)
        if self.known_count is not None:
            paginator.count = self.known_count  # a cached property: the given value stands
        return paginator


class ProductListApi(ListAPIView):
    """List visible products: filters, full-text search (``search``), ``ordering``, 24 per page."""

    permission_classes = [AllowAny]
    serializer_class = ProductListSerializer
    pagination_class = CountedPagination
    filter_backends: list = []

    @extend_schema(parameters=PRODUCT_LIST_PARAMETERS)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def list(self, request: Request, *args, **kwargs) -> Response:
        self.tree = CategoryTree.load()
        filters = filters_parse(request.query_params, tree=self.tree)
        if filters.errors:
            raise ValidationError(filters.errors)
        self.filters = filters_with_search_terms(filters, tree=self.tree)
        products = self._search_page(request) if uses_search_documents(self.filters) else None
        if products is None:
            # The total of the pages' category counts (cached until the catalogue changes), not a COUNT.
            self.paginator.known_count = product_count_by_category(filters=self.filters, tree=self.tree).total
            return super().list(request, *args, **kwargs)
        return self.get_paginated_response(self.get_serializer(products, many=True).data)

    def get_queryset(self):
        return product_list_filtered(filters=self.filters, tree=self.tree)

    def _search_page(self, request: Request) -> "list[Product] | None":
        """Count a search and take the asked-for page in one statement (``search_page_numbered``).

        None for a page this cannot answer at once (``last``, not a number, past the end): the usual
        pagination then answers it, with DRF's 404 for an invalid page.
        """
        pagination = self.paginator
        try:
            number = int(request.query_params.get(pagination.page_query_param, 1))
        except ValueError:
            return None
        size = pagination.get_page_size(request)
        found = search_page_numbered(filters=self.filters, tree=self.tree, number=number, size=size)
        if found is None:
            return None
        _counts, page = found
        pagination.page, pagination.request = page, request
        return page.object_list


class ProductDetailApi(RetrieveAPIView):
    """Return a visible product with its variants (``id, sku, price, stock, options``), images and rating."""

    permission_classes = [AllowAny]
    serializer_class = ProductDetailSerializer

    def get_object(self):
        product = selectors.product_get_for_page(slug=self.kwargs["slug"])
        if product is None:
            raise Http404
        return product


class SearchSuggestApi(APIView):
    """Suggest up to 8 products as the visitor types (``?q=``, two characters at least)."""

    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="What was typed so far.")],
        responses=SuggestionsSerializer,
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")
        products = product_suggest(query=query)
        return Response(SuggestionsSerializer({"query": query.strip(), "results": products}).data)

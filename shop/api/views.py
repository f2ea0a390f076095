"""Public catalogue endpoints: categories, products (filters, search, ordering), suggestions.

Filters and ordering are those of the pages (``shop.filters``); an invalid
parameter is a 400 ``{"code": "invalid", "fields": {...}}``.
"""

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
from shop.filters import Ordering, ProductFilterForm, filters_parse, filters_with_search_terms, product_list_filtered
from shop.models import Category
from shop.search import product_suggest

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


class ProductListApi(ListAPIView):
    """List visible products: filters, full-text search (``search``), ``ordering``, 24 per page."""

    permission_classes = [AllowAny]
    serializer_class = ProductListSerializer
    filter_backends: list = []

    @extend_schema(parameters=PRODUCT_LIST_PARAMETERS)
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        tree = CategoryTree.load()
        filters = filters_parse(self.request.query_params, tree=tree)
        if filters.errors:
            raise ValidationError(filters.errors)
        return product_list_filtered(filters=filters_with_search_terms(filters, tree=tree), tree=tree)


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

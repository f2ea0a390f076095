"""The caller's wishlist: ``GET/POST /api/v1/wishlist/``, ``DELETE /api/v1/wishlist/{product_slug}/``.

Always the caller's own list (no user in the URL): another customer's entry is a 404.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shop import selectors
from shop.errors import ShopErrorCode
from shop.models import Product, WishlistItem
from shop.services import wishlist_add, wishlist_remove
from webox.common.errors import NotFound
from webox.common.ratelimits import TierThrottleMixin

from .serializers import ProductListSerializer


class WishlistItemSerializer(serializers.ModelSerializer):
    product = ProductListSerializer()

    class Meta:
        model = WishlistItem
        fields = ["product", "created_at"]


class WishlistAddSerializer(serializers.Serializer):
    product = serializers.SlugField(max_length=220, help_text="The product's slug.")

    def validate_product(self, slug: str) -> Product:
        product = selectors.product_get_visible(slug=slug)
        if product is None:
            raise serializers.ValidationError(_("No product has this address."))
        return product


class WishlistListCreateApi(TierThrottleMixin, ListAPIView):
    """List the caller's saved products, the latest first; save one (201, again: no duplicate)."""

    serializer_class = WishlistItemSerializer
    ratelimit_tier = "moderate"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return WishlistItem.objects.none()
        return selectors.wishlist_list(user=self.request.user)

    @extend_schema(request=WishlistAddSerializer, responses={201: WishlistItemSerializer})
    def post(self, request: Request) -> Response:
        serializer = WishlistAddSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        wishlist_add(user=request.user, product=serializer.validated_data["product"])
        item = selectors.wishlist_list(user=request.user).get(product=serializer.validated_data["product"])
        return Response(WishlistItemSerializer(item).data, status=status.HTTP_201_CREATED)


class WishlistItemDeleteApi(TierThrottleMixin, APIView):
    """Remove a product from the caller's wishlist: 204, or 404 when it is not in the list."""

    ratelimit_tier = "moderate"

    @extend_schema(responses={204: None})
    def delete(self, request: Request, product_slug: str) -> Response:
        product = Product.objects.filter(slug=product_slug).first()
        if product is None:
            raise NotFound(_("This product is not in your wishlist."), code=ShopErrorCode.NOT_IN_WISHLIST)
        wishlist_remove(user=request.user, product=product)
        return Response(status=status.HTTP_204_NO_CONTENT)

"""Reviews of a product: ``GET/POST /api/v1/products/{slug}/reviews/``.

Anyone reads the visible reviews (paginated); a signed-in customer with a
verified email who bought the product posts one: 403 ``not_a_buyer``,
409 ``already_reviewed``, 400 with field errors.
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.api.permissions import IsEmailVerified
from shop import selectors
from shop.models import Product, Review
from shop.services import review_create
from webox.common.ratelimits import TierThrottleMixin


class ReviewSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()

    class Meta:
        model = Review
        fields = ["id", "rating", "title", "body", "author", "is_verified_purchase", "created_at"]

    def get_author(self, review: Review) -> str:
        """Return the author's display name; never their email address."""
        return review.user.display_name or _("Customer")


class ReviewCreateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    title = serializers.CharField(max_length=Review._meta.get_field("title").max_length)
    body = serializers.CharField(max_length=Review._meta.get_field("body").max_length)


class ProductReviewListCreateApi(TierThrottleMixin, ListAPIView):
    """List a product's visible reviews, newest first; post the caller's review (moderate tier)."""

    serializer_class = ReviewSerializer
    ratelimit_tier = "moderate"

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), IsEmailVerified()]
        return [AllowAny()]

    def get_product(self) -> Product:
        return get_object_or_404(selectors.product_list_visible(), slug=self.kwargs["slug"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Review.objects.none()
        return selectors.review_list_visible(product=self.get_product())

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def post(self, request: Request, slug: str) -> Response:
        product = self.get_product()
        serializer = ReviewCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        review = review_create(product=product, user=request.user, **serializer.validated_data)
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

"""REST endpoints of shop under /api/v1/."""

from django.urls import path

from .reviews import ProductReviewListCreateApi
from .views import CategoryListApi, ProductDetailApi, ProductListApi, SearchSuggestApi
from .wishlist import WishlistItemDeleteApi, WishlistListCreateApi

app_name = "shop-api"
urlpatterns = [
    # Catalogue (public).
    path("categories/", CategoryListApi.as_view(), name="categories"),
    path("products/", ProductListApi.as_view(), name="products"),
    path("products/<slug:slug>/", ProductDetailApi.as_view(), name="product"),
    path("search/suggest/", SearchSuggestApi.as_view(), name="search-suggest"),
    # Reviews and wishlist.
    path("products/<slug:slug>/reviews/", ProductReviewListCreateApi.as_view(), name="product-reviews"),
    path("wishlist/", WishlistListCreateApi.as_view(), name="wishlist"),
    path("wishlist/<slug:product_slug>/", WishlistItemDeleteApi.as_view(), name="wishlist-item"),
]

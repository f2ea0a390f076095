"""REST endpoints of shop under /api/v1/."""

from django.urls import path

from .cart import CartApi, CartItemApi, CartItemCreateApi, CartPromoApi
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
    # Cart (anonymous visitors too).
    path("cart/", CartApi.as_view(), name="cart"),
    path("cart/items/", CartItemCreateApi.as_view(), name="cart-items"),
    path("cart/items/<int:line_id>/", CartItemApi.as_view(), name="cart-item"),
    path("cart/promo/", CartPromoApi.as_view(), name="cart-promo"),
]

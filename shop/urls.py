"""HTML pages of shop."""

from django.urls import path

from .views import cart, listing, product, reviews, wishlist

app_name = "shop"
urlpatterns = [
    path("", listing.catalogue, name="catalogue"),
    path("search/", listing.search, name="search"),
    path("c/<slug:slug>/", listing.category_detail, name="category"),
    path("p/<slug:slug>/", product.product_detail, name="product"),
    path("p/<slug:slug>/reviews/", reviews.review_create_view, name="review-create"),
    path("reviews/<int:review_id>/hide/", reviews.review_hide_view, name="review-hide"),
    path("wishlist/", wishlist.wishlist_view, name="wishlist"),
    path("wishlist/<slug:slug>/", wishlist.wishlist_toggle_view, name="wishlist-toggle"),
    path("cart/", cart.cart_view, name="cart"),
    path("cart/mini/", cart.cart_mini_view, name="cart-mini"),
    path("cart/add/", cart.cart_add_view, name="cart-add"),
    path("cart/lines/<int:line_id>/", cart.cart_line_update_view, name="cart-line-update"),
    path("cart/lines/<int:line_id>/remove/", cart.cart_line_remove_view, name="cart-line-remove"),
    path("cart/lines/<int:line_id>/wishlist/", cart.cart_line_wishlist_view, name="cart-line-wishlist"),
    path("cart/promo/", cart.cart_promo_view, name="cart-promo"),
    path("cart/promo/remove/", cart.cart_promo_remove_view, name="cart-promo-remove"),
]

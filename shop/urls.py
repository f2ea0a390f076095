"""HTML pages of shop."""

from django.urls import path

from .views import listing, product, reviews, wishlist

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
]

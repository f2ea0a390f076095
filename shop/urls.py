"""HTML pages of shop."""

from django.urls import path

from .views import listing, product

app_name = "shop"
urlpatterns = [
    path("", listing.catalogue, name="catalogue"),
    path("search/", listing.search, name="search"),
    path("c/<slug:slug>/", listing.category_detail, name="category"),
    path("p/<slug:slug>/", product.product_detail, name="product"),
]

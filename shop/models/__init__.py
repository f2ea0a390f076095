"""Catalogue data (categories, products, variants, images), reviews and wishlists."""

from .cart import Cart, CartLine, PromoCode, PromoRedemption
from .catalogue import LOW_STOCK_THRESHOLD, Category, Product, ProductImage, ProductVariant
from .reviews import ProductSlugRedirect, Review, WishlistItem
from .search import SearchDocument

__all__ = [
    "LOW_STOCK_THRESHOLD",
    "Cart",
    "CartLine",
    "Category",
    "Product",
    "ProductImage",
    "ProductSlugRedirect",
    "ProductVariant",
    "PromoCode",
    "PromoRedemption",
    "Review",
    "SearchDocument",
    "WishlistItem",
]

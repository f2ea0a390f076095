"""Writes on the catalogue, one module per concern; public names re-exported here."""

from .catalogue_csv import CatalogueImportError, catalogue_csv_import, catalogue_csv_rows
from .images import product_image_add, product_image_delete, product_image_save, product_image_validate
from .products import product_save, product_update, products_change_price, products_set_active
from .reviews import product_rating_refresh, review_create, review_delete, review_hide, review_unhide
from .wishlist import wishlist_add, wishlist_remove

__all__ = [
    "CatalogueImportError",
    "catalogue_csv_import",
    "catalogue_csv_rows",
    "product_image_add",
    "product_image_delete",
    "product_image_save",
    "product_image_validate",
    "product_rating_refresh",
    "product_save",
    "product_update",
    "products_change_price",
    "products_set_active",
    "review_create",
    "review_delete",
    "review_hide",
    "review_unhide",
    "wishlist_add",
    "wishlist_remove",
]

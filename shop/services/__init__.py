"""Writes on the catalogue, one module per concern; public names re-exported here."""

from .cart import (
    cart_add_line,
    cart_apply_promo,
    cart_clear,
    cart_get_or_create,
    cart_merge,
    cart_move_to_wishlist,
    cart_remove_line,
    cart_remove_promo,
    cart_set_quantity,
    carts_expire_anonymous,
)
from .catalogue_csv import CatalogueImportError, catalogue_csv_import, catalogue_csv_rows
from .digital import product_digital_publish
from .images import product_image_add, product_image_delete, product_image_save, product_image_validate
from .products import (
    product_save,
    product_update,
    product_variants_save,
    products_change_price,
    products_set_active,
)
from .reviews import product_rating_refresh, review_create, review_delete, review_hide, review_unhide
from .wishlist import wishlist_add, wishlist_remove

__all__ = [
    "CatalogueImportError",
    "cart_add_line",
    "cart_apply_promo",
    "cart_clear",
    "cart_get_or_create",
    "cart_merge",
    "cart_move_to_wishlist",
    "cart_remove_line",
    "cart_remove_promo",
    "cart_set_quantity",
    "carts_expire_anonymous",
    "catalogue_csv_import",
    "catalogue_csv_rows",
    "product_digital_publish",
    "product_image_add",
    "product_image_delete",
    "product_image_save",
    "product_image_validate",
    "product_rating_refresh",
    "product_save",
    "product_update",
    "product_variants_save",
    "products_change_price",
    "products_set_active",
    "review_create",
    "review_delete",
    "review_hide",
    "review_unhide",
    "wishlist_add",
    "wishlist_remove",
]

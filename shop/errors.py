"""Error codes of shop, raised with the classes of ``webox.common.errors``."""

from enum import StrEnum


class ShopErrorCode(StrEnum):
    """Why a catalogue operation was refused."""

    NOT_A_BUYER = "not_a_buyer"
    ALREADY_REVIEWED = "already_reviewed"
    INVALID_REVIEW = "invalid_review"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    NOT_IN_WISHLIST = "not_in_wishlist"
    # Cart
    INVALID_QUANTITY = "invalid_quantity"
    OUT_OF_STOCK = "out_of_stock"
    NOT_PURCHASABLE = "not_purchasable"
    CART_LINE_NOT_FOUND = "cart_line_not_found"
    # Promo codes: one code per reason, each with its own message
    PROMO_NOT_FOUND = "promo_not_found"
    PROMO_EXPIRED = "promo_expired"
    PROMO_NOT_YET_VALID = "promo_not_yet_valid"
    PROMO_LIMIT_REACHED = "promo_limit_reached"
    PROMO_ALREADY_USED = "promo_already_used"
    PROMO_MINIMUM_NOT_MET = "promo_minimum_not_met"
    PROMO_NOT_APPLICABLE = "promo_not_applicable"
    PROMO_FIRST_ORDER_ONLY = "promo_first_order_only"
    PROMO_SIGN_IN_REQUIRED = "promo_sign_in_required"

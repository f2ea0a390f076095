"""Error codes of shop, raised with the classes of ``webox.common.errors``."""

from enum import StrEnum


class ShopErrorCode(StrEnum):
    """Why a catalogue operation was refused."""

    NOT_A_BUYER = "not_a_buyer"
    ALREADY_REVIEWED = "already_reviewed"
    INVALID_REVIEW = "invalid_review"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    NOT_IN_WISHLIST = "not_in_wishlist"

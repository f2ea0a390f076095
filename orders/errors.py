"""Error codes of orders, raised with the classes of ``webox.common.errors``."""

from enum import StrEnum


class OrderErrorCode(StrEnum):
    """Why an order operation was refused."""

    EMPTY_CART = "empty_cart"
    OUT_OF_STOCK = "out_of_stock"
    PROMO_INVALID = "promo_invalid"
    INVALID_ADDRESS = "invalid_address"
    INVALID_EMAIL = "invalid_email"
    INVALID_SHIPPING_METHOD = "invalid_shipping_method"
    SIGN_IN_REQUIRED = "sign_in_required"
    PRODUCT_UNAVAILABLE = "product_unavailable"
    PRICE_CHANGED = "price_changed"
    INVALID_TRANSITION = "invalid_transition"
    NOT_CANCELLABLE = "not_cancellable"
    REFUND_TOO_LARGE = "refund_too_large"
    INVALID_AMOUNT = "invalid_amount"
    NO_INVOICE = "no_invoice"
    DOWNLOAD_EXPIRED = "download_expired"
    DOWNLOAD_LIMIT_REACHED = "download_limit_reached"
    DOWNLOAD_INVALID = "download_invalid"

"""Error codes of payments, raised with the classes of ``webox.common.errors``.

``ApplicationError`` subclasses carry what a customer or staff member may read;
``GatewayError`` and ``NotificationInvalid`` are operational (a gateway failed,
a notification was not authentic) and are turned into those, or into a 400 for
webhooks, by the services and views.
"""

from enum import StrEnum


class PaymentErrorCode(StrEnum):
    """Why a payment operation was refused."""

    GATEWAY_UNAVAILABLE = "gateway_unavailable"
    ORDER_NOT_FOUND = "order_not_found"
    ORDER_NOT_PAYABLE = "order_not_payable"
    NOTHING_TO_PAY = "nothing_to_pay"
    GATEWAY_ERROR = "gateway_error"
    PAYMENT_NOT_FOUND = "payment_not_found"
    PAYMENT_NOT_PENDING = "payment_not_pending"
    INVALID_AMOUNT = "invalid_amount"
    REFUND_TOO_LARGE = "refund_too_large"
    NOT_REFUNDABLE = "not_refundable"
    REFUND_FAILED = "refund_failed"
    REFUND_NOT_SUPPORTED = "refund_not_supported"


class GatewayError(Exception):
    """A gateway call failed (network, refusal, configuration); the message is for logs and staff."""

    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


class RefundNotSupported(GatewayError):
    """The gateway cannot refund through an API (PayPal Payments Standard): staff refund in its dashboard."""

    def __init__(self, message: str):
        super().__init__(message, retryable=False)


class NotificationInvalid(Exception):
    """A notification failed verification (signature, timestamp, format): answer 400 and change nothing."""

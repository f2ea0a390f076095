"""The configured payment gateways, by alias (``settings.PAYMENT_GATEWAYS``), loaded once by the shared registry."""

from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError
from webox.common.registry import Registry

from ..errors import PaymentErrorCode
from .base import (
    EventKind,
    GatewayEvent,
    LineItem,
    PaymentGateway,
    PaymentRedirect,
    PaymentRequest,
    RefundRequest,
    RefundResult,
    SignedNotifications,
)

registry = Registry("PAYMENT_GATEWAYS")


def gateway_get(alias: str) -> PaymentGateway:
    """Return the gateway configured under ``alias``; raise ``gateway_unavailable`` when there is none."""
    try:
        return registry.get(alias)
    except KeyError:
        raise ApplicationError(
            _("This payment method is not available."),
            code=PaymentErrorCode.GATEWAY_UNAVAILABLE,
            extra={"fields": {"gateway": [_("Choose one of the payment methods offered.")]}},
        ) from None


def gateways_enabled() -> list[PaymentGateway]:
    """Return the configured gateways, in the order of the setting (the order of the payment buttons)."""
    return list(registry.all().values())


def paypal_gateway():
    """Return the gateway handling PayPal IPNs (alias ``paypal``)."""
    return gateway_get("paypal")


__all__ = [
    "EventKind",
    "GatewayEvent",
    "LineItem",
    "PaymentGateway",
    "PaymentRedirect",
    "PaymentRequest",
    "RefundRequest",
    "RefundResult",
    "SignedNotifications",
    "gateway_get",
    "gateways_enabled",
    "paypal_gateway",
    "registry",
]

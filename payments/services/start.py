"""Starting a payment: a ``Payment`` row for the attempt, then the gateway's page for it.

The order row is locked while the attempt is chosen, so two clicks on "Pay"
give one attempt; the gateway is called outside any transaction with the
attempt's deterministic idempotency key, so a retried call gives the same
Checkout Session. An attempt still open on the same gateway is reused.
"""

import logging
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from orders.links import order_guest_token
from orders.models import Order
from webox.common.errors import Conflict, ProviderUnavailable

from ..errors import GatewayError, PaymentErrorCode
from ..gateways import LineItem, PaymentGateway, PaymentRequest, gateway_get
from ..models import Payment

logger = logging.getLogger("webox.payments")

# A Stripe Checkout Session lives 24 hours: an attempt younger than this is offered again.
REUSE_WITHIN = timedelta(hours=23)


def payment_start(*, order: Order, gateway: str, language: str = "") -> Payment:
    """Start (or resume) paying ``order`` through ``gateway``; return the payment with its ``redirect_url``.

    Raises ``gateway_unavailable`` (400), ``order_not_payable`` or
    ``nothing_to_pay`` (409), or ``gateway_error`` (503) when the gateway fails.
    """
    provider = gateway_get(gateway)
    payment = _attempt_open(order, provider.alias)
    if payment.redirect_url:
        return payment
    try:
        redirect = provider.payment_start(payment_request_build(payment=payment, language=language))
    except GatewayError as exc:
        logger.warning("%s refused to start payment %s: %s", provider.alias, payment.pk, exc)
        _attempt_fail(payment, str(exc))
        raise ProviderUnavailable(
            _("The payment service did not answer. Try again in a moment or choose another payment method."),
            code=PaymentErrorCode.GATEWAY_ERROR,
        ) from exc
    return _attempt_redirect_save(payment, redirect.redirect_url, redirect.external_reference)


def _payable_check(order: Order) -> None:
    if order.status != Order.Status.PENDING_PAYMENT:
        raise Conflict(
            _("Order %(number)s is not awaiting payment (it is “%(status)s”).")
            % {"number": order.number, "status": order.get_status_display()},
            code=PaymentErrorCode.ORDER_NOT_PAYABLE,
        )
    if order.total <= 0:
        raise Conflict(_("This order has nothing to pay."), code=PaymentErrorCode.NOTHING_TO_PAY)
    if order.payments.filter(status=Payment.Status.PENDING).exists():
        raise Conflict(
            _("A payment of this order is being confirmed by the bank: wait for it before paying again."),
            code=PaymentErrorCode.ORDER_NOT_PAYABLE,
        )


def _attempt_open(order: Order, alias: str) -> Payment:
    """Return the open attempt of ``order`` on ``alias``, or a new one (the order row locked meanwhile)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        _payable_check(order)
        recent = timezone.now() - REUSE_WITHIN
        attempts = order.payments.filter(gateway=alias, status=Payment.Status.CREATED, created_at__gte=recent)
        existing = attempts.filter(amount=order.total).order_by("-pk").first()
        if existing is not None:
            return existing
        number = order.payments.count() + 1
        stamp = int(order.created_at.timestamp())
        return Payment.objects.create(
            order=order,
            gateway=alias,
            amount=order.total,
            currency=order.currency,
            idempotency_key=f"webox-{order.number}-{stamp}-{alias}-{number}",
        )


def _attempt_fail(payment: Payment, reason: str) -> None:
    Payment.objects.filter(pk=payment.pk, status=Payment.Status.CREATED, redirect_url="").update(
        status=Payment.Status.FAILED, failure_reason=reason[:255], updated_at=timezone.now()
    )


def _attempt_redirect_save(payment: Payment, redirect_url: str, reference: str) -> Payment:
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.redirect_url:
            payment.redirect_url, payment.external_reference = redirect_url, reference or payment.external_reference
            payment.save(update_fields=["redirect_url", "external_reference", "updated_at"])
    return payment


def _site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _return_url(name: str, payment: Payment) -> str:
    """Return the absolute URL of a return page; a guest's carries the order's signed token (no account)."""
    url = _site_url(reverse(name, args=[payment.pk]))
    order = payment.order
    return url if order.user_id else f"{url}?{urlencode({'t': order_guest_token(order)})}"


def _line_items(order: Order) -> tuple[LineItem, ...]:
    """Return the order's lines as the gateway shows them: they always add up to the order's total."""
    items = []
    for line in order.lines.all():
        name = f"{line.product_name} ({line.variant_label})" if line.variant_label else line.product_name
        net = line.line_total - line.discount
        if (net * 100) % line.quantity == 0:
            items.append(LineItem(name, net / line.quantity, line.quantity))
        else:  # a discount share that does not split evenly between the units
            items.append(LineItem(f"{line.quantity} x {name}", net, 1))
    if order.shipping_total > 0:
        items.append(LineItem(str(_("Delivery")), order.shipping_total, 1))
    if sum((item.unit_amount * item.quantity for item in items), Decimal("0")) != order.total:
        return (LineItem(str(_("Order %(number)s") % {"number": order.number}), order.total, 1),)
    return tuple(items)


def payment_request_build(*, payment: Payment, language: str = "") -> PaymentRequest:
    """Return what a gateway needs to open its page for ``payment``, from the order's server-side lines."""
    order = payment.order
    language = language or order.language or settings.LANGUAGE_CODE
    with translation.override(language):
        return PaymentRequest(
            payment_id=payment.pk,
            order_number=order.number,
            amount=payment.amount,
            currency=payment.currency,
            lines=_line_items(order),
            email=order.email,
            language=language,
            idempotency_key=payment.idempotency_key,
            success_url=_return_url("payments:return", payment),
            cancel_url=_return_url("payments:cancel", payment),
            notify_url=_site_url(reverse("payments-paypal-ipn")),
        )


def gateway_for(payment: Payment) -> PaymentGateway:
    """Return the gateway of ``payment`` (``gateway_unavailable`` if it is no longer configured)."""
    return gateway_get(payment.gateway)

"""Helpers of the payment tests: orders made from rows, signed Stripe posts, IPNs, threads started together."""

import json
import time
from decimal import Decimal
from urllib.parse import urlencode

import stripe
from django.core import mail
from django.utils import timezone, translation

from orders.models import Order, OrderLine
from payments.gateways.paypal import custom_sign
from payments.models import Payment
from shop.models import Product
from tests.concurrency import needs_postgresql, run_concurrently  # noqa: F401 (re-exported for the tests here)

WEBHOOK_SECRET = "whsec_webox_test_current"
OLD_WEBHOOK_SECRET = "whsec_webox_test_previous"
RECEIVER = "shop@webox.test"
STRIPE_URL = "/payments/stripe/webhook/"
IPN_URL = "/payments/paypal/ipn/"
SANDBOX_URL = "/payments/sandbox/webhook/"

_numbers = iter(range(1, 10**6))


def order_make(
    *,
    user=None,
    unit_price: Decimal = Decimal("20.00"),
    quantity: int = 1,
    shipping: Decimal = Decimal("0.00"),
    kind: str = Product.Kind.DIGITAL,
    credits: int = 0,
    status: str = Order.Status.PENDING_PAYMENT,
) -> Order:
    """Create an order awaiting payment (``WBX-2026-0000NN``) with one line and totals that add up."""
    subtotal = unit_price * quantity
    order = Order.objects.create(
        number=f"WBX-2026-{next(_numbers):06d}",
        user=user,
        email=user.email if user is not None else "invite@example.com",
        status=status,
        shipping_method=Order.ShippingMethod.NONE if shipping == 0 else Order.ShippingMethod.STANDARD,
        subtotal=subtotal,
        shipping_total=shipping,
        total=subtotal + shipping,
        vat_total=((subtotal + shipping) / 6).quantize(Decimal("0.01")),
    )
    OrderLine.objects.create(
        order=order,
        product_name="Guide numérique" if not credits else "Pack de crédits IA",
        sku=f"SKU-{order.pk}",
        product_kind=Product.Kind.CREDIT_PACK if credits else kind,
        unit_price=unit_price,
        vat_rate=Decimal("20.00"),
        quantity=quantity,
        line_total=subtotal,
        credits=credits,
    )
    return order


def stripe_signature(body: str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None) -> str:
    """Sign ``body`` the way Stripe does: ``t=<timestamp>,v1=HMAC-SHA256(secret, "<timestamp>.<body>")``."""
    return stripe.WebhookSignature.generate_signature_header(body, secret, timestamp=timestamp)


def stripe_post(
    client, event: dict | str, *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None, signature=None
):
    """POST a Stripe event to the webhook, signed (``signature=""`` sends none)."""
    body = event if isinstance(event, str) else json.dumps(event)
    header = stripe_signature(body, secret=secret, timestamp=timestamp) if signature is None else signature
    extra = {"HTTP_STRIPE_SIGNATURE": header} if header else {}
    return client.post(STRIPE_URL, data=body, content_type="application/json", **extra)


def ipn_fields(payment: Payment, **overrides) -> dict:
    """Return a valid IPN for ``payment``: Completed, our receiver, its amount and currency, sandbox."""
    fields = {
        "txn_type": "web_accept",
        "txn_id": f"8TX{payment.pk:06d}ABCDEFG",
        "payment_status": "Completed",
        "receiver_email": RECEIVER,
        "business": RECEIVER,
        "mc_gross": str(payment.amount),
        "mc_currency": payment.currency,
        "invoice": payment.order.number,
        "custom": custom_sign(payment.pk),
        "payer_email": "acheteur@example.com",
        "payment_date": "12:34:56 Nov 26, 2026 PST",
        "test_ipn": "1",
        "charset": "utf-8",
        "notify_version": "3.9",
        "ipn_track_id": f"track{payment.pk}{time.time_ns()}",
    }
    return {**fields, **overrides}


def ipn_post(client, fields: dict):
    return client.post(IPN_URL, data=urlencode(fields), content_type="application/x-www-form-urlencoded")


def order_emails(order: Order, kind: str) -> list:
    """Return the emails of ``kind`` (paid, refunded...) sent to the customer of ``order``."""
    from orders.emails import _subject

    with translation.override(order.language):
        subject = " ".join(_subject(kind, order).split())
    return [message for message in mail.outbox if order.email in message.to and message.subject == subject]


def staff_emails() -> list:
    return [message for message in mail.outbox if "staff@webox.test" in message.to]


def now_ts() -> int:
    return int(timezone.now().timestamp())

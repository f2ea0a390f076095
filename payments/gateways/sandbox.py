"""The sandbox gateway: a local "Paiement de test" page, for development and demos, never for real money.

Approving or declining on that page builds a notification signed with a key
derived from ``SECRET_KEY`` (HMAC-SHA256 over ``"<timestamp>.<body>"``, in a
``t=...,v1=...`` header like Stripe's) and hands it to the same webhook
processing as the real gateways. A system check refuses this gateway when
``DEBUG`` is false unless ``ALLOW_OFFLINE_PROVIDERS`` is set.
"""

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..errors import NotificationInvalid
from .base import EventKind, GatewayEvent, PaymentRedirect, PaymentRequest, RefundRequest, RefundResult

KEY_SALT = "webox.payments.sandbox.notification"
APPROVED, DECLINED = "payment.approved", "payment.declined"


def signature_header(body: bytes, *, timestamp: int | None = None) -> str:
    """Return the ``t=...,v1=...`` header signing ``body`` with the key derived from ``SECRET_KEY``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    digest = salted_hmac(KEY_SALT, f"{timestamp}.".encode() + body, algorithm="sha256").hexdigest()
    return f"t={timestamp},v1={digest}"


def _header_parts(signature: str) -> tuple[int, list[str]]:
    try:
        pairs = [item.split("=", 1) for item in signature.split(",")]
        timestamp = int(next(value for key, value in pairs if key == "t"))
    except (ValueError, StopIteration):
        raise NotificationInvalid("Malformed signature header.") from None
    return timestamp, [value for key, value in pairs if key == "v1"]


class SandboxGateway:
    """Offline gateway: the payment page is WEBOX's own, the notification is signed locally."""

    offline = True

    def __init__(self, *, alias: str, label: str | None = None, tolerance: int = 300):
        self.alias = alias
        self.label = label or _("Test payment (sandbox)")
        self.tolerance = tolerance

    def payment_start(self, request: PaymentRequest) -> PaymentRedirect:
        reference = "sbx_" + hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:24]
        return PaymentRedirect(reverse("payments-sandbox", args=[request.payment_id]), external_reference=reference)

    def notification_make(self, *, payment, approved: bool) -> dict[str, Any]:
        """Return the payload the sandbox page sends for ``payment`` (a ``payments.Payment``)."""
        return {
            "id": f"sbx_evt_{uuid.uuid4().hex}",
            "type": APPROVED if approved else DECLINED,
            "created": int(time.time()),
            "data": {
                "payment_id": payment.pk,
                "order_number": payment.order.number,
                "reference": payment.external_reference,
                "amount": str(payment.amount),
                "currency": payment.currency,
            },
        }

    def notification_sign(self, payload: Mapping[str, Any]) -> tuple[bytes, str]:
        """Return the body and signature header of a notification carrying ``payload``."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        return body, signature_header(body)

    def notification_verify(self, *, body: bytes, signature: str) -> Mapping[str, Any]:
        if not signature:
            raise NotificationInvalid("No signature header.")
        timestamp, candidates = _header_parts(signature)
        expected = signature_header(body, timestamp=timestamp).split("v1=", 1)[1]
        if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
            raise NotificationInvalid("No signature matches the payload.")
        if timestamp < time.time() - self.tolerance:
            raise NotificationInvalid("Signature timestamp outside the tolerance.")
        try:
            return json.loads(body)
        except ValueError:
            raise NotificationInvalid("Body is not JSON.") from None

    def event_normalise(self, payload: Mapping[str, Any]) -> GatewayEvent:
        try:
            data = payload["data"]
            kind = {APPROVED: EventKind.SUCCEEDED, DECLINED: EventKind.FAILED}.get(payload["type"], EventKind.IGNORED)
            return GatewayEvent(
                external_id=str(payload["id"]),
                type=str(payload["type"]),
                kind=kind,
                payment_id=int(data["payment_id"]),
                order_number=str(data.get("order_number", "")),
                reference=str(data.get("reference", "")),
                capture_reference=f"{data.get('reference', '')}_capture",
                amount=Decimal(str(data["amount"])),
                currency=str(data["currency"]).upper(),
                reason="" if kind != EventKind.FAILED else "Declined on the sandbox page.",
                payload=payload,
            )
        except (KeyError, TypeError, ValueError, InvalidOperation):
            raise NotificationInvalid("Malformed sandbox notification.") from None

    def refund(self, request: RefundRequest) -> RefundResult:
        refund_id = "sbx_re_" + hashlib.sha256(request.idempotency_key.encode()).hexdigest()[:24]
        return RefundResult(external_id=refund_id, amount=request.amount, status="succeeded")

    def events_missed(self, *, since: datetime, references: Sequence[str]) -> list[GatewayEvent]:
        return []

"""PayPal Payments Standard through django-paypal: a form posted to PayPal, confirmed by IPN.

django-paypal stores each IPN and checks it by posting it back to PayPal
(``VERIFIED``/``INVALID``); ``payments.ipn`` runs that with this gateway's
postback address and timeout. This module adds what django-paypal leaves out:
the receiver must be ours, a sandbox IPN is refused in live mode, ``custom``
carries the payment id signed, and amounts are checked by the services.

Payments Standard has no refund API: staff refund from the PayPal account, and
the ``Refunded``/``Reversed`` IPN that follows is recorded here.
"""

import hashlib
from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import requests
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from paypal.standard.conf import POSTBACK_ENDPOINT, SANDBOX_POSTBACK_ENDPOINT

from ..errors import GatewayError, NotificationInvalid, RefundNotSupported
from .base import EventKind, GatewayEvent, PaymentRedirect, PaymentRequest, RefundRequest, RefundResult

CUSTOM_SALT = "webox.payments.paypal.custom"
STATUS_KINDS = {
    "Completed": EventKind.SUCCEEDED,
    "Pending": EventKind.PENDING,
    "Denied": EventKind.FAILED,
    "Failed": EventKind.FAILED,
    "Expired": EventKind.FAILED,
    "Voided": EventKind.FAILED,
    "Refunded": EventKind.REFUNDED,
    "Reversed": EventKind.REFUNDED,
}


def custom_sign(payment_id: int) -> str:
    """Return the ``custom`` field of a payment's form: its id, signed."""
    return signing.Signer(salt=CUSTOM_SALT).sign(str(payment_id))


def custom_payment_id(custom: str) -> int | None:
    """Return the payment id of a signed ``custom`` field, or None when the signature is wrong."""
    try:
        value = signing.Signer(salt=CUSTOM_SALT).unsign(custom or "")
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def _money(value: Any) -> Decimal:
    return abs(Decimal(str(value or "0")))


class PayPalGateway:
    """PayPal Payments Standard: WEBOX renders django-paypal's form; IPNs confirm."""

    offline = False

    def __init__(
        self,
        *,
        alias: str,
        receiver_email: str,
        test: bool = True,
        postback_url: str = "",
        timeout: float = 10,
        label: str | None = None,
    ):
        self.alias = alias
        self.label = label or _("PayPal")
        self.receiver_email = receiver_email.strip().lower()
        self.test = test
        self.postback_endpoint = postback_url or (SANDBOX_POSTBACK_ENDPOINT if test else POSTBACK_ENDPOINT)
        self.timeout = timeout

    def payment_start(self, request: PaymentRequest) -> PaymentRedirect:
        return PaymentRedirect(reverse("payments:paypal", args=[request.payment_id]), external_reference="")

    def form_initial(self, request: PaymentRequest) -> dict[str, Any]:
        """Return the fields of the Payments Standard form (``invoice`` = order number, ``custom`` signed)."""
        return {
            "business": self.receiver_email,
            "amount": str(request.amount),
            "currency_code": request.currency,
            "item_name": str(_("WEBOX order %(number)s") % {"number": request.order_number}),
            "invoice": request.order_number,
            "custom": custom_sign(request.payment_id),
            "notify_url": request.notify_url,
            "return": request.success_url,
            "cancel_return": request.cancel_url,
            "rm": "1",  # PayPal sends the buyer back with a GET, without the payment's details
            "no_shipping": "1",
            "lc": "FR" if request.language == "fr" else "US",
        }

    def postback(self, query: str) -> bytes:
        """Post the IPN back to PayPal and return its answer (``VERIFIED`` or ``INVALID``)."""
        try:
            response = requests.post(
                self.postback_endpoint,
                data=b"cmd=_notify-validate&" + query.encode("ascii"),
                headers={"Content-Type": "application/x-www-form-urlencoded", "User-Agent": "WEBOX-IPN"},
                timeout=self.timeout,
            )
            response.raise_for_status()
        except requests.RequestException as exc:
            raise GatewayError(f"PayPal postback failed: {exc}") from exc
        return response.content

    def event_normalise(self, payload: Mapping[str, Any]) -> GatewayEvent:
        txn_id, status = str(payload.get("txn_id", "")), str(payload.get("payment_status", ""))
        if not txn_id:
            digest = hashlib.sha256(repr(sorted(payload.items())).encode()).hexdigest()[:32]
            ipn_id = str(payload.get("ipn_track_id") or digest)
            return GatewayEvent(external_id=f"ipn:{ipn_id}", type="ipn", kind=EventKind.IGNORED, payload=payload)
        kind = STATUS_KINDS.get(status, EventKind.IGNORED)
        refund = kind == EventKind.REFUNDED
        rejection = self._rejection(payload, refund=refund)
        try:
            amount = _money(payload.get("mc_gross"))
        except InvalidOperation:
            raise NotificationInvalid("Malformed mc_gross.") from None
        return GatewayEvent(
            external_id=f"{txn_id}:{status}",
            type=f"ipn.{status.lower() or 'unknown'}",
            kind=EventKind.REJECTED if rejection else kind,
            payment_id=custom_payment_id(str(payload.get("custom", ""))),
            order_number=str(payload.get("invoice", "")),
            capture_reference=str(payload.get("parent_txn_id", "")) if refund else txn_id,
            transaction_id=txn_id,
            amount=amount,
            currency=str(payload.get("mc_currency", "")).upper(),
            reason=rejection or str(payload.get("pending_reason") or payload.get("reason_code") or ""),
            payload=payload,
        )

    def _rejection(self, payload: Mapping[str, Any], *, refund: bool) -> str:
        """Return why an authentic IPN must not count (empty when it may).

        A refund or reversal is found by its parent transaction, so it needs no signed ``custom``.
        """
        if str(payload.get("test_ipn", "")) == "1" and not self.test:
            return "Sandbox IPN (test_ipn=1) refused in live mode."
        receiver = str(payload.get("receiver_email") or payload.get("business") or "").strip().lower()
        if receiver != self.receiver_email:
            return f"Receiver {receiver!r} is not this shop's PayPal account."
        if not refund and custom_payment_id(str(payload.get("custom", ""))) is None:
            return "The custom field is not signed by WEBOX."
        return ""

    def refund(self, request: RefundRequest) -> RefundResult:
        raise RefundNotSupported(
            "PayPal Payments Standard has no refund API: refund from the PayPal account; its IPN records the refund."
        )

    def events_missed(self, *, since: datetime, references: Sequence[str]) -> list[GatewayEvent]:
        return []

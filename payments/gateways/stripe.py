"""Stripe through the official SDK: hosted Checkout Sessions, signed webhooks, refunds, event lists.

No card data ever reaches WEBOX: the customer pays on Stripe's page and the
webhook (``checkout.session.completed`` and friends) says what happened. The
client is ``StripeClient(api_key, base_addresses={"api": api_base})``, so tests
point it at a local emulator that speaks Stripe's wire format.
"""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import cached_property
from typing import Any

import stripe
from django.utils.translation import gettext_lazy as _

from webox.common.money import from_cents, to_cents

from ..errors import GatewayError, NotificationInvalid
from .base import EventKind, GatewayEvent, PaymentRedirect, PaymentRequest, RefundRequest, RefundResult

SESSION_EVENTS = {
    "checkout.session.async_payment_succeeded": EventKind.SUCCEEDED,
    "checkout.session.async_payment_failed": EventKind.FAILED,
    "checkout.session.expired": EventKind.FAILED,
}
HANDLED_TYPES = [
    "checkout.session.completed",
    *SESSION_EVENTS,
    "payment_intent.payment_failed",
    "charge.refunded",
]


def _secrets(value: str | Iterable[str]) -> list[str]:
    """Return the webhook secrets: several during a rotation, given as a list or a comma-separated string."""
    items = value.split(",") if isinstance(value, str) else list(value)
    return [item.strip() for item in items if item and item.strip()]


def session_params(request: PaymentRequest) -> dict[str, Any]:
    """Return the Checkout Session parameters of ``request``: line items in cents, references in metadata."""
    metadata = {"order_number": request.order_number, "payment_id": str(request.payment_id)}
    line_items = [
        {
            "quantity": line.quantity,
            "price_data": {
                "currency": request.currency.lower(),
                "unit_amount": to_cents(line.unit_amount),
                "product_data": {"name": line.name[:250]},
            },
        }
        for line in request.lines
    ]
    return {
        "mode": "payment",
        "line_items": line_items,
        "client_reference_id": request.order_number,
        "customer_email": request.email,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "locale": request.language if request.language in ("fr", "en") else "auto",
        "success_url": request.success_url,
        "cancel_url": request.cancel_url,
    }


def _metadata_payment_id(obj: Mapping[str, Any]) -> int | None:
    value = str((obj.get("metadata") or {}).get("payment_id", ""))
    return int(value) if value.isdigit() else None


def _session_event(event_id: str, event_type: str, session: Mapping[str, Any], payload) -> GatewayEvent:
    if event_type == "checkout.session.completed":
        kind = EventKind.SUCCEEDED if session.get("payment_status") == "paid" else EventKind.PENDING
    else:
        kind = SESSION_EVENTS[event_type]
    amount = session.get("amount_total")
    return GatewayEvent(
        external_id=event_id,
        type=event_type,
        kind=kind,
        payment_id=_metadata_payment_id(session),
        order_number=str(
            (session.get("metadata") or {}).get("order_number") or session.get("client_reference_id") or ""
        ),
        reference=str(session.get("id", "")),
        capture_reference=str(session.get("payment_intent") or ""),
        amount=from_cents(amount) if amount is not None else None,
        currency=str(session.get("currency", "")).upper(),
        reason="expired" if event_type == "checkout.session.expired" else "",
        payload=payload,
    )


def _intent_failed_event(event_id: str, intent: Mapping[str, Any], payload) -> GatewayEvent:
    error = intent.get("last_payment_error") or {}
    return GatewayEvent(
        external_id=event_id,
        type="payment_intent.payment_failed",
        kind=EventKind.FAILED,
        payment_id=_metadata_payment_id(intent),
        order_number=str((intent.get("metadata") or {}).get("order_number", "")),
        capture_reference=str(intent.get("id", "")),
        reason=str(error.get("message") or error.get("code") or "payment_failed")[:255],
        payload=payload,
    )


def _charge_refunded_event(event_id: str, charge: Mapping[str, Any], payload) -> GatewayEvent:
    return GatewayEvent(
        external_id=event_id,
        type="charge.refunded",
        kind=EventKind.REFUNDED,
        payment_id=_metadata_payment_id(charge),
        capture_reference=str(charge.get("payment_intent") or ""),
        transaction_id=str(charge.get("id", "")),
        refunded_total=from_cents(int(charge.get("amount_refunded", 0))),
        currency=str(charge.get("currency", "")).upper(),
        payload=payload,
    )


def event_from_payload(payload: Mapping[str, Any]) -> GatewayEvent:
    """Normalise a Stripe event (as JSON) into a ``GatewayEvent``."""
    try:
        event_id, event_type = str(payload["id"]), str(payload["type"])
        obj = payload["data"]["object"]
        if event_type == "checkout.session.completed" or event_type in SESSION_EVENTS:
            return _session_event(event_id, event_type, obj, payload)
        if event_type == "payment_intent.payment_failed":
            return _intent_failed_event(event_id, obj, payload)
        if event_type == "charge.refunded":
            return _charge_refunded_event(event_id, obj, payload)
    except (KeyError, TypeError, ValueError):
        raise NotificationInvalid("Malformed Stripe event.") from None
    return GatewayEvent(external_id=event_id, type=event_type, kind=EventKind.IGNORED, payload=payload)


class StripeGateway:
    """Stripe Checkout (hosted page) with webhooks; refunds and reconciliation through the API."""

    offline = False

    def __init__(
        self,
        *,
        alias: str,
        secret_key: str,
        webhook_secret: str | Sequence[str] = "",
        api_base: str = "",
        timeout: float = 20,
        max_network_retries: int = 2,
        tolerance: int = 300,
        label: str | None = None,
    ):
        self.alias = alias
        self.label = label or _("Credit card (Stripe)")
        self.secret_key = secret_key
        self.webhook_secrets = _secrets(webhook_secret)
        self.api_base = api_base or stripe.DEFAULT_API_BASE
        self.timeout = timeout
        self.max_network_retries = max_network_retries
        self.tolerance = tolerance

    @cached_property
    def client(self) -> stripe.StripeClient:
        return stripe.StripeClient(
            self.secret_key,
            base_addresses={"api": self.api_base},
            max_network_retries=self.max_network_retries,
            http_client=stripe.RequestsClient(timeout=self.timeout),
        )

    def payment_start(self, request: PaymentRequest) -> PaymentRedirect:
        try:
            session = self.client.v1.checkout.sessions.create(
                session_params(request), {"idempotency_key": request.idempotency_key}
            )
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused the Checkout Session: {exc.user_message or exc}") from exc
        return PaymentRedirect(redirect_url=session.url, external_reference=session.id)

    def notification_verify(self, *, body: bytes, signature: str) -> Mapping[str, Any]:
        """Check ``Stripe-Signature`` against each configured secret (several during a rotation)."""
        if not self.webhook_secrets:
            raise NotificationInvalid("No Stripe webhook secret is configured.")
        for secret in self.webhook_secrets:
            try:
                event = self.client.construct_event(body, signature, secret, tolerance=self.tolerance)
            except stripe.SignatureVerificationError as exc:
                error = exc
                continue
            except ValueError:
                raise NotificationInvalid("Body is not a Stripe event.") from None
            return event.to_dict()
        raise NotificationInvalid(str(error))

    def event_normalise(self, payload: Mapping[str, Any]) -> GatewayEvent:
        return event_from_payload(payload)

    def refund(self, request: RefundRequest) -> RefundResult:
        params = {
            "payment_intent": request.capture_reference,
            "amount": to_cents(request.amount),
            "metadata": {"order_number": request.order_number, "payment_id": str(request.payment_id)},
        }
        try:
            refund = self.client.v1.refunds.create(params, {"idempotency_key": request.idempotency_key})
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe refused the refund: {exc.user_message or exc}") from exc
        return RefundResult(external_id=refund.id, amount=from_cents(refund.amount), status=str(refund.status))

    def events_missed(self, *, since: datetime, references: Sequence[str]) -> list[GatewayEvent]:
        """Return the handled events created since ``since``, and the state of the given Checkout Sessions."""
        try:
            params = {"created": {"gte": int(since.timestamp())}, "types": HANDLED_TYPES, "limit": 100}
            page = self.client.v1.events.list(params)
            events = [event_from_payload(event.to_dict()) for event in page.auto_paging_iter()]
            seen = {event.reference for event in events}
            events += [self._session_state(reference) for reference in references if reference not in seen]
        except stripe.StripeError as exc:
            raise GatewayError(f"Stripe did not answer the reconciliation: {exc}") from exc
        return [event for event in events if event is not None and event.kind != EventKind.IGNORED]

    def _session_state(self, reference: str) -> GatewayEvent | None:
        """Return what a retrieved Checkout Session says, as an event named after its state; None while open."""
        session = self.client.v1.checkout.sessions.retrieve(reference).to_dict()
        if session.get("status") == "complete":
            event_type = "checkout.session.completed"
        elif session.get("status") == "expired":
            event_type = "checkout.session.expired"
        else:
            return None
        event_id = f"reconcile:{reference}:{session.get('status')}:{session.get('payment_status')}"
        payload = {"id": event_id, "object": "event", "type": event_type, "data": {"object": session}}
        return _session_event(event_id, event_type, session, payload)

"""The interface every payment gateway implements, with frozen dataclasses in and out.

SDK objects never leave an adapter: a gateway receives a ``PaymentRequest`` or
``RefundRequest`` and returns a ``PaymentRedirect``, ``RefundResult`` or
``GatewayEvent``. Gateways do no database writes; the services do.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class EventKind(StrEnum):
    """What a notification means for a payment, whatever the gateway."""

    SUCCEEDED = "succeeded"  # the money is captured
    PENDING = "pending"  # the customer finished; the money is not there yet (bank transfer, eCheck)
    FAILED = "failed"  # the attempt failed or expired; the customer may try again
    REFUNDED = "refunded"  # money went back (a refund, a reversal)
    REJECTED = "rejected"  # authentic but not for us (another receiver, sandbox IPN in live mode...)
    IGNORED = "ignored"  # a type WEBOX does not act on


@dataclass(frozen=True)
class LineItem:
    """A line shown on the gateway's page: unit amount VAT incl. (euros) times quantity."""

    name: str
    unit_amount: Decimal
    quantity: int


@dataclass(frozen=True)
class PaymentRequest:
    """Everything a gateway needs to open its payment page for one payment of one order."""

    payment_id: int
    order_number: str
    amount: Decimal
    currency: str
    lines: tuple[LineItem, ...]
    email: str
    language: str
    idempotency_key: str
    success_url: str
    cancel_url: str
    notify_url: str = ""


@dataclass(frozen=True)
class PaymentRedirect:
    """Where to send the customer, and the gateway's reference for this attempt (session id...)."""

    redirect_url: str
    external_reference: str = ""


@dataclass(frozen=True)
class GatewayEvent:
    """A verified notification, normalised.

    ``refunded_total`` is the cumulative amount refunded so far (Stripe's
    ``amount_refunded``) when the gateway reports it that way; ``amount`` is the
    amount of this movement otherwise.
    """

    external_id: str
    type: str
    kind: EventKind
    payment_id: int | None = None
    order_number: str = ""
    reference: str = ""
    capture_reference: str = ""
    transaction_id: str = ""
    amount: Decimal | None = None
    currency: str = ""
    refunded_total: Decimal | None = None
    reason: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class RefundRequest:
    """Give ``amount`` back on the capture ``capture_reference``; the key makes a retry harmless."""

    payment_id: int
    order_number: str
    capture_reference: str
    amount: Decimal
    currency: str
    idempotency_key: str
    reason: str = ""


@dataclass(frozen=True)
class RefundResult:
    """The gateway's refund: its id, the amount and its status (``succeeded``, ``pending``)."""

    external_id: str
    amount: Decimal
    status: str


@runtime_checkable
class PaymentGateway(Protocol):
    """A payment gateway configured by alias in ``settings.PAYMENT_GATEWAYS``."""

    alias: str
    label: str
    offline: bool

    def payment_start(self, request: PaymentRequest) -> PaymentRedirect:
        """Open the gateway's payment page for this payment; the same idempotency key gives the same page."""
        ...

    def event_normalise(self, payload: Mapping[str, Any]) -> GatewayEvent:
        """Turn a verified notification's payload into a ``GatewayEvent``; raise NotificationInvalid if malformed."""
        ...

    def refund(self, request: RefundRequest) -> RefundResult:
        """Refund through the gateway's API; raise GatewayError (or RefundNotSupported)."""
        ...

    def events_missed(self, *, since: datetime, references: Sequence[str]) -> list[GatewayEvent]:
        """Return recent events and the state of the given payment pages, to catch lost notifications."""
        ...


@runtime_checkable
class SignedNotifications(Protocol):
    """A gateway whose notifications carry a signature header checked with a shared secret."""

    def notification_verify(self, *, body: bytes, signature: str) -> Mapping[str, Any]:
        """Return the payload of an authentic, recent notification; raise NotificationInvalid otherwise."""
        ...

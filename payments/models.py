"""Payments of orders, their append-only ledger of money movements, and every gateway notification received.

Foreign keys point down (``Payment.order``); orders never know about payments.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from paypal.standard.ipn.models import PayPalIPN

from webox.common.models import TimeStampedModel

MONEY = {"max_digits": 12, "decimal_places": 2}


class Payment(TimeStampedModel):
    """One attempt to pay an order through one gateway (a Checkout Session, a PayPal form, a sandbox page)."""

    class Status(models.TextChoices):
        CREATED = "created", pgettext_lazy("payment status", "Started")
        PENDING = "pending", pgettext_lazy("payment status", "Awaiting confirmation")
        CAPTURED = "captured", pgettext_lazy("payment status", "Captured")
        FAILED = "failed", pgettext_lazy("payment status", "Failed")
        PARTIALLY_REFUNDED = "partially_refunded", pgettext_lazy("payment status", "Partially refunded")
        REFUNDED = "refunded", pgettext_lazy("payment status", "Refunded")

    order = models.ForeignKey(
        "orders.Order", verbose_name=_("order"), on_delete=models.PROTECT, related_name="payments"
    )
    gateway = models.CharField(_("gateway"), max_length=20, db_index=True)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.CREATED)
    idempotency_key = models.CharField(_("idempotency key"), max_length=120, unique=True, editable=False)
    external_reference = models.CharField(
        _("gateway reference"),
        max_length=255,
        blank=True,
        db_index=True,
        help_text=_("The gateway's id of this attempt (Stripe Checkout Session...)."),
    )
    capture_reference = models.CharField(
        _("capture reference"), max_length=255, blank=True, db_index=True, help_text=_("PaymentIntent or txn_id.")
    )
    redirect_url = models.URLField(_("payment page"), max_length=2000, blank=True)
    failure_reason = models.CharField(_("failure reason"), max_length=255, blank=True)
    settles_order = models.BooleanField(
        _("paid the order"),
        default=False,
        help_text=_("This payment marked its order paid; its refunds are the order's."),
    )
    needs_review = models.BooleanField(_("needs review"), default=False, db_index=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payments_payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.gateway} #{self.pk} ({self.order})"

    @property
    def is_final(self) -> bool:
        """True once the payment can no longer move on its own (captured, failed or refunded)."""
        return self.status not in (self.Status.CREATED, self.Status.PENDING)


class PaymentTransactionQuerySet(models.QuerySet):
    """Refuse bulk updates and deletes: the ledger only grows."""

    def update(self, **kwargs):
        raise ValidationError(_("Payment transactions are never changed."))

    def delete(self):
        raise ValidationError(_("Payment transactions are never deleted."))


class PaymentTransaction(models.Model):
    """A movement of money on a payment, as the gateway reported it. Append-only."""

    class Kind(models.TextChoices):
        AUTHORISE = "authorise", _("Authorisation")
        CAPTURE = "capture", _("Capture")
        REFUND = "refund", _("Refund")
        VOID = "void", _("Void")

    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), on_delete=models.PROTECT, related_name="transactions"
    )
    gateway = models.CharField(_("gateway"), max_length=20)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3)
    external_id = models.CharField(_("gateway id"), max_length=255)
    event = models.ForeignKey(
        "payments.WebhookEvent",
        verbose_name=_("notification"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transactions",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    objects = PaymentTransactionQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment transaction")
        verbose_name_plural = _("payment transactions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="payments_transaction_amount_not_negative"),
            # One gateway transaction (PaymentIntent, PayPal txn_id, refund id) is recorded once, whatever races.
            models.UniqueConstraint(fields=["gateway", "kind", "external_id"], name="payments_transaction_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} {self.currency} ({self.external_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(_("Payment transactions are never changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("Payment transactions are never deleted."))


class WebhookEvent(models.Model):
    """A notification from a gateway, stored once (unique per gateway and event id) and processed once."""

    class Outcome(models.TextChoices):
        RECEIVED = "received", _("Received, not processed yet")
        PROCESSED = "processed", _("Processed")
        UNCHANGED = "unchanged", _("Nothing to change")
        IGNORED = "ignored", _("Ignored")
        REJECTED = "rejected", _("Rejected")
        MISMATCH = "mismatch", _("Amount or currency mismatch")
        REFUND_DUE = "refund_due", _("Refunded: order cancelled or already paid")
        POSTPONED = "postponed", _("Postponed until the payment is captured")
        ERROR = "error", _("Error")

    gateway = models.CharField(_("gateway"), max_length=20)
    external_id = models.CharField(_("event id"), max_length=255)
    event_type = models.CharField(_("type"), max_length=100, blank=True)
    payload = models.JSONField(_("payload"))
    payment = models.ForeignKey(
        Payment, verbose_name=_("payment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, default=Outcome.RECEIVED)
    detail = models.TextField(_("detail"), blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["gateway", "external_id"], name="payments_webhook_event_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.gateway} {self.event_type} {self.external_id}"


class PayPalIPNRecord(PayPalIPN):
    """django-paypal's IPN row, verified against a configurable postback URL with a timeout.

    django-paypal posts back to the sandbox or live address chosen by the
    IPN's own ``test_ipn`` field, with no timeout. Here the address comes from
    the ``paypal`` gateway (its mode, or ``PAYPAL_POSTBACK_URL``), so a forged
    ``test_ipn=1`` is never verified against the sandbox in live mode.
    """

    class Meta:
        proxy = True
        verbose_name = _("PayPal IPN")
        verbose_name_plural = _("PayPal IPNs")

    def _postback(self) -> bytes:
        from .gateways import paypal_gateway

        return paypal_gateway().postback(self.query)

"""Orders: what a customer bought, frozen at the time of purchase, and the history of its status."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Round
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel

MONEY = {"max_digits": 12, "decimal_places": 2}


class Order(TimeStampedModel):
    """A placed order. Amounts are euros, VAT included; lines and addresses are snapshots."""

    class Status(models.TextChoices):
        PENDING_PAYMENT = "pending_payment", _("Awaiting payment")
        PAID = "paid", _("Paid")
        PROCESSING = "processing", _("Processing")
        SHIPPED = "shipped", _("Shipped")
        DELIVERED = "delivered", _("Delivered")
        CANCELLED = "cancelled", _("Cancelled")
        REFUNDED = "refunded", _("Refunded")
        PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")

    class ShippingMethod(models.TextChoices):
        NONE = "none", _("No shipping (digital goods)")
        STANDARD = "standard", _("Standard delivery")
        EXPRESS = "express", _("Express delivery")

    number = models.CharField(_("number"), max_length=32, unique=True, null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="orders",
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=8, default="fr")
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.PENDING_PAYMENT, db_index=True
    )
    shipping_address = models.JSONField(_("shipping address"), default=dict, blank=True)
    billing_address = models.JSONField(_("billing address"), default=dict, blank=True)
    shipping_method = models.CharField(
        _("shipping method"), max_length=16, choices=ShippingMethod.choices, default=ShippingMethod.NONE
    )
    subtotal = models.DecimalField(_("subtotal"), **MONEY)
    discount_total = models.DecimalField(_("discount"), default=Decimal("0"), **MONEY)
    shipping_total = models.DecimalField(_("shipping"), default=Decimal("0"), **MONEY)
    total = models.DecimalField(_("total (VAT incl.)"), **MONEY)
    vat_total = models.DecimalField(_("VAT"), default=Decimal("0"), **MONEY)
    refunded_total = models.DecimalField(_("refunded"), default=Decimal("0"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    promo_code = models.ForeignKey(
        "shop.PromoCode",
        verbose_name=_("promo code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    promo_code_text = models.CharField(_("promo code used"), max_length=40, blank=True)
    checkout_key = models.CharField(
        _("checkout key"),
        max_length=80,
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Idempotency key of the checkout request: a retried request finds this order."),
    )
    payment_method = models.CharField(_("payment method"), max_length=40, blank=True)
    carrier = models.CharField(_("carrier"), max_length=60, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=80, blank=True)
    emails_sent = models.JSONField(
        _("emails sent"), default=list, blank=True, editable=False, help_text=_("Kinds of order email already sent.")
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="orders_order_user_idx"),
            models.Index(fields=["status", "created_at"], name="orders_order_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(subtotal__gte=0)
                & Q(discount_total__gte=0)
                & Q(shipping_total__gte=0)
                & Q(total__gte=0)
                & Q(vat_total__gte=0)
                & Q(refunded_total__gte=0),
                name="orders_order_amounts_not_negative",
            ),
            models.CheckConstraint(
                # Rounded: SQLite compares decimals as floats (19.90 + 4.90 is not 24.80 there).
                condition=Q(total=Round(F("subtotal") - F("discount_total") + F("shipping_total"), 2)),
                name="orders_order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(refunded_total__lte=F("total")), name="orders_order_refund_within_total"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"order #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", kwargs={"number": self.number})

    @property
    def is_digital_only(self) -> bool:
        return self.shipping_method == self.ShippingMethod.NONE


class OrderLine(models.Model):
    """One line of an order, copied from the catalogue when the order was placed."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(
        "shop.ProductVariant",
        verbose_name=_("variant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product = models.ForeignKey(
        "shop.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    product_name = models.CharField(_("product"), max_length=200)
    variant_label = models.CharField(_("variant"), max_length=200, blank=True)
    sku = models.CharField(_("SKU"), max_length=64)
    product_kind = models.CharField(_("kind"), max_length=20)
    unit_price = models.DecimalField(_("unit price (VAT incl.)"), **MONEY)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    quantity = models.PositiveIntegerField(_("quantity"))
    line_total = models.DecimalField(_("line total (VAT incl.)"), **MONEY)
    discount = models.DecimalField(_("discount share"), default=Decimal("0"), **MONEY)
    credits = models.PositiveIntegerField(_("AI credits per unit"), default=0)
    stock_reserved = models.BooleanField(
        _("stock reserved"), default=False, help_text=_("True while units are taken from the variant's stock.")
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orders_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="orders_line_price_not_negative"),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(discount__lte=F("line_total")), name="orders_line_discount_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product_name}"


class OrderEvent(models.Model):
    """An entry of an order's history: a status change, or a note, with who and when. Never edited."""

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=24, blank=True)
    to_status = models.CharField(_("to"), max_length=24, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order}: {self.from_status} → {self.to_status}"


class CreditGrant(models.Model):
    """AI credits owed to a customer for a paid credit-pack line, recorded once per line.

    The AI studio turns each grant into a ledger entry and stamps ``claimed_at``;
    the unique line makes a second delivery of ``order_paid`` harmless.
    """

    line = models.OneToOneField(
        OrderLine, verbose_name=_("order line"), on_delete=models.PROTECT, related_name="credit_grant"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_grants",
    )
    credits = models.PositiveIntegerField(_("credits"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("claimed by the AI studio"), null=True, blank=True)

    class Meta:
        verbose_name = _("credit grant")
        verbose_name_plural = _("credit grants")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.credits} credits ({self.line.order})"

"""Carts (one per visitor: by user when signed in, by a token kept in the session otherwise) and promo codes."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from webox.common.models import MaintainedFieldsModel, TimeStampedModel

from .catalogue import Category, Product, ProductVariant


class PromoCode(MaintainedFieldsModel, TimeStampedModel):
    """A code a customer types at the cart for a discount, checked again when the order is placed."""

    # Counted by the promotion services in one UPDATE per redemption: never written back by save().
    maintained_fields = frozenset({"times_used"})

    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", _("Percentage")
        FIXED = "fixed", _("Fixed amount")
        FREE_SHIPPING = "free_shipping", _("Free shipping")

    code = models.CharField(
        _("code"), max_length=40, unique=True, help_text=_("Stored in capitals; typed in any case.")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERCENTAGE)
    value = models.DecimalField(
        _("value"),
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text=_("Percent for a percentage, euros for a fixed amount, ignored for free shipping."),
    )
    min_order_total = models.DecimalField(
        _("minimum order"), max_digits=10, decimal_places=2, default=0, help_text=_("Cart subtotal, VAT incl.")
    )
    valid_from = models.DateTimeField(_("valid from"), null=True, blank=True)
    valid_until = models.DateTimeField(_("valid until"), null=True, blank=True)
    usage_limit = models.PositiveIntegerField(_("usage limit"), null=True, blank=True, help_text=_("Empty: no limit."))
    per_customer_limit = models.PositiveIntegerField(
        _("uses per customer"), null=True, blank=True, default=1, help_text=_("Empty: no limit.")
    )
    times_used = models.PositiveIntegerField(_("times used"), default=0, editable=False)
    first_order_only = models.BooleanField(_("first order only"), default=False)
    categories = models.ManyToManyField(
        Category,
        verbose_name=_("categories"),
        blank=True,
        related_name="+",
        help_text=_("Empty with no products: the whole catalogue."),
    )
    products = models.ManyToManyField(Product, verbose_name=_("products"), blank=True, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)
    batch = models.CharField(
        _("batch"), max_length=60, blank=True, db_index=True, help_text=_("Set on generated codes.")
    )

    class Meta:
        verbose_name = _("promo code")
        verbose_name_plural = _("promo codes")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="shop_promo_code_upper_unique"),
            models.CheckConstraint(condition=Q(value__gte=0), name="shop_promo_value_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="percentage") | Q(value__lte=100),
                name="shop_promo_percentage_at_most_100",
                violation_error_message=_("A percentage is at most 100."),
            ),
            models.CheckConstraint(condition=Q(min_order_total__gte=0), name="shop_promo_min_order_not_negative"),
            models.CheckConstraint(
                condition=Q(usage_limit__isnull=True) | Q(times_used__lte=F("usage_limit")),
                name="shop_promo_used_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="shop_promo_valid_window",
                violation_error_message=_("The end of validity must come after its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.code = (self.code or "").strip().upper()
        super().save(*args, **kwargs)


class PromoRedemption(models.Model):
    """One use of a promo code by one order, recorded in the transaction that places the order.

    Orders sit above shop, so the order is named by its number; the customer by
    user (when signed in) and by email (always), for per-customer limits.
    """

    promo_code = models.ForeignKey(
        PromoCode, verbose_name=_("promo code"), on_delete=models.PROTECT, related_name="redemptions"
    )
    order_number = models.CharField(_("order"), max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("email"))
    amount = models.DecimalField(_("discount"), max_digits=10, decimal_places=2)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("promo code use")
        verbose_name_plural = _("promo code uses")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["promo_code", "email"], name="shop_redemption_email_idx")]

    def __str__(self) -> str:
        return f"{self.promo_code} → {self.order_number}"


class Cart(TimeStampedModel):
    """A visitor's cart: a signed-in customer's (``user``) or an anonymous visitor's (``token`` in the session)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="cart",
    )
    token = models.CharField(_("session token"), max_length=64, null=True, blank=True, unique=True)
    promo_code = models.ForeignKey(
        PromoCode, verbose_name=_("promo code"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(token__isnull=False), name="shop_cart_has_owner"
            ),
        ]
        indexes = [models.Index(fields=["user", "updated_at"], name="shop_cart_user_updated_idx")]

    def __str__(self) -> str:
        return f"cart #{self.pk}"


class CartLine(models.Model):
    """A variant and its quantity in a cart. The price is never stored: it is read from the variant."""

    cart = models.ForeignKey(Cart, verbose_name=_("cart"), on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(ProductVariant, verbose_name=_("variant"), on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"))
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="shop_cartline_one_per_variant"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="shop_cartline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant}"

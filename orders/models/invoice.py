"""Invoices and credit notes: numbered without gaps per year, frozen once issued."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .order import MONEY, Order


class DocumentSequence(models.Model):
    """The last number given to a kind of document in a year; its row is locked to allocate the next."""

    kind = models.CharField(_("kind"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("numbering sequence")
        verbose_name_plural = _("numbering sequences")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="orders_sequence_kind_year")]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last_number}"


class Invoice(models.Model):
    """An invoice (one per paid order) or a credit note (one per refund). ``data`` is the frozen content."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    order = models.ForeignKey(Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INVOICE)
    number = models.CharField(_("number"), max_length=32, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    issued_at = models.DateTimeField(_("issued"))
    total = models.DecimalField(_("total (VAT incl.)"), **MONEY)
    data = models.JSONField(_("content"), help_text=_("Seller, customer, lines, VAT and totals as issued."))

    class Meta:
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="orders_invoice_sequence_unique"),
            models.UniqueConstraint(fields=["order"], condition=Q(kind="invoice"), name="orders_invoice_one_per_order"),
        ]

    def __str__(self) -> str:
        return self.number


class DownloadGrant(models.Model):
    """The right to download a paid digital product: a few downloads within a few days."""

    line = models.OneToOneField(
        "orders.OrderLine", verbose_name=_("order line"), on_delete=models.CASCADE, related_name="download"
    )
    expires_at = models.DateTimeField(_("expires"))
    max_downloads = models.PositiveSmallIntegerField(_("downloads allowed"), default=5)
    download_count = models.PositiveSmallIntegerField(_("downloads used"), default=0)
    last_downloaded_at = models.DateTimeField(_("last download"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        constraints = [
            models.CheckConstraint(
                condition=Q(download_count__lte=models.F("max_downloads")), name="orders_download_within_limit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} ({self.download_count}/{self.max_downloads})"

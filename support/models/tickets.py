"""Support tickets: a customer's request, the conversation about it and its files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel
from webox.common.storage import private_storage


class Ticket(TimeStampedModel):
    """A customer's request, followed by staff until it is resolved and closed."""

    class Category(models.TextChoices):
        ORDER = "order", _("Order")
        PAYMENT = "payment", _("Payment")
        AI_STUDIO = "ai_studio", _("AI studio")
        ACCOUNT = "account", _("Account")
        OTHER = "other", _("Other")

    class Priority(models.TextChoices):
        LOW = "low", _("Low")
        NORMAL = "normal", _("Normal")
        HIGH = "high", _("High")
        URGENT = "urgent", _("Urgent")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        PENDING = "pending", _("Waiting for customer")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")

    number = models.CharField(_("number"), max_length=32, unique=True, null=True, blank=True, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="tickets"
    )
    subject = models.CharField(_("subject"), max_length=200)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OTHER)
    order = models.ForeignKey(
        "orders.Order",
        verbose_name=_("order"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        limit_choices_to={"is_staff": True},
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="fr")
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    first_response_escalated_at = models.DateTimeField(_("first response escalated"), null=True, blank=True)
    resolution_escalated_at = models.DateTimeField(_("resolution escalated"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("satisfaction"), null=True, blank=True)
    rating_comment = models.TextField(_("satisfaction comment"), blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "resolution_due_at"], name="support_ticket_sla_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="support_ticket_rating_1_5"
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"ticket #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("support:ticket-detail", kwargs={"number": self.number})

    def overdue_first_response(self, now=None) -> bool:
        """Say whether the first answer is late (still no staff reply after its due date)."""
        now = now or timezone.now()
        due = self.first_response_due_at
        return self.status == self.Status.OPEN and self.first_response_at is None and due is not None and due < now

    def overdue_resolution(self, now=None) -> bool:
        """Say whether the resolution is late (still open after its due date)."""
        now = now or timezone.now()
        due = self.resolution_due_at
        return self.status == self.Status.OPEN and due is not None and due < now

    def is_overdue(self, now=None) -> bool:
        return self.overdue_first_response(now) or self.overdue_resolution(now)


class TicketMessage(TimeStampedModel):
    """One message of a ticket's conversation; internal notes are shown to staff only."""

    ticket = models.ForeignKey(Ticket, verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ticket_messages",
    )
    from_staff = models.BooleanField(_("from staff"), default=False)
    body = models.TextField(_("message"), help_text=_("Markdown."))
    is_internal = models.BooleanField(_("internal note"), default=False)

    class Meta:
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_internal=False) | Q(from_staff=True), name="support_internal_notes_by_staff"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket}: {self.body[:40]}"


class TicketAttachment(models.Model):
    """An image or PDF joined to a message, kept in private storage and served after a permission check."""

    message = models.ForeignKey(
        TicketMessage, verbose_name=_("message"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="support/%Y/%m/", max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=64)
    size = models.PositiveIntegerField(_("size"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("support:attachment", kwargs={"pk": self.pk})

"""Alerts raised by the monitoring rules: at most one open alert per rule."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Alert(models.Model):
    """A rule that fired: open while it keeps firing, resolved once it clears."""

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")
        CRITICAL = "critical", _("Critical")

    rule = models.CharField(_("rule"), max_length=50, db_index=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    title = models.CharField(_("title"), max_length=200)
    detail = models.TextField(_("detail"), blank=True)
    value = models.FloatField(_("value"))
    threshold = models.FloatField(_("threshold"))
    first_seen = models.DateTimeField(_("first seen"), db_index=True)
    last_seen = models.DateTimeField(_("last seen"))
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    notified_at = models.DateTimeField(_("last notified"), null=True, blank=True)
    notification_count = models.PositiveIntegerField(_("notifications sent"), default=0)
    resolved_notified = models.BooleanField(_("resolution announced"), default=False)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-first_seen", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule"], condition=Q(resolved_at__isnull=True), name="monitoring_alert_one_open_per_rule"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None

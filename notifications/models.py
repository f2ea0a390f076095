"""A notification: one event for one user, shown on the site (bell, toast, centre) and/or emailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.preferences import NOTIFICATION_KINDS


class Notification(models.Model):
    """Something that happened for ``user`` (an order paid, a ticket reply...), read or not yet."""

    KIND_CHOICES = [(kind.name, kind.label) for kind in NOTIFICATION_KINDS]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("user")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=KIND_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # False: the user turned this kind off on the site; the row exists only to be emailed.
    on_site = models.BooleanField(_("shown on the site"), default=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notif_user_created_idx"),
            models.Index(fields=["user"], name="notif_user_unread_idx", condition=models.Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

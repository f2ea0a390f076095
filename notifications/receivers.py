"""Notifications for what lower apps report by signal: accounts' security alerts, and the user's
notifications in their personal data export.

A login from a new device is already emailed by accounts, so its alert is shown
on the site only; 2FA changes are also emailed from here (``security_alert``
emails cannot be turned off).
"""

from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.models import SecurityEvent, User
from accounts.signals import personal_data_requested, security_event_recorded

from .models import Notification
from .services import notify

Type = SecurityEvent.Type
SECURITY_ALERT_TITLES = {
    Type.NEW_DEVICE: _("New sign-in to your account from a new device"),
    Type.TWO_FACTOR_ENABLED: _("Two-factor authentication was turned on"),
    Type.TWO_FACTOR_DISABLED: _("Two-factor authentication was turned off"),
    Type.BACKUP_CODES_REGENERATED: _("New backup codes were generated"),
}
SECURITY_ALERT_BODY = _("If this was not you, change your password now and check your account activity.")
EMAILED_BY_ACCOUNTS = frozenset({Type.NEW_DEVICE})


@receiver(security_event_recorded, sender=SecurityEvent, dispatch_uid="notifications.security_alert")
def security_alert_notify(sender, event: SecurityEvent, **kwargs) -> None:
    """Alert the user of ``event`` on the site (and by email unless accounts already sent one)."""
    title = SECURITY_ALERT_TITLES.get(event.type)
    if title is None or event.user is None:
        return
    with translation.override(event.user.preferred_language):
        notify(
            user=event.user,
            kind="security_alert",
            title=str(title),
            body=str(SECURITY_ALERT_BODY),
            url=reverse("accounts:security"),
            email=False if event.type in EMAILED_BY_ACCOUNTS else None,
        )


@receiver(personal_data_requested, sender=User, dispatch_uid="notifications.privacy.export")
def notifications_personal_data(sender, user: User, **kwargs) -> dict:
    """Add the user's notifications (site and email) to their data export, oldest first."""
    fields = ("kind", "title", "body", "url", "created_at", "read_at", "emailed_at")
    rows = Notification.objects.filter(user=user).order_by("created_at", "pk").values(*fields)
    return {"notifications": list(rows)}

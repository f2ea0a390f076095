"""Reads of notifications: always one user's own, only those shown on the site, newest first."""

from datetime import UTC, datetime

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.preferences import NOTIFICATION_KINDS
from webox.common.errors import ApplicationError

from .errors import NotificationErrorCode
from .models import Notification


def _shown(user) -> QuerySet[Notification]:
    """Return ``user``'s notifications shown on the site; staff-only kinds only while the user is staff."""
    notifications = Notification.objects.filter(user=user, on_site=True)
    if not user.is_staff:
        notifications = notifications.exclude(kind__in=[kind.name for kind in NOTIFICATION_KINDS if kind.staff_only])
    return notifications


def notification_list(*, user, since: str | None = None) -> QuerySet[Notification]:
    """Return ``user``'s notifications, newest first; ``since`` (an id or an ISO datetime) keeps later ones."""
    notifications = _shown(user).order_by("-created_at", "-pk")
    if since:
        notifications = _after(notifications, since.strip())
    return notifications


def _after(notifications: QuerySet[Notification], since: str) -> QuerySet[Notification]:
    """Keep the notifications after ``since``: an id (strictly greater) or a datetime (strictly later)."""
    if since.isdigit():
        return notifications.filter(pk__gt=int(since))
    moment = _parse_moment(since)
    return notifications.filter(created_at__gt=moment)


def _parse_moment(value: str) -> datetime:
    """Parse an ISO 8601 datetime (``Z`` accepted, naive ones taken as UTC); refuse anything else."""
    try:
        moment = parse_datetime(value.replace(" ", "+").replace("Z", "+00:00"))
    except ValueError:
        moment = None
    if moment is None:
        message = _("Give a notification id or an ISO 8601 date and time.")
        raise ApplicationError(
            message, code=NotificationErrorCode.INVALID_SINCE, extra={"fields": {"since": [message]}}
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment, UTC)


def notification_unread_count(*, user) -> int:
    """Return how many of ``user``'s notifications on the site are still unread (one query)."""
    return _shown(user).filter(read_at=None).count()

"""Reads of the monitoring app: alerts, and who hears about them."""

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet

from .models import Alert

STAFF_GROUP = "Staff"


def alert_list_recent(*, limit: int = 20) -> list[Alert]:
    """Return the latest alerts: open ones first, then the most recently resolved."""
    ordering = [F("resolved_at").desc(nulls_first=True), "-last_seen", "-pk"]
    return list(Alert.objects.order_by(*ordering)[:limit])


def alert_count_open() -> int:
    """Return how many alerts are still open (their rule keeps firing)."""
    return Alert.objects.filter(resolved_at=None).count()


def staff_on_duty() -> QuerySet:
    """Return the active staff members of the "Staff" group: they receive the alerts.

    While nobody is in the group (a fresh install, the demo data), the active
    superusers receive them instead: an alert must never go unheard. Other
    staff (Support, Bloggers) never do.
    """
    staff = get_user_model().objects.filter(is_active=True, is_staff=True)
    on_duty = staff.filter(groups__name=STAFF_GROUP).distinct().order_by("pk")
    if on_duty.exists():
        return on_duty
    return staff.filter(is_superuser=True).order_by("pk")

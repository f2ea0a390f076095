"""Reads of the monitoring app: alerts, and who hears about them."""

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet

from .models import Alert

STAFF_GROUP = "Staff"


def alert_list_recent(*, limit: int = 20) -> list[Alert]:
    """Return the latest alerts: open ones first, then the most recently resolved."""
    ordering = [F("resolved_at").desc(nulls_first=True), "-last_seen", "-pk"]
    return list(Alert.objects.order_by(*ordering)[:limit])


def staff_on_duty() -> QuerySet:
    """Return the active staff members of the "Staff" group: they receive the alerts."""
    return (
        get_user_model()
        .objects.filter(groups__name=STAFF_GROUP, is_active=True, is_staff=True)
        .distinct()
        .order_by("pk")
    )

"""Service levels: when a ticket's first answer and resolution are due (``settings.SUPPORT_SLA``)."""

from datetime import datetime, timedelta

from django.conf import settings


def sla_due(priority: str, target: str, *, start: datetime) -> datetime | None:
    """Return ``start`` plus the ``target`` hours (first_response_hours, resolution_hours) of ``priority``."""
    hours = (settings.SUPPORT_SLA.get(priority) or {}).get(target)
    return None if hours is None else start + timedelta(hours=hours)

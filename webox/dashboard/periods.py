"""Periods of the dashboard: whole days in the business's time zone (Europe/Paris, ``TIME_ZONE``)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from django.utils import timezone

PRESET_DAYS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 366


def business_timezone() -> tzinfo:
    """Return the time zone whose days the figures count in (the project's ``TIME_ZONE``)."""
    return timezone.get_default_timezone()


def business_today() -> date:
    return timezone.localdate(timezone=business_timezone())


@dataclass(frozen=True)
class Period:
    """The days from ``start`` to ``end``, both included."""

    start: date
    end: date

    @classmethod
    def last_days(cls, days: int, *, today: date | None = None) -> "Period":
        """Return the ``days`` days that end today (today included)."""
        end = today or business_today()
        return cls(start=end - timedelta(days=days - 1), end=end)

    @property
    def since(self) -> datetime:
        """Return the first instant of the period (midnight of ``start``, business time)."""
        return datetime.combine(self.start, time.min, tzinfo=business_timezone())

    @property
    def until(self) -> datetime:
        """Return the first instant after the period (midnight after ``end``, business time)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=business_timezone())

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=offset) for offset in range((self.end - self.start).days + 1)]

    def cache_key(self) -> str:
        return f"dashboard:figures:{self.start.isoformat()}:{self.end.isoformat()}"

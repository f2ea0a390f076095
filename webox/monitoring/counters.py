"""Requests served and 5xx answers per minute, counted in the cache so that every process adds to the same figures."""

import logging
import time

from django.core.cache import cache

logger = logging.getLogger("webox.system")

_KEY = "monitoring:http:{minute}:{kind}"
BUCKET_TTL = 2 * 60 * 60  # keep two hours of minutes: longer than any rule's window


def _minute(at: float | None = None) -> int:
    return int((time.time() if at is None else at) // 60)


def _incr(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # first request of this minute
        if not cache.add(key, 1, timeout=BUCKET_TTL):
            cache.incr(key)


def request_count(*, status: int) -> None:
    """Count one response of ``status`` in the current minute; never raise."""
    minute = _minute()
    try:
        _incr(_KEY.format(minute=minute, kind="total"))
        if status >= 500:
            _incr(_KEY.format(minute=minute, kind="5xx"))
    except Exception as exc:
        logger.debug("request not counted: %s", exc)


def request_counts(*, minutes: int) -> tuple[int, int]:
    """Return (responses, 5xx responses) over the last ``minutes`` minutes, the current one included."""
    current = _minute()
    keys = [
        _KEY.format(minute=minute, kind=kind)
        for minute in range(current - minutes + 1, current + 1)
        for kind in ("total", "5xx")
    ]
    values = cache.get_many(keys)
    total = sum(int(value) for key, value in values.items() if key.endswith(":total"))
    errors = sum(int(value) for key, value in values.items() if key.endswith(":5xx"))
    return total, errors

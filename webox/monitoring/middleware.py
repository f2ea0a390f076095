"""Count every response per minute (for the 5xx alert) and note the slow ones (for the monitoring page)."""

import time
from datetime import UTC, datetime

from django.conf import settings

from .counters import request_count
from .journal import SLOW_REQUESTS, journal_push


class RequestStatsMiddleware:
    """Record each response's status in the per-minute counters, and requests over MONITORING_SLOW_REQUEST_MS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        request_count(status=response.status_code)
        if duration_ms >= settings.MONITORING_SLOW_REQUEST_MS:
            journal_push(SLOW_REQUESTS, _slow_entry(request, response.status_code, duration_ms))
        return response


def _slow_entry(request, status: int, duration_ms: float) -> dict:
    return {
        "time": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "method": request.method,
        "path": request.path[:300],
        "status": status,
        "duration_ms": duration_ms,
        "request_id": getattr(request, "id", "-"),
    }

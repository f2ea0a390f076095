"""``/metrics`` for Prometheus, and the back office's monitoring page."""

import os
from collections import Counter

import prometheus_client
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import multiprocess

from webox.health import run_checks

from .access import metrics_allowed
from .journal import ERRORS, SLOW_REQUESTS, journal_list
from .metrics import BusinessCollector
from .queues import queue_lengths
from .selectors import alert_list_recent


def _process_registry() -> prometheus_client.CollectorRegistry:
    """Return django-prometheus' registry: this process's, or every worker's in multiprocess mode."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        registry = prometheus_client.CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return prometheus_client.REGISTRY


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Answer the Prometheus text format: HTTP/DB/cache metrics, then the business figures. 403 to strangers."""
    if not metrics_allowed(request):
        return HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    business = prometheus_client.CollectorRegistry(auto_describe=False)
    business.register(BusinessCollector())
    body = prometheus_client.generate_latest(_process_registry()) + prometheus_client.generate_latest(business)
    return HttpResponse(body, content_type=prometheus_client.CONTENT_TYPE_LATEST)


def _with_times(entries: list[dict]) -> list[dict]:
    return [{**entry, "at": parse_datetime(entry.get("time", ""))} for entry in entries]


def _queues() -> tuple[dict | None, str]:
    try:
        return queue_lengths(), ""
    except Exception as exc:
        return None, exc.__class__.__name__


def monitoring_page(request: HttpRequest) -> HttpResponse:
    """Show health, recent errors, slow requests, queue lengths and the last alerts (``monitoring.view_alert``)."""
    if not request.user.has_perm("monitoring.view_alert"):
        raise PermissionDenied
    errors = _with_times(journal_list(ERRORS))
    queues, queue_error = _queues()
    context = {
        **admin.site.each_context(request),
        "title": _("Monitoring"),
        "health": run_checks(),
        "errors": errors,
        "error_loggers": Counter(entry.get("logger", "?") for entry in errors).most_common(),
        "slow_requests": _with_times(journal_list(SLOW_REQUESTS)),
        "queues": queues,
        "queue_error": queue_error,
        "alerts": alert_list_recent(limit=20),
    }
    return render(request, "admin/monitoring/index.html", context)

"""Business metrics for ``/metrics``, read from the database and the broker at scrape time.

Counts come from the database, so every app server reports the same figures:
Prometheus may scrape any of them (or one), and no process keeps state.
"""

import logging
from collections.abc import Iterator

from django.core.cache import cache
from django.db.models import Count
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ai_studio.models import GenerationJob
from orders.models import Order
from payments.alerts import SIGNATURE_FAILURES_KEY
from payments.models import Payment, WebhookEvent
from support.models import Ticket

from .models import Alert
from .queues import queue_lengths

logger = logging.getLogger("webox.system")

OPEN_TICKETS = (Ticket.Status.OPEN, Ticket.Status.PENDING)


def _grouped(queryset, *fields: str):
    return queryset.order_by().values(*fields).annotate(count=Count("pk")).order_by(*fields)


def order_metrics() -> Iterator[Metric]:
    by_status = GaugeMetricFamily("webox_orders", "Orders per current status.", labels=["status"])
    for row in _grouped(Order.objects.all(), "status"):
        by_status.add_metric([row["status"]], row["count"])
    yield by_status
    yield CounterMetricFamily("webox_orders_placed", "Orders placed.", value=Order.objects.count())
    yield CounterMetricFamily("webox_orders_paid", "Orders paid.", value=Order.objects.exclude(paid_at=None).count())


def payment_metrics() -> Iterator[Metric]:
    payments = GaugeMetricFamily("webox_payments", "Payments per gateway and status.", labels=["gateway", "status"])
    failed = 0
    for row in _grouped(Payment.objects.all(), "gateway", "status"):
        payments.add_metric([row["gateway"], row["status"]], row["count"])
        failed += row["count"] if row["status"] == Payment.Status.FAILED else 0
    yield payments
    yield CounterMetricFamily("webox_payments_failed", "Payments that failed.", value=failed)
    events = GaugeMetricFamily(
        "webox_webhook_events", "Gateway notifications per outcome.", labels=["gateway", "outcome"]
    )
    for row in _grouped(WebhookEvent.objects.all(), "gateway", "outcome"):
        events.add_metric([row["gateway"], row["outcome"]], row["count"])
    yield events


def webhook_failure_metrics() -> Iterator[Metric]:
    from django.conf import settings

    family = GaugeMetricFamily(
        "webox_webhook_signature_failures",
        "Gateway notifications that failed verification in payments' current 10-minute window.",
        labels=["gateway"],
    )
    gateways = sorted({*settings.PAYMENT_GATEWAYS, "paypal", "stripe", "sandbox"})
    counts = cache.get_many([SIGNATURE_FAILURES_KEY.format(gateway=gateway) for gateway in gateways])
    for gateway in gateways:
        family.add_metric([gateway], int(counts.get(SIGNATURE_FAILURES_KEY.format(gateway=gateway)) or 0))
    yield family


def ai_metrics() -> Iterator[Metric]:
    family = GaugeMetricFamily(
        "webox_ai_jobs", "AI generation jobs per provider and status.", labels=["provider", "status"]
    )
    for row in _grouped(GenerationJob.objects.all(), "provider", "status"):
        family.add_metric([row["provider"], row["status"]], row["count"])
    yield family


def support_metrics() -> Iterator[Metric]:
    count = Ticket.objects.filter(status__in=OPEN_TICKETS).count()
    yield GaugeMetricFamily("webox_tickets_open", "Support tickets open or waiting for the customer.", value=count)


def queue_metrics() -> Iterator[Metric]:
    family = GaugeMetricFamily("webox_queue_length", "Tasks waiting in each broker queue.", labels=["queue"])
    for name, length in sorted((queue_lengths() or {}).items()):
        family.add_metric([name], length)
    yield family


def alert_metrics() -> Iterator[Metric]:
    family = GaugeMetricFamily("webox_alerts_open", "Open monitoring alerts per rule.", labels=["rule", "severity"])
    for rule, severity in Alert.objects.filter(resolved_at=None).values_list("rule", "severity").order_by("rule"):
        family.add_metric([rule, severity], 1)
    yield family


SOURCES = (
    order_metrics,
    payment_metrics,
    webhook_failure_metrics,
    ai_metrics,
    support_metrics,
    queue_metrics,
    alert_metrics,
)


class BusinessCollector(Collector):
    """Collect WEBOX's business figures; a source that fails is skipped and counted, never fatal to the scrape."""

    def collect(self) -> Iterator[Metric]:
        failures = GaugeMetricFamily(
            "webox_metrics_source_up",
            "Whether each business metric source answered (1) or failed (0).",
            labels=["source"],
        )
        for source in SOURCES:
            name = source.__name__.removesuffix("_metrics")
            try:
                families = list(source())
            except Exception as exc:
                logger.warning("metrics source %s failed: %s", name, exc)
                failures.add_metric([name], 0)
                continue
            failures.add_metric([name], 1)
            yield from families
        yield failures

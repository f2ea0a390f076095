"""Alert rules: each reads one figure and says whether it crosses its threshold.

A rule takes its settings entry (``MONITORING_ALERT_RULES[name]``) and returns a
``Reading``. Rules only read; ``services.alerts_evaluate`` turns readings into
stored alerts and messages.
"""

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ai_studio.models import GenerationJob
from payments.alerts import SIGNATURE_FAILURES_KEY, SIGNATURE_FAILURES_WINDOW
from payments.models import Payment, WebhookEvent
from shop.models import ProductVariant

from .counters import request_counts
from .queues import queue_lengths


@dataclass(frozen=True)
class Reading:
    """What a rule measured: the value, the threshold it is compared with, and whether it fired."""

    value: float
    threshold: float
    fired: bool
    title: str
    detail: str = ""


def _since(config: dict):
    return timezone.now() - timedelta(minutes=config.get("window_minutes", 60))


def http_5xx_rate(config: dict) -> Reading:
    """Fire when the share of 5xx answers (%) over the window reaches the threshold, above min_requests."""
    minutes, threshold = config.get("window_minutes", 5), config["threshold"]
    total, errors = request_counts(minutes=minutes)
    rate = round(errors * 100 / total, 1) if total else 0.0
    fired = total >= config.get("min_requests", 1) and rate >= threshold
    detail = _("%(errors)s of %(total)s responses were server errors (5xx) in the last %(minutes)s minutes.") % {
        "errors": errors,
        "total": total,
        "minutes": minutes,
    }
    return Reading(rate, threshold, fired, _("Server errors: %(rate)s %% of responses") % {"rate": rate}, detail)


def payment_failures(config: dict) -> Reading:
    """Fire when at least ``threshold`` payments failed within the window."""
    count = Payment.objects.filter(status=Payment.Status.FAILED, updated_at__gte=_since(config)).count()
    detail = _("%(count)s payments failed in the last %(minutes)s minutes.") % {
        "count": count,
        "minutes": config.get("window_minutes", 60),
    }
    return Reading(count, config["threshold"], count >= config["threshold"], _("Failed payments"), detail)


def webhook_signature_failures(config: dict) -> Reading:
    """Fire when gateway notifications failed verification ``threshold`` times in payments' counting window."""
    from django.core.cache import cache

    gateways = sorted({*settings.PAYMENT_GATEWAYS, "paypal", "stripe", "sandbox"})
    counts = cache.get_many([SIGNATURE_FAILURES_KEY.format(gateway=gateway) for gateway in gateways])
    per_gateway = {key.rsplit(":", 1)[-1]: int(value) for key, value in counts.items() if value}
    total = sum(per_gateway.values())
    detail = _("Notifications refused in the last %(minutes)s minutes: %(counts)s.") % {
        "minutes": SIGNATURE_FAILURES_WINDOW // 60,
        "counts": ", ".join(f"{gateway} {count}" for gateway, count in per_gateway.items()) or "0",
    }
    fired = total >= config["threshold"]
    return Reading(total, config["threshold"], fired, _("Gateway notifications failing verification"), detail)


def amount_mismatches(config: dict) -> Reading:
    """Fire when notifications' amount or currency did not match their payment within the window."""
    events = WebhookEvent.objects.filter(outcome=WebhookEvent.Outcome.MISMATCH, received_at__gte=_since(config))
    count = events.count()
    detail = _("%(count)s notifications did not match the amount or currency of their payment.") % {"count": count}
    return Reading(count, config["threshold"], count >= config["threshold"], _("Payment amount mismatches"), detail)


def low_stock(config: dict) -> Reading:
    """Fire when active variants that track stock have at most ``stock_at_most`` items left."""
    variants = ProductVariant.objects.filter(
        track_stock=True, stock__lte=config.get("stock_at_most", 3), product__is_active=True
    ).order_by("stock", "sku")
    count = variants.count()
    skus = ", ".join(f"{sku} ({stock})" for sku, stock in variants.values_list("sku", "stock")[:10])
    detail = _("Variants running out: %(skus)s.") % {"skus": skus or "-"}
    title = _("Low stock: %(count)s variants") % {"count": count}
    return Reading(count, config["threshold"], count >= config["threshold"], title, detail)


def queue_backlog(config: dict) -> Reading:
    """Fire when the tasks waiting in the broker's queues reach the threshold."""
    lengths = queue_lengths() or {}
    waiting = sum(lengths.values())
    detail = _("Tasks waiting: %(queues)s.") % {
        "queues": ", ".join(f"{name} {length}" for name, length in lengths.items()) or "0"
    }
    title = _("Task queue backlog: %(count)s waiting") % {"count": waiting}
    return Reading(waiting, config["threshold"], waiting >= config["threshold"], title, detail)


def ai_provider_errors(config: dict) -> Reading:
    """Fire when a provider's share of failed jobs (%) over the window reaches the threshold, above min_jobs."""
    finished = [GenerationJob.Status.SUCCEEDED, GenerationJob.Status.FAILED]
    rows = (
        GenerationJob.objects.filter(status__in=finished, finished_at__gte=_since(config))
        .values("provider")
        .annotate(total=Count("pk"), failed=Count("pk", filter=Q(status=GenerationJob.Status.FAILED)))
        .order_by("provider")
    )
    rates = {
        row["provider"]: (round(row["failed"] * 100 / row["total"], 1), row["total"])
        for row in rows
        if row["total"] >= config.get("min_jobs", 1)
    }
    worst = max(rates, key=lambda provider: rates[provider][0], default="")
    rate = rates[worst][0] if worst else 0.0
    detail = _("Failed jobs per provider: %(rates)s.") % {
        "rates": ", ".join(f"{name} {value} % / {total}" for name, (value, total) in rates.items()) or "-"
    }
    title = _("AI provider errors: %(provider)s") % {"provider": worst or "-"}
    return Reading(rate, config["threshold"], bool(worst) and rate >= config["threshold"], title, detail)


def disk_space(config: dict) -> Reading:
    """Fire when the free space (%) of the volume holding MEDIA_ROOT drops below the threshold."""
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    usage = shutil.disk_usage(path)
    free = round(usage.free * 100 / usage.total, 1)
    detail = _("%(free)s %% free (%(gigabytes)s GB) on the volume of %(path)s.") % {
        "free": free,
        "gigabytes": round(usage.free / 1e9, 1),
        "path": path,
    }
    title = _("Low disk space: %(free)s %% free") % {"free": free}
    return Reading(free, config["threshold"], free < config["threshold"], title, detail)


RULES: dict[str, Callable[[dict], Reading]] = {
    "http_5xx_rate": http_5xx_rate,
    "payment_failures": payment_failures,
    "webhook_signature_failures": webhook_signature_failures,
    "amount_mismatches": amount_mismatches,
    "low_stock": low_stock,
    "queue_backlog": queue_backlog,
    "ai_provider_errors": ai_provider_errors,
    "disk_space": disk_space,
}

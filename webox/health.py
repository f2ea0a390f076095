"""Dependency checks behind ``GET /health/``.

Each check returns ``{"status": "ok" | "down" | "skipped", ..., "latency_ms"}``:
database, cache, channel layer, Celery broker, Celery workers (``mode: eager``
when tasks run inline) and storage (media and private files writable). The
overall status is ``down`` (HTTP 503) when the database is unreachable,
``degraded`` when another dependency is, ``ok`` otherwise. Anyone may ask, so
the checks that cost something (workers, storage) are re-run at most every
HEALTH_SLOW_CHECKS_SECONDS per process.
"""

import asyncio
import logging
import time
import uuid
from collections.abc import Callable

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection

logger = logging.getLogger("webox.system")

Check = dict[str, object]


def _timed(probe: Callable[[], Check]) -> Check:
    started = time.perf_counter()
    try:
        result = probe()
    except Exception as exc:  # a health check reports failures, it never raises them
        logger.warning("health check %s failed: %s", probe.__name__, exc)
        result = {"status": "down", "error": exc.__class__.__name__}
    result["latency_ms"] = round((time.perf_counter() - started) * 1000, 1)
    return result


def check_database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"status": "ok", "vendor": connection.vendor}


def check_cache() -> Check:
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    found = cache.get(key) == "1"
    cache.delete(key)
    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return {"status": "ok" if found else "down", "backend": backend}


def check_channel_layer() -> Check:
    layer = get_channel_layer()
    if layer is None:
        return {"status": "skipped", "reason": "no channel layer configured"}

    async def roundtrip() -> bool:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.ping"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=settings.HEALTH_CHECK_TIMEOUT)
        return message.get("type") == "health.ping"

    ok = async_to_sync(roundtrip)()
    return {"status": "ok" if ok else "down", "backend": type(layer).__name__}


def check_broker() -> Check:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "skipped", "reason": "tasks run eagerly"}
    from webox.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=settings.HEALTH_CHECK_TIMEOUT)
        transport = conn.transport_cls
    return {"status": "ok", "transport": transport}


def check_workers() -> Check:
    """Ping the Celery workers: ``ok`` at the first pong, ``down`` when none answers within HEALTH_CHECK_TIMEOUT."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"status": "ok", "mode": "eager"}
    from webox.celery import app

    with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, timeout=settings.HEALTH_CHECK_TIMEOUT)
        # limit=1: return at the first answer rather than wait out the timeout for every worker.
        replies = app.control.ping(timeout=settings.HEALTH_CHECK_TIMEOUT, connection=conn, limit=1)
    answered = bool(replies)
    return {"status": "ok" if answered else "down", "answered": answered}


def _storage_writable(alias: str) -> None:
    name = storages[alias].save(f"health/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    storages[alias].delete(name)


def check_storage() -> Check:
    """Write and delete a small file in the media storage and in the private one."""
    result: Check = {"status": "ok"}
    for alias, label in (("default", "media"), ("private", "private")):
        try:
            _storage_writable(alias)
            result[label] = "ok"
        except Exception as exc:  # one storage failing must not hide the other's state
            logger.warning("health check of the %s storage failed: %s", label, exc)
            result[label], result["status"] = "down", "down"
    return result


CHECKS: dict[str, Callable[[], Check]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "broker": check_broker,
    "workers": check_workers,
    "storage": check_storage,
}
# Checks that cost every worker or the storage something: kept HEALTH_SLOW_CHECKS_SECONDS per process.
SLOW_CHECKS = frozenset({"workers", "storage"})
_recent: dict[str, tuple[float, Check]] = {}


def _run(name: str, probe: Callable[[], Check]) -> Check:
    """Run ``probe``, or for a slow check return this process's result of less than HEALTH_SLOW_CHECKS_SECONDS ago."""
    seconds = settings.HEALTH_SLOW_CHECKS_SECONDS
    if name not in SLOW_CHECKS or seconds <= 0:
        return _timed(probe)
    now = time.time()
    at, result = _recent.get(name, (0.0, {}))
    if not result or now - at >= seconds:
        at, result = now, _timed(probe)
        _recent[name] = (at, result)
    return dict(result)


def run_checks() -> dict[str, object]:
    """Run every check and return the ``/health/`` body."""
    results = {name: _run(name, probe) for name, probe in CHECKS.items()}
    if results["database"]["status"] == "down":
        status = "down"
    elif any(result["status"] == "down" for result in results.values()):
        status = "degraded"
    else:
        status = "ok"
    return {"status": status, "checks": results}

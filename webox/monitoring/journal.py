"""Short capped lists in the cache (the last errors, the slowest requests) for the monitoring page.

On Redis (django-redis) a list is one Redis list, shared by every process and
trimmed atomically; on another cache backend (local memory in dev and tests)
it is a plain cached Python list. Writing never raises: a journal is a
convenience, never a reason for a request to fail.
"""

import json
import logging
import threading
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger("webox.system")

ERRORS = "errors"
SLOW_REQUESTS = "slow_requests"
JOURNAL_TTL = 7 * 24 * 60 * 60
_KEY = "monitoring:journal:{name}"
_local = threading.local()


def _redis_client():
    """Return the raw Redis client behind the default cache, or None for another backend."""
    if not settings.CACHES["default"]["BACKEND"].startswith("django_redis."):
        return None
    from django_redis import get_redis_connection

    return get_redis_connection("default")


def journal_push(name: str, entry: dict) -> None:
    """Add ``entry`` at the head of journal ``name``, keeping the newest MONITORING_JOURNAL_SIZE entries."""
    limit = settings.MONITORING_JOURNAL_SIZE
    key = _KEY.format(name=name)
    try:
        client = _redis_client()
        if client is None:
            cache.set(key, [entry, *(cache.get(key) or [])][:limit], timeout=JOURNAL_TTL)
            return
        key = str(cache.make_key(key))
        pipe = client.pipeline()
        pipe.lpush(key, json.dumps(entry, default=str))
        pipe.ltrim(key, 0, limit - 1)
        pipe.expire(key, JOURNAL_TTL)
        pipe.execute()
    except Exception as exc:
        logger.debug("journal %s not written: %s", name, exc)


def journal_list(name: str) -> list[dict]:
    """Return journal ``name``, newest first (empty when the cache does not answer)."""
    key = _KEY.format(name=name)
    try:
        client = _redis_client()
        if client is None:
            return list(cache.get(key) or [])
        return [json.loads(raw) for raw in client.lrange(str(cache.make_key(key)), 0, -1)]
    except Exception as exc:
        logger.debug("journal %s not read: %s", name, exc)
        return []


class RecentErrorsHandler(logging.Handler):
    """Keep the last ERROR records (logger, message, request id) in the ``errors`` journal.

    A failing cache may itself log an error while a record is written; the
    thread-local guard keeps that from feeding back into the handler.
    """

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(_local, "busy", False):
            return
        _local.busy = True
        try:
            journal_push(ERRORS, _error_entry(record))
        except Exception:
            self.handleError(record)
        finally:
            _local.busy = False


def _error_entry(record: logging.LogRecord) -> dict:
    exception = record.exc_info[0].__name__ if record.exc_info and record.exc_info[0] else ""
    return {
        "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="seconds"),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage()[:500],
        "exception": exception,
        "request_id": getattr(record, "request_id", "-"),
    }

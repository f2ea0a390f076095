"""Project-level Celery tasks."""

import logging

from celery import shared_task
from django.core.cache import cache

logger = logging.getLogger("webox.tasks")

WORKER_PING_KEY = "worker-ping:{token}"


@shared_task(acks_late=True, ignore_result=True)
def worker_ping_task(token: str) -> None:
    """Record in the cache that a worker ran this task: proves the broker → worker path end to end."""
    cache.set(WORKER_PING_KEY.format(token=token), "pong", timeout=300)
    logger.info("worker ping %s answered", token)

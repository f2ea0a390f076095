"""How many tasks wait in the Celery broker's queues (Redis broker: the length of each queue's list)."""

from urllib.parse import urlsplit

from django.conf import settings


def queue_names() -> list[str]:
    """Return the queues the workers consume: Celery's default one and any declared in CELERY_TASK_QUEUES."""
    from webox.celery import app

    names = {app.conf.task_default_queue or "celery"}
    names.update(queue.name for queue in (app.conf.task_queues or ()))
    return sorted(names)


def queue_lengths() -> dict[str, int] | None:
    """Return {queue: waiting tasks}; {} when tasks run eagerly; None when the broker is not Redis.

    Raise the client's error when the broker does not answer: callers decide what that means.
    """
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {}
    url = settings.CELERY_BROKER_URL
    if urlsplit(url).scheme not in ("redis", "rediss"):
        return None
    import redis

    timeout = settings.HEALTH_CHECK_TIMEOUT
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        with client.pipeline(transaction=False) as pipe:
            for name in queue_names():
                pipe.llen(name)
            return dict(zip(queue_names(), pipe.execute(), strict=True))
    finally:
        client.close()

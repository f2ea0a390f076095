"""Celery tasks of the AI studio: acknowledged late, redelivered when a worker dies, retried with backoff."""

from celery import shared_task

from .providers import ProviderError
from .services import job_run, message_reply_run

MAX_RETRIES = 4


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def job_run_task(self, job_id: int) -> None:
    """Run a generation job; a rate limit or an outage of the provider retries it with a growing delay."""
    # An eager task that propagates errors cannot retry (the Retry would reach the web request): one attempt.
    no_retry = self.request.is_eager and self.app.conf.task_eager_propagates
    try:
        job_run(job_id=job_id, final_attempt=no_retry or self.request.retries >= self.max_retries)
    except ProviderError as exc:
        countdown = exc.retry_after or min(600, 15 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    ignore_result=True,
    max_retries=MAX_RETRIES,
    soft_time_limit=10 * 60,
    time_limit=11 * 60,
)
def chat_reply_task(self, message_id: int) -> None:
    """Stream a conversation's reply; a rate limit or an outage of the provider retries it with a growing delay."""
    no_retry = self.request.is_eager and self.app.conf.task_eager_propagates
    try:
        message_reply_run(message_id=message_id, final_attempt=no_retry or self.request.retries >= self.max_retries)
    except ProviderError as exc:
        countdown = exc.retry_after or min(600, 15 * 2**self.request.retries)
        raise self.retry(exc=exc, countdown=countdown) from exc

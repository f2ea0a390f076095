"""Celery tasks of notifications: idempotent, acknowledged late, enqueued after commit."""

from celery import shared_task


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),  # smtplib's errors and network failures are OSErrors
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def notification_email_send_task(notification_id: int) -> None:
    """Email notification ``notification_id`` to its user (once, whatever the retries)."""
    from notifications.services import notification_email_send  # the service enqueues this task

    notification_email_send(notification_id=notification_id)

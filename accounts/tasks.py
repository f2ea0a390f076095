"""Celery tasks of accounts: idempotent, acknowledged late, enqueued after commit."""

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def new_device_email_send_task(event_id: int) -> None:
    """Email the user about a login from a new device (the ``new_device`` event ``event_id``)."""
    from accounts.services.logins import new_device_email_send  # the service enqueues this task

    new_device_email_send(event_id=event_id)

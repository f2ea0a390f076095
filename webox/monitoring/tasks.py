"""Periodic monitoring work (beat: "monitoring-alerts", every minute)."""

from celery import shared_task

from .services import alerts_evaluate


@shared_task(acks_late=True, ignore_result=True)
def alerts_evaluate_task() -> dict[str, str]:
    """Evaluate the alert rules and send the messages that are due."""
    return alerts_evaluate()

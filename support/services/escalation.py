"""SLA escalation: tell the Support group about tickets that just passed a due date, once per breach."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Ticket

Status = Ticket.Status


def _breached(now):
    first_response = Q(first_response_at=None, first_response_due_at__lt=now, first_response_escalated_at=None)
    resolution = Q(resolution_due_at__lt=now, resolution_escalated_at=None)
    return Ticket.objects.filter(first_response | resolution, status=Status.OPEN)


def _escalate(ticket: Ticket, now) -> bool:
    """Stamp each breach of ``ticket`` not yet escalated; return whether one was."""
    fields = []
    if ticket.overdue_first_response(now) and ticket.first_response_escalated_at is None:
        ticket.first_response_escalated_at = now
        fields.append("first_response_escalated_at")
    if ticket.overdue_resolution(now) and ticket.resolution_escalated_at is None:
        ticket.resolution_escalated_at = now
        fields.append("resolution_escalated_at")
    if fields:
        ticket.save(update_fields=fields)
    return bool(fields)


def tickets_escalate(*, now=None) -> list[int]:
    """Escalate the open tickets past a due date not escalated yet; email the Support group; return their ids."""
    from ..tasks import tickets_escalation_email_task  # the task module imports these services

    now = now or timezone.now()
    with transaction.atomic():
        tickets = _breached(now).select_for_update(skip_locked=True).order_by("pk")
        escalated = [ticket.pk for ticket in tickets if _escalate(ticket, now)]
        if escalated:
            transaction.on_commit(lambda: tickets_escalation_email_task.delay(escalated))
    return escalated

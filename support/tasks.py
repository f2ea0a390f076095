"""Celery tasks of the help desk: emails and the hourly SLA escalation, acknowledged late."""

from celery import shared_task

from .emails import (
    contact_ack_email,
    contact_staff_email,
    escalation_email,
    staff_alert_email,
    staff_recipients,
    support_team,
)
from .models import ContactMessage, Ticket, TicketMessage
from .services import tickets_escalate

EMAIL_RETRIES = {
    "acks_late": True,
    "ignore_result": True,
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "retry_jitter": True,
    "max_retries": 8,
}


@shared_task(acks_late=True, ignore_result=True)
def tickets_escalate_task() -> int:
    """Escalate the tickets past a service-level due date (hourly, by Celery beat); return how many."""
    return len(tickets_escalate())


@shared_task(**EMAIL_RETRIES)
def tickets_escalation_email_task(ticket_ids: list[int]) -> None:
    """Email the Support group the list of tickets just escalated."""
    tickets = list(Ticket.objects.filter(pk__in=ticket_ids).order_by("pk"))
    for recipient in support_team() if tickets else []:
        escalation_email(tickets=tickets, recipient=recipient).send()


@shared_task(**EMAIL_RETRIES)
def ticket_staff_alert_task(message_id: int) -> None:
    """Email the Support group about a customer's message on an unassigned ticket."""
    message = TicketMessage.objects.select_related("ticket__customer").filter(pk=message_id).first()
    for recipient in support_team() if message else []:
        staff_alert_email(message=message, recipient=recipient).send()


@shared_task(**EMAIL_RETRIES)
def contact_message_emails_task(contact_id: int) -> None:
    """Acknowledge a contact message to its sender and pass it on to staff."""
    contact = ContactMessage.objects.filter(pk=contact_id).first()
    if contact is None:
        return
    contact_ack_email(contact=contact).send()
    for recipient in staff_recipients():
        contact_staff_email(contact=contact, recipient=recipient).send()

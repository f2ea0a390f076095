"""Tell the other side of a ticket that something happened: the customer, the assignee or the Support group.

Customers and assignees get a notification (live, and by email per their
preferences) written in their own language; an unassigned ticket's news goes
by email to the Support group, once the transaction has committed.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.services import notify

from ..models import Ticket, TicketMessage


def _excerpt(text: str, length: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else f"{text[: length - 1]}…"


def ticket_notify_reply(*, message: TicketMessage) -> None:
    """Notify the other side of a new (public) message of a ticket."""
    ticket = message.ticket
    if message.is_internal:
        return
    if message.from_staff:
        _notify_customer(
            ticket, kind="ticket_reply", title=gettext_lazy("New reply on ticket %(number)s"), body=message.body
        )
    elif ticket.assignee_id and ticket.assignee.is_active:
        with translation.override(ticket.assignee.preferred_language):
            notify(
                user=ticket.assignee,
                kind="ticket_reply",
                title=_("The customer replied on ticket %(number)s") % {"number": ticket.number},
                body=_excerpt(message.body),
                url=reverse("admin:support_ticket_change", args=[ticket.pk]),
            )
    else:
        from ..tasks import ticket_staff_alert_task  # the task module imports these services

        message_id = message.pk
        transaction.on_commit(lambda: ticket_staff_alert_task.delay(message_id))


def ticket_notify_status(*, ticket: Ticket) -> None:
    """Tell the customer that their ticket's status changed."""
    label = Ticket.Status(ticket.status).label
    with translation.override(ticket.customer.preferred_language):
        body = _("Its status is now: %(status)s.") % {"status": label}
    _notify_customer(ticket, kind="ticket_status", title=gettext_lazy("Ticket %(number)s updated"), body=body)


def _notify_customer(ticket: Ticket, *, kind: str, title, body: str) -> None:
    """Notify the ticket's customer, in their language, with a link to the ticket page."""
    customer = ticket.customer
    with translation.override(customer.preferred_language):
        notify(
            user=customer,
            kind=kind,
            title=str(title) % {"number": ticket.number},
            body=_excerpt(body),
            url=ticket.get_absolute_url(),
        )

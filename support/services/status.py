"""The life of a ticket: one transition table and the one service that moves a ticket along it.

open → pending (waiting for the customer) → resolved → closed; a resolved or
closed ticket may be reopened within ``SUPPORT_REOPEN_DAYS`` days. Customers
may only close their ticket or reopen it; staff may make every move of the table.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webox.common.errors import Conflict, PermissionDenied

from ..errors import SupportErrorCode
from ..models import Ticket, TicketMessage
from .alerts import ticket_notify_status
from .sla import sla_due

Status = Ticket.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.OPEN: frozenset({Status.PENDING, Status.RESOLVED, Status.CLOSED}),
    Status.PENDING: frozenset({Status.OPEN, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.OPEN}),
}
CUSTOMER_TARGETS = frozenset({Status.OPEN, Status.CLOSED})
REOPENED_FROM = (Status.RESOLVED, Status.CLOSED)


def ticket_can_transition(from_status: str, to_status: str) -> bool:
    """Say whether the table allows a ticket in ``from_status`` to move to ``to_status``."""
    return to_status in TRANSITIONS.get(from_status, frozenset())


def is_staff_actor(actor) -> bool:
    return bool(getattr(actor, "is_staff", False))


def _label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


def _check(ticket: Ticket, to_status: str, actor) -> None:
    """Raise when the table, the actor or the reopening delay forbids the move."""
    if not ticket_can_transition(ticket.status, to_status):
        raise Conflict(
            _("Ticket %(number)s cannot go from “%(from)s” to “%(to)s”.")
            % {"number": ticket.number, "from": _label(ticket.status), "to": _label(to_status)},
            code=SupportErrorCode.INVALID_TRANSITION,
            extra={"from_status": ticket.status, "to_status": to_status},
        )
    if not is_staff_actor(actor) and (
        actor is None or actor.pk != ticket.customer_id or to_status not in CUSTOMER_TARGETS
    ):
        raise PermissionDenied(_("You cannot change this ticket that way."), code=SupportErrorCode.NOT_ALLOWED)
    if ticket.status in REOPENED_FROM and to_status == Status.OPEN:
        _reopen_check(ticket)


def _reopen_check(ticket: Ticket) -> None:
    ended = max(stamp for stamp in (ticket.resolved_at, ticket.closed_at, ticket.updated_at) if stamp)
    if ended + timedelta(days=settings.SUPPORT_REOPEN_DAYS) < timezone.now():
        raise Conflict(
            _("This ticket was closed more than %(days)s days ago: please open a new one.")
            % {"days": settings.SUPPORT_REOPEN_DAYS},
            code=SupportErrorCode.REOPEN_EXPIRED,
        )


def _stamp(ticket: Ticket, to_status: str, now) -> list[str]:
    """Set the dates that go with the move; return the names of the fields changed."""
    if to_status == Status.RESOLVED:
        ticket.resolved_at = now
        return ["resolved_at"]
    if to_status == Status.CLOSED:
        ticket.closed_at = now
        return ["closed_at"]
    if to_status == Status.OPEN and ticket.status in REOPENED_FROM:
        ticket.resolved_at = ticket.closed_at = ticket.resolution_escalated_at = None
        ticket.resolution_due_at = sla_due(ticket.priority, "resolution_hours", start=now)
        return ["resolved_at", "closed_at", "resolution_escalated_at", "resolution_due_at"]
    return []


def ticket_transition(*, ticket: Ticket, to_status: str, actor, note: str = "") -> Ticket:
    """Move ``ticket`` to ``to_status`` if the table and the actor allow it; return it saved.

    A ``note`` is kept in the conversation (an internal note when staff write it).
    The customer is notified when someone else changed the status.
    """
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        _check(locked, to_status, actor)
        fields = _stamp(locked, to_status, timezone.now())
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at", *fields])
        if note.strip():
            staff = is_staff_actor(actor)
            TicketMessage.objects.create(ticket=locked, author=actor, from_staff=staff, body=note, is_internal=staff)
        if actor is None or actor.pk != locked.customer_id:
            ticket_notify_status(ticket=locked)
    for field in Ticket._meta.concrete_fields:
        setattr(ticket, field.attname, getattr(locked, field.attname))
    return ticket

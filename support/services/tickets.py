"""Tickets: open one, reply in its conversation, assign it, change its priority, rate the help received."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError, Conflict, PermissionDenied

from ..errors import SupportErrorCode
from ..models import Ticket, TicketMessage
from .alerts import ticket_notify_reply
from .attachments import attachments_save, attachments_validate
from .sla import sla_due
from .status import is_staff_actor, ticket_transition

Status = Ticket.Status


def _body_check(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ApplicationError(
            _("Write a message."),
            code=SupportErrorCode.EMPTY_MESSAGE,
            extra={"fields": {"body": [_("This field is required.")]}},
        )
    return body


def _order_check(order, customer) -> None:
    if order is not None and order.user_id != customer.pk:
        raise ApplicationError(
            _("Choose one of your own orders."),
            code=SupportErrorCode.INVALID_ORDER,
            extra={"fields": {"order": [_("This order is not one of yours.")]}},
        )


def _sla_set(ticket: Ticket, start) -> None:
    ticket.first_response_due_at = sla_due(ticket.priority, "first_response_hours", start=start)
    ticket.resolution_due_at = sla_due(ticket.priority, "resolution_hours", start=start)


def ticket_create(
    *,
    customer,
    subject: str,
    category: str,
    body: str,
    order=None,
    priority: str = Ticket.Priority.NORMAL,
    attachments=(),
    language: str | None = None,
) -> Ticket:
    """Open a ticket for ``customer`` with its first message; raise ``ApplicationError`` for a foreign order."""
    body = _body_check(body)
    _order_check(order, customer)
    checked = attachments_validate(attachments)
    with transaction.atomic():
        ticket = Ticket(customer=customer, subject=subject.strip()[:200], category=category, order=order)
        ticket.priority = priority
        ticket.language = language or customer.preferred_language
        _sla_set(ticket, timezone.now())
        ticket.save()
        ticket.number = f"SUP-{ticket.created_at.year}-{ticket.pk:06d}"
        ticket.save(update_fields=["number"])
        message = TicketMessage.objects.create(ticket=ticket, author=customer, body=body)
        attachments_save(message=message, uploads=attachments, checked=checked)
        ticket_notify_reply(message=message)
    return ticket


def _reply_check(ticket: Ticket, author, is_internal: bool) -> bool:
    """Return whether ``author`` writes as staff; raise when they may not write here."""
    staff = is_staff_actor(author) and author.pk != ticket.customer_id
    if not staff and author.pk != ticket.customer_id:
        raise PermissionDenied(_("You cannot reply to this ticket."), code=SupportErrorCode.NOT_ALLOWED)
    if is_internal and not staff:
        raise PermissionDenied(_("Only staff can write internal notes."), code=SupportErrorCode.NOT_ALLOWED)
    if ticket.status == Status.CLOSED and not is_internal:
        raise Conflict(_("This ticket is closed: reopen it to write again."), code=SupportErrorCode.TICKET_CLOSED)
    return staff


def ticket_reply(*, ticket: Ticket, author, body: str, is_internal: bool = False, attachments=()) -> TicketMessage:
    """Add ``author``'s message to the conversation and notify the other side.

    A staff reply records the first response; a customer's reply brings a ticket
    waiting for them (or resolved, within the reopening delay) back to open.
    """
    body = _body_check(body)
    checked = attachments_validate(attachments)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        staff = _reply_check(locked, author, is_internal)
        message = TicketMessage.objects.create(
            ticket=locked, author=author, from_staff=staff, body=body, is_internal=is_internal
        )
        attachments_save(message=message, uploads=attachments, checked=checked)
        if staff and not is_internal and locked.first_response_at is None:
            locked.first_response_at = message.created_at
            locked.save(update_fields=["first_response_at", "updated_at"])
        if not staff and locked.status in (Status.PENDING, Status.RESOLVED):
            locked = ticket_transition(ticket=locked, to_status=Status.OPEN, actor=author)
        ticket_notify_reply(message=message)
    ticket.refresh_from_db()
    return message


def ticket_assign(*, ticket: Ticket, assignee, actor=None) -> Ticket:
    """Give ``ticket`` to the staff member ``assignee`` (None leaves it unassigned)."""
    if assignee is not None and not assignee.is_staff:
        raise ApplicationError(_("Tickets can only be assigned to staff."), code=SupportErrorCode.NOT_ALLOWED)
    with transaction.atomic():
        updated = Ticket.objects.filter(pk=ticket.pk).update(assignee=assignee, updated_at=timezone.now())
        if not updated:
            raise Conflict(_("This ticket no longer exists."), code=SupportErrorCode.TICKET_NOT_FOUND)
    ticket.assignee = assignee
    return ticket


def ticket_set_priority(*, ticket: Ticket, priority: str) -> Ticket:
    """Change ``ticket``'s priority and recompute its due dates from its opening time."""
    if priority not in Ticket.Priority.values:
        raise ApplicationError(_("Choose a valid priority."), code=SupportErrorCode.NOT_ALLOWED)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        locked.priority = priority
        _sla_set(locked, locked.created_at)
        locked.save(update_fields=["priority", "first_response_due_at", "resolution_due_at", "updated_at"])
    ticket.refresh_from_db()
    return ticket


def ticket_set_category(*, ticket: Ticket, category: str) -> Ticket:
    """File ``ticket`` under another category (staff sorting the queue)."""
    if category not in Ticket.Category.values:
        raise ApplicationError(_("Choose a valid category."), code=SupportErrorCode.NOT_ALLOWED)
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        locked.category = category
        locked.save(update_fields=["category", "updated_at"])
    ticket.refresh_from_db()
    return ticket


def ticket_rate(*, ticket: Ticket, customer, rating: int, comment: str = "") -> Ticket:
    """Record the customer's satisfaction (1 to 5, and a comment) with a resolved or closed ticket."""
    if customer.pk != ticket.customer_id:
        raise PermissionDenied(_("Only the customer can rate this ticket."), code=SupportErrorCode.NOT_ALLOWED)
    if ticket.status not in (Status.RESOLVED, Status.CLOSED):
        raise Conflict(_("A ticket can be rated once it is resolved."), code=SupportErrorCode.RATING_NOT_ALLOWED)
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ApplicationError(
            _("Give a rating from 1 to 5."),
            code=SupportErrorCode.INVALID_RATING,
            extra={"fields": {"rating": [_("Give a rating from 1 to 5.")]}},
        )
    with transaction.atomic():
        Ticket.objects.filter(pk=ticket.pk).update(rating=rating, rating_comment=comment.strip()[:2000])
    ticket.refresh_from_db()
    return ticket

"""A ticket's life: open → pending → resolved → closed, reopening within 14 days, and the moves refused."""

import pytest

from support.models import Ticket
from support.services import TRANSITIONS, ticket_reply, ticket_transition
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from tests.support.factories import staff_make, ticket_open
from webox.common.errors import ApplicationError, Conflict, PermissionDenied

pytestmark = pytest.mark.django_db
Status = Ticket.Status
# Sorted: the table holds sets, whose order changes between processes (xdist collects in each worker).
ALLOWED = sorted((source, target) for source, targets in TRANSITIONS.items() for target in targets)
FORBIDDEN = [
    (source, target) for source in Status.values for target in Status.values if (source, target) not in ALLOWED
]


def _ticket_in(status: str, **fields) -> Ticket:
    ticket = ticket_open(**fields)
    Ticket.objects.filter(pk=ticket.pk).update(status=status)
    ticket.refresh_from_db()
    return ticket


def test_ticket_create_numbers_the_ticket_and_sets_due_dates(settings, time_machine):
    time_machine.move_to("2026-04-01 10:00:00+00:00", tick=False)
    settings.SUPPORT_SLA = {"urgent": {"first_response_hours": 2, "resolution_hours": 24}}
    ticket = ticket_open(priority="urgent")
    assert ticket.number == f"SUP-2026-{ticket.pk:06d}"
    assert ticket.status == Status.OPEN
    assert ticket.first_response_due_at.isoformat() == "2026-04-01T12:00:00+00:00"
    assert ticket.resolution_due_at.isoformat() == "2026-04-02T10:00:00+00:00"
    assert list(ticket.messages.values_list("body", flat=True)) == ["Mon colis n'est pas arrivé."]


def test_ticket_create_accepts_only_one_of_the_customers_own_orders():
    customer = UserFactory()
    own = OrderFactory(user=customer)
    assert ticket_open(customer=customer, order=own).order == own
    with pytest.raises(ApplicationError) as refused:
        ticket_open(customer=customer, order=OrderFactory())
    assert refused.value.code == "invalid_order"
    assert not Ticket.objects.filter(order__user__isnull=False).exclude(order=own).exists()


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_staff_can_make_every_move_of_the_table(source, target):
    ticket = _ticket_in(source)
    ticket_transition(ticket=ticket, to_status=target, actor=staff_make())
    ticket.refresh_from_db()
    assert ticket.status == target


@pytest.mark.parametrize(("source", "target"), FORBIDDEN)
def test_moves_outside_the_table_are_refused_with_invalid_transition(source, target):
    ticket = _ticket_in(source)
    with pytest.raises(Conflict) as refused:
        ticket_transition(ticket=ticket, to_status=target, actor=staff_make())
    assert refused.value.code == "invalid_transition"
    assert Ticket.objects.get(pk=ticket.pk).status == source


def test_resolving_and_closing_stamp_their_dates():
    ticket, agent = ticket_open(), staff_make()
    ticket_transition(ticket=ticket, to_status=Status.RESOLVED, actor=agent)
    assert ticket.resolved_at is not None and ticket.closed_at is None
    ticket_transition(ticket=ticket, to_status=Status.CLOSED, actor=agent)
    assert ticket.closed_at is not None


def test_customer_can_close_and_reopen_but_not_resolve_or_set_pending():
    ticket = ticket_open()
    for target in (Status.RESOLVED, Status.PENDING):
        with pytest.raises(PermissionDenied):
            ticket_transition(ticket=ticket, to_status=target, actor=ticket.customer)
    ticket_transition(ticket=ticket, to_status=Status.CLOSED, actor=ticket.customer)
    ticket_transition(ticket=ticket, to_status=Status.OPEN, actor=ticket.customer)
    assert ticket.status == Status.OPEN and ticket.closed_at is None


def test_another_customer_cannot_change_a_ticket():
    with pytest.raises(PermissionDenied):
        ticket_transition(ticket=ticket_open(), to_status=Status.CLOSED, actor=UserFactory())


def test_reopen_is_allowed_within_14_days_and_refused_after(time_machine):
    time_machine.move_to("2026-04-01 10:00:00+00:00", tick=False)
    ticket = ticket_open()
    ticket_transition(ticket=ticket, to_status=Status.RESOLVED, actor=staff_make())
    time_machine.move_to("2026-04-14 10:00:00+00:00", tick=False)
    ticket_transition(ticket=ticket, to_status=Status.OPEN, actor=ticket.customer)
    assert ticket.resolution_due_at.isoformat() == "2026-04-19T10:00:00+00:00"  # 120 h from the reopening
    ticket_transition(ticket=ticket, to_status=Status.CLOSED, actor=ticket.customer)
    time_machine.move_to("2026-04-29 10:00:01+00:00", tick=False)
    with pytest.raises(Conflict) as refused:
        ticket_transition(ticket=ticket, to_status=Status.OPEN, actor=ticket.customer)
    assert refused.value.code == "reopen_expired"


def test_customer_reply_brings_a_waiting_ticket_back_to_open():
    ticket = ticket_open()
    ticket_transition(ticket=ticket, to_status=Status.PENDING, actor=staff_make())
    ticket_reply(ticket=ticket, author=ticket.customer, body="Voici le numéro de suivi.")
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_first_staff_reply_records_the_first_response_but_an_internal_note_does_not():
    ticket, agent = ticket_open(), staff_make()
    ticket_reply(ticket=ticket, author=agent, body="Vérifier avec le transporteur.", is_internal=True)
    assert Ticket.objects.get(pk=ticket.pk).first_response_at is None
    message = ticket_reply(ticket=ticket, author=agent, body="Nous regardons.")
    assert Ticket.objects.get(pk=ticket.pk).first_response_at == message.created_at


def test_closed_ticket_refuses_replies_and_customers_cannot_write_internal_notes():
    ticket = ticket_open()
    with pytest.raises(PermissionDenied):
        ticket_reply(ticket=ticket, author=ticket.customer, body="Secret", is_internal=True)
    with pytest.raises(PermissionDenied):
        ticket_reply(ticket=ticket, author=UserFactory(), body="Bonjour")
    ticket_transition(ticket=ticket, to_status=Status.CLOSED, actor=ticket.customer)
    with pytest.raises(Conflict) as refused:
        ticket_reply(ticket=ticket, author=ticket.customer, body="Encore moi")
    assert refused.value.code == "ticket_closed"


def test_rating_is_for_the_customer_of_a_resolved_ticket_from_1_to_5():
    from support.services import ticket_rate

    ticket = ticket_open()
    with pytest.raises(Conflict):
        ticket_rate(ticket=ticket, customer=ticket.customer, rating=5)
    ticket_transition(ticket=ticket, to_status=Status.RESOLVED, actor=staff_make())
    with pytest.raises(ApplicationError):
        ticket_rate(ticket=ticket, customer=ticket.customer, rating=6)
    with pytest.raises(PermissionDenied):
        ticket_rate(ticket=ticket, customer=UserFactory(), rating=4)
    ticket_rate(ticket=ticket, customer=ticket.customer, rating=4, comment="Rapide.")
    assert (ticket.rating, ticket.rating_comment) == (4, "Rapide.")

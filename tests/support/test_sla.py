"""SLA timers: overdue tickets are escalated to the Support group by email, once per breach (controlled clock)."""

import pytest
from django.core import mail

from support.models import Ticket
from support.services import ticket_reply, ticket_transition
from support.tasks import tickets_escalate_task
from tests.support.factories import staff_make, ticket_open

pytestmark = pytest.mark.django_db

SLA = {
    "high": {"first_response_hours": 4, "resolution_hours": 24},
    "normal": {"first_response_hours": 24, "resolution_hours": 72},
}


@pytest.fixture(autouse=True)
def _sla(settings, time_machine):
    settings.SUPPORT_SLA = SLA
    time_machine.move_to("2026-05-04 08:00:00+00:00", tick=False)


def _escalate(capture) -> int:
    with capture(execute=True):
        return tickets_escalate_task.delay().get()


def test_nothing_is_escalated_before_the_due_date(django_capture_on_commit_callbacks, time_machine):
    staff_make()
    ticket_open(priority="high")
    mail.outbox.clear()
    time_machine.move_to("2026-05-04 11:59:00+00:00", tick=False)
    assert _escalate(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_a_late_first_response_is_escalated_once(django_capture_on_commit_callbacks, time_machine):
    agent = staff_make(preferred_language="en")
    ticket = ticket_open(priority="high")
    mail.outbox.clear()
    time_machine.move_to("2026-05-04 12:01:00+00:00", tick=False)
    assert _escalate(django_capture_on_commit_callbacks) == 1
    assert [message.to for message in mail.outbox] == [[agent.email]]
    assert ticket.number in mail.outbox[0].body and "1 overdue support tickets" in mail.outbox[0].subject
    assert Ticket.objects.get(pk=ticket.pk).first_response_escalated_at is not None
    time_machine.move_to("2026-05-04 13:01:00+00:00", tick=False)
    assert _escalate(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_a_late_resolution_is_a_second_breach(django_capture_on_commit_callbacks, time_machine):
    staff_make()
    ticket = ticket_open(priority="high")
    time_machine.move_to("2026-05-04 09:00:00+00:00", tick=False)
    ticket_reply(ticket=ticket, author=staff_make(), body="Nous regardons.")  # first response in time
    time_machine.move_to("2026-05-05 07:59:00+00:00", tick=False)
    assert _escalate(django_capture_on_commit_callbacks) == 0
    time_machine.move_to("2026-05-05 08:01:00+00:00", tick=False)
    assert _escalate(django_capture_on_commit_callbacks) == 1
    assert Ticket.objects.get(pk=ticket.pk).resolution_escalated_at is not None
    assert _escalate(django_capture_on_commit_callbacks) == 0


def test_tickets_waiting_for_the_customer_or_resolved_are_not_escalated(
    django_capture_on_commit_callbacks, time_machine
):
    agent = staff_make()
    waiting, resolved = ticket_open(priority="high"), ticket_open(priority="high")
    ticket_transition(ticket=waiting, to_status="pending", actor=agent)
    ticket_transition(ticket=resolved, to_status="resolved", actor=agent)
    time_machine.move_to("2026-05-10 08:00:00+00:00", tick=False)
    assert _escalate(django_capture_on_commit_callbacks) == 0


def test_overdue_tickets_are_highlighted_and_filtered_in_the_admin_queue(admin_client_verified, time_machine):
    late, on_time = ticket_open(priority="high", subject="En retard"), ticket_open(subject="Dans les temps")
    time_machine.move_to("2026-05-04 13:00:00+00:00", tick=False)
    html = admin_client_verified.get("/admin/support/ticket/?queue=overdue").content.decode()
    assert late.number in html and on_time.number not in html
    assert 'class="sla-overdue"' in html


def test_escalation_is_scheduled_hourly_by_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["support-escalate"]
    assert entry["task"] == "support.tasks.tickets_escalate_task"
    assert entry["schedule"].minute == {5} and len(entry["schedule"].hour) == 24

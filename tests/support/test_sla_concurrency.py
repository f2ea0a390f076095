"""Two escalation runs at the same moment escalate each breach once (PostgreSQL row locks)."""

import pytest

from support.services import tickets_escalate
from tests.concurrency import needs_postgresql, run_concurrently
from tests.support.factories import ticket_open

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    needs_postgresql()


def test_concurrent_escalation_runs_escalate_a_ticket_once(settings, time_machine):
    settings.SUPPORT_SLA = {"high": {"first_response_hours": 1, "resolution_hours": 2}}
    time_machine.move_to("2026-05-04 08:00:00+00:00", tick=False)
    ticket = ticket_open(priority="high")
    time_machine.move_to("2026-05-04 09:30:00+00:00", tick=False)
    results = run_concurrently(lambda _index: tickets_escalate(), 4)
    assert sorted(pk for found in results for pk in found) == [ticket.pk]

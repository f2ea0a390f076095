"""Two escalation runs at the same moment escalate each breach once (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from support.services import tickets_escalate
from tests.support.factories import ticket_open

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")


def test_concurrent_escalation_runs_escalate_a_ticket_once(settings, time_machine):
    settings.SUPPORT_SLA = {"high": {"first_response_hours": 1, "resolution_hours": 2}}
    time_machine.move_to("2026-05-04 08:00:00+00:00", tick=False)
    ticket = ticket_open(priority="high")
    time_machine.move_to("2026-05-04 09:30:00+00:00", tick=False)
    results: list[list[int]] = []
    start = threading.Barrier(4)

    def run() -> None:
        start.wait()
        try:
            results.append(tickets_escalate())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(pk for found in results for pk in found) == [ticket.pk]

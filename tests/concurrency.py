"""Helpers for tests of real concurrency: threads released together, each on its own database connection."""

import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections, transaction


def needs_postgresql() -> None:
    """Skip the test unless the database takes row locks (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks and real concurrency need PostgreSQL (set DATABASE_URL)")


def run_concurrently(work: Callable[[int], object], count: int) -> list:
    """Run ``work(index)`` in ``count`` threads started together; return each result or the exception it raised.

    Each thread uses its own database connection, closed when it ends.
    """
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work(index)
        except Exception as exc:  # the test inspects what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def in_two_transactions(first, second) -> None:
    """Run ``first`` in a transaction left open a moment, and ``second`` on another connection meanwhile.

    When ``second`` has to wait for ``first`` (row locks), it ends after ``first`` commits.
    """
    started = threading.Event()

    def run_first():
        try:
            with transaction.atomic():
                first()
                started.set()
                time.sleep(0.5)  # the other connection runs now (or waits for this commit)
        finally:
            connections.close_all()

    def run_second():
        try:
            started.wait(timeout=10)
            with transaction.atomic():
                second()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

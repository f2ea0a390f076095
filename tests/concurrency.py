"""Helpers for tests of real concurrency: threads released together, each on its own database connection."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections


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

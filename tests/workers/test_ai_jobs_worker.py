"""A real Celery worker runs AI jobs; a job whose worker child is killed is redelivered and charged once.

Needs PostgreSQL (the worker process must see the test's committed rows) and Redis (the broker).
Redelivery: with ``acks_late`` and ``reject_on_worker_lost``, the worker's parent process rejects
the message of a child that died (SIGKILL) with ``requeue=True``, and a new child runs it again.
"""

import os
import signal
import uuid

import pytest
from celery import current_app
from django.db import connection
from django.db.models import Sum

from ai_studio.models import CreditEntry, GenerationJob
from ai_studio.services import credits_grant, job_create
from ai_studio.tasks import job_run_task
from tests.factories import UserFactory

from .ai_support import SLOW_MODEL, sender_app, slow_provider_config, wait_for, worker_start

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
Kind = CreditEntry.Kind
SLOW_SECONDS = 2.0
WAIT_SECONDS = 40  # a worker starts in about 3 s, slower when the machine is busy


@pytest.fixture
def ai_worker(settings, tmp_path):
    """Start a worker on a queue of its own and send this test's tasks there; yield the provider's pid file."""
    if connection.vendor != "postgresql" or not settings.REDIS_TEST_URL:
        pytest.skip("the AI worker tests need PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")
    queue, pid_file = f"test-ai-{uuid.uuid4().hex[:8]}", tmp_path / "slow-pids"
    settings.AI_PROVIDERS = {**settings.AI_PROVIDERS, "slow": slow_provider_config(pid_file="", seconds=0)}
    settings.AI_MODELS = [*settings.AI_MODELS, SLOW_MODEL]
    sender = sender_app(queue)
    process = worker_start(queue=queue, pid_file=str(pid_file), seconds=SLOW_SECONDS)
    previous = current_app._get_current_object()
    sender.set_current()
    try:
        assert job_run_task.app is sender and not sender.conf.task_always_eager
        yield pid_file
    finally:
        previous.set_current()
        sender.close()
        process.terminate()
        process.wait(timeout=20)


def _user_with_credits(amount: int):
    user = UserFactory()
    credits_grant(user=user, amount=amount, reason="worker test")
    return user


def _finished(job: GenerationJob):
    job.refresh_from_db()
    return job if job.is_finished else None


def _ledger(job: GenerationJob) -> dict[str, list[int]]:
    entries = {}
    for kind, amount in CreditEntry.objects.filter(job=job).values_list("kind", "amount"):
        entries.setdefault(kind, []).append(amount)
    return entries


def _child_pids(pid_file) -> list[int]:
    return [int(line) for line in pid_file.read_text().split()] if pid_file.exists() else []


def test_demo_job_runs_in_a_real_worker_and_settles_once(ai_worker):
    """A demo chat job queued by ``job_create`` succeeds in the worker, with its answer stored and one settlement."""
    user = _user_with_credits(100)
    job = job_create(user=user, kind="chat", model="demo-chat", prompt="Écris un slogan pour une boutique")
    job = wait_for(lambda: _finished(job), what="the job to finish", timeout=WAIT_SECONDS)
    assert job.status == GenerationJob.Status.SUCCEEDED
    assert job.settled and 0 < job.cost < job.reserved_credits
    ledger = _ledger(job)
    assert ledger == {Kind.RESERVE: [-job.reserved_credits], Kind.SETTLE: [job.reserved_credits - job.cost]}
    result = job.results.get()
    with result.file.open("rb") as stored:
        assert "démonstration" in stored.read().decode()
    user.credit_account.refresh_from_db()
    assert (user.credit_account.balance, user.credit_account.reserved) == (100 - job.cost, 0)


def test_job_of_a_killed_worker_child_is_redelivered_and_charged_once(ai_worker):
    """SIGKILL on the child running a job: the parent requeues it, a new child completes it, charged once."""
    user = _user_with_credits(100)
    job = job_create(user=user, kind="chat", model=SLOW_MODEL["id"], prompt="Réponds lentement")
    first_child = wait_for(lambda: _child_pids(ai_worker), what="a child to start the job", timeout=WAIT_SECONDS)[0]
    os.kill(first_child, signal.SIGKILL)
    job = wait_for(lambda: _finished(job), what="the job to finish", timeout=WAIT_SECONDS)
    children = _child_pids(ai_worker)
    assert len(children) == 2 and children[1] != first_child
    assert job.status == GenerationJob.Status.SUCCEEDED
    assert job.cost == 5  # 1,000 tokens in at 1 credit and 2,000 out at 2 credits per 1,000
    assert CreditEntry.objects.filter(job=job, kind=Kind.RESERVE).count() == 1
    assert CreditEntry.objects.filter(job=job, kind=Kind.SETTLE).count() <= 1
    assert CreditEntry.objects.filter(job=job).aggregate(total=Sum("amount"))["total"] == -job.cost
    user.credit_account.refresh_from_db()
    assert (user.credit_account.balance, user.credit_account.reserved) == (100 - job.cost, 0)
    assert job.results.count() == 1

"""Simultaneous jobs never take the balance below zero (row locks: PostgreSQL only)."""

import pytest
from django.db.models import Sum

from ai_studio.errors import InsufficientCredits
from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.services import job_create
from tests.concurrency import needs_postgresql, run_concurrently

from .studio_support import funded_user_make


@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_jobs_never_overdraw_the_balance():
    needs_postgresql()
    user = funded_user_make(23)  # an image costs 5: four jobs fit, six are refused

    def work(_index: int):
        return job_create(user=user, kind="image", model="demo-image", prompt="Un phare")

    results = run_concurrently(work, 10)
    created = [result for result in results if isinstance(result, GenerationJob)]
    refused = [result for result in results if isinstance(result, InsufficientCredits)]
    assert (len(created), len(refused)) == (4, 6), results
    account = CreditAccount.objects.get(user=user)  # the jobs ran (eager Celery) and cost what they reserved
    assert (account.balance, account.reserved) == (3, 0)
    assert set(GenerationJob.objects.values_list("status", "cost")) == {(GenerationJob.Status.SUCCEEDED, 5)}
    assert account.entries.aggregate(total=Sum("amount"))["total"] == 3

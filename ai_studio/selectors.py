"""Reads of the AI studio: a user's jobs and credit history."""

from django.db.models import QuerySet

from .models import CreditEntry, GenerationJob, GenerationResult

CREDIT_HISTORY_LENGTH = 50


def job_list(*, user) -> QuerySet[GenerationJob]:
    """Return the user's jobs, the latest first, with their result files."""
    return GenerationJob.objects.filter(user=user).prefetch_related("results")


def credit_entry_list(*, user, limit: int = CREDIT_HISTORY_LENGTH) -> list[CreditEntry]:
    """Return the latest ``limit`` movements of the user's credits."""
    return list(CreditEntry.objects.filter(account__user=user)[:limit])


def result_get_for(*, user, result_id: int) -> GenerationResult | None:
    """Return the result file ``result_id`` when it belongs to one of the user's jobs."""
    return GenerationResult.objects.filter(pk=result_id, job__user=user).first()

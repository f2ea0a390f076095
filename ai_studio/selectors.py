"""Reads of the AI studio: a user's jobs and credit history."""

from django.db.models import Prefetch, QuerySet

from .models import Conversation, CreditEntry, GenerationJob, GenerationResult, Message

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


def conversation_with_messages(*, conversation_id: int) -> Conversation:
    """Return the conversation with its messages and their jobs (status, error) in two queries."""
    messages = Prefetch("messages", queryset=Message.objects.select_related("job"))
    return Conversation.objects.prefetch_related(messages).get(pk=conversation_id)


def message_list(*, ids: list[int]) -> list[Message]:
    """Return the messages ``ids`` in that order, with their jobs."""
    by_id = Message.objects.select_related("job").in_bulk(ids)
    return [by_id[pk] for pk in ids]

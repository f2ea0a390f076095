"""Reads of the AI studio: a user's jobs and credit history."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from .models import Conversation, CreditAccount, CreditEntry, GenerationJob, GenerationResult, Message

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


def conversation_list(*, user, search: str = "") -> QuerySet[Conversation]:
    """Return the user's conversations, the latest active first; ``search`` matches a title or a message."""
    conversations = Conversation.objects.filter(user=user)
    search = search.strip()
    if search:
        matching = Message.objects.filter(content__icontains=search).values("conversation_id")
        conversations = conversations.filter(Q(title__icontains=search) | Q(pk__in=matching))
    return conversations


def job_list_of_kind(*, user, kinds: list[str] | None = None) -> QuerySet[GenerationJob]:
    """Return the user's jobs (of ``kinds`` when given), the latest first, with their result files."""
    jobs = job_list(user=user)
    return jobs.filter(kind__in=kinds) if kinds else jobs


def credit_entry_queryset(*, user) -> QuerySet[CreditEntry]:
    """Return every movement of the user's credits, the latest first, with its job (for paging)."""
    return CreditEntry.objects.filter(account__user=user).select_related("job")


def credit_balance(*, user) -> tuple[int, int]:
    """Return the user's ``(balance, reserved)`` credits without opening an account (0, 0 when none)."""
    row = CreditAccount.objects.filter(user=user).values_list("balance", "reserved").first()
    return row or (0, 0)


def image_result_list(*, user, limit: int = 24) -> list[GenerationResult]:
    """Return the user's latest generated pictures (what a video can animate), with their jobs."""
    results = GenerationResult.objects.filter(job__user=user, content_type__startswith="image/")
    return list(results.select_related("job").order_by("-pk")[:limit])


def usage_by_model(*, user) -> list[dict]:
    """Return the user's generations per provider and model: jobs, tokens in and out, credits spent (one query)."""
    rows = GenerationJob.objects.filter(user=user).values("provider", "model")
    return list(
        rows.annotate(
            jobs=Count("pk"),
            input_tokens=Coalesce(Sum("input_tokens"), 0),
            output_tokens=Coalesce(Sum("output_tokens"), 0),
            credits=Coalesce(Sum("cost"), 0),
        ).order_by("-credits", "provider", "model")
    )

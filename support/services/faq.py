"""FAQ votes: "was this helpful?", one answer per visitor session and entry."""

from django.db import IntegrityError, transaction

from ..models import FAQEntry, FAQVote


def faq_vote(*, entry: FAQEntry, session_key: str, helpful: bool) -> tuple[FAQVote, bool]:
    """Record a session's vote on ``entry``; the same session voting again changes nothing. Return (vote, created)."""
    try:
        with transaction.atomic():
            return FAQVote.objects.get_or_create(entry=entry, session_key=session_key, defaults={"helpful": helpful})
    except IntegrityError:  # the same session voted at the same moment in another request
        return FAQVote.objects.get(entry=entry, session_key=session_key), False

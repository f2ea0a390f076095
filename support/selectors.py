"""Help desk reads used by the pages."""

from dataclasses import dataclass, field

from django.db.models import QuerySet

from orders.models import Order
from shop.seo import json_ld
from webox.common.markdown import render_markdown

from .models import FAQCategory, FAQEntry, Ticket, TicketAttachment, TicketMessage


@dataclass
class FAQSection:
    """A category of the FAQ with its entries in one language."""

    category: FAQCategory
    title: str
    entries: list[FAQEntry] = field(default_factory=list)


def faq_list_sections(*, language: str) -> list[FAQSection]:
    """Return the published FAQ entries of ``language`` grouped by category, in one query."""
    entries = (
        FAQEntry.objects.filter(is_published=True, language=language)
        .select_related("category")
        .order_by("category__position", "category__name", "category_id", "position", "pk")
    )
    sections: dict[int, FAQSection] = {}
    for entry in entries:
        section = sections.get(entry.category_id)
        if section is None:
            section = sections[entry.category_id] = FAQSection(entry.category, entry.category.name_for(language))
        section.entries.append(entry)
    return list(sections.values())


def faq_search(*, language: str, query: str) -> list[FAQSection]:
    """Return the sections of ``language`` keeping only the entries whose question or answer contains ``query``."""
    words = query.lower().split()
    sections = []
    for section in faq_list_sections(language=language):
        entries = [entry for entry in section.entries if _matches(entry, words)]
        if entries:
            sections.append(FAQSection(section.category, section.title, entries))
    return sections


def _matches(entry: FAQEntry, words: list[str]) -> bool:
    text = f"{entry.question} {entry.answer}".lower()
    return all(word in text for word in words)


def faq_json_ld(*, sections: list[FAQSection]) -> str:
    """Return the schema.org ``FAQPage`` of these sections as JSON-LD (answers as sanitised HTML)."""
    entities = [
        {
            "@type": "Question",
            "name": entry.question,
            "acceptedAnswer": {"@type": "Answer", "text": render_markdown(entry.answer)},
        }
        for section in sections
        for entry in section.entries
    ]
    return json_ld({"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": entities})


def ticket_list_for(*, user) -> QuerySet[Ticket]:
    """Return ``user``'s own tickets, the latest first."""
    return Ticket.objects.filter(customer=user).select_related("order").order_by("-created_at", "-pk")


def ticket_get_for(*, user, number: str) -> Ticket | None:
    """Return ticket ``number`` when ``user`` may see it (its customer, or staff), else None."""
    tickets = Ticket.objects.select_related("customer", "order", "assignee")
    if not getattr(user, "is_staff", False):
        tickets = tickets.filter(customer=user)
    return tickets.filter(number=number).first()


def ticket_messages_for(*, ticket: Ticket, user) -> QuerySet[TicketMessage]:
    """Return the messages of ``ticket`` that ``user`` may read: internal notes for staff only."""
    messages = ticket.messages.select_related("author").prefetch_related("attachments").order_by("created_at", "pk")
    if not getattr(user, "is_staff", False) or user.pk == ticket.customer_id:
        messages = messages.filter(is_internal=False)
    return messages


def attachment_get_for(*, user, pk: int) -> TicketAttachment | None:
    """Return attachment ``pk`` when ``user`` is its ticket's customer or staff (internal notes: staff only)."""
    if not getattr(user, "is_authenticated", False):
        return None
    attachments = TicketAttachment.objects.select_related("message__ticket")
    if not user.is_staff:
        attachments = attachments.filter(message__ticket__customer=user, message__is_internal=False)
    return attachments.filter(pk=pk).first()


def customer_orders(*, user):
    """Return the orders ``user`` may link a ticket to (their own, placed ones), the latest first."""
    return Order.objects.filter(user=user).exclude(number=None).order_by("-created_at")

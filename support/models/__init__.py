"""Help desk data: tickets and their messages, contact messages, canned replies and the FAQ."""

from .contact import CannedReply, ContactMessage
from .faq import FAQCategory, FAQEntry, FAQVote
from .tickets import Ticket, TicketAttachment, TicketMessage

__all__ = [
    "CannedReply",
    "ContactMessage",
    "FAQCategory",
    "FAQEntry",
    "FAQVote",
    "Ticket",
    "TicketAttachment",
    "TicketMessage",
]

"""Writes of the help desk, one module per concern; public names re-exported here."""

from .attachments import ATTACHMENT_MAX_BYTES, attachment_validate
from .contact import contact_message_create, contact_message_to_ticket
from .escalation import tickets_escalate
from .faq import faq_vote
from .status import TRANSITIONS, ticket_can_transition, ticket_transition
from .tickets import (
    ticket_assign,
    ticket_create,
    ticket_rate,
    ticket_reply,
    ticket_set_category,
    ticket_set_priority,
)

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "TRANSITIONS",
    "attachment_validate",
    "contact_message_create",
    "contact_message_to_ticket",
    "faq_vote",
    "ticket_assign",
    "ticket_can_transition",
    "ticket_create",
    "ticket_rate",
    "ticket_reply",
    "ticket_set_category",
    "ticket_set_priority",
    "ticket_transition",
    "tickets_escalate",
]

"""HTML pages of the help desk: FAQ, tickets, contact form."""

from .contact import contact
from .faq import faq, faq_vote_view
from .tickets import (
    attachment_download,
    ticket_close,
    ticket_create_view,
    ticket_detail,
    ticket_list,
    ticket_rate_view,
    ticket_reopen,
)

__all__ = [
    "attachment_download",
    "contact",
    "faq",
    "faq_vote_view",
    "ticket_close",
    "ticket_create_view",
    "ticket_detail",
    "ticket_list",
    "ticket_rate_view",
    "ticket_reopen",
]

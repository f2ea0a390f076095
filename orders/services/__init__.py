"""Writes of orders, one module per concern; public names re-exported here.

checkout   order placement (``order_place``)
status     the transition table, ``order_transition`` and the lifecycle steps
stock      variant locks, stock taken and given back
credits    AI credits owed for paid credit packs
invoices   invoices and credit notes (numbers, frozen content)
downloads  download rights of digital goods
reminders  one reminder of a cart left by a signed-in customer
"""

from .checkout import CheckoutDetails, addresses_check, checkout_key_make, order_place
from .credits import credit_grants_create
from .downloads import DownloadLink, Gone, download_links, download_open, download_token, download_url, downloads_grant
from .invoices import credit_note_issue, document_number_allocate, invoice_issue
from .reminders import cart_reminder_send, cart_reminders_send, carts_to_remind
from .status import (
    CANCELLABLE,
    TRANSITIONS,
    order_can_transition,
    order_cancel,
    order_mark_delivered,
    order_mark_paid,
    order_mark_processing,
    order_refund,
    order_ship,
    order_transition,
    orders_expire_unpaid,
)
from .stock import stock_release, stock_take, variants_lock

__all__ = [
    "CANCELLABLE",
    "TRANSITIONS",
    "CheckoutDetails",
    "DownloadLink",
    "Gone",
    "addresses_check",
    "cart_reminder_send",
    "cart_reminders_send",
    "carts_to_remind",
    "checkout_key_make",
    "credit_grants_create",
    "credit_note_issue",
    "document_number_allocate",
    "download_links",
    "download_open",
    "download_token",
    "download_url",
    "downloads_grant",
    "invoice_issue",
    "order_can_transition",
    "order_cancel",
    "order_mark_delivered",
    "order_mark_paid",
    "order_mark_processing",
    "order_place",
    "order_refund",
    "order_ship",
    "order_transition",
    "orders_expire_unpaid",
    "stock_release",
    "stock_take",
    "variants_lock",
]

"""Writes of payments, one module per concern; public names re-exported here.

start      a payment attempt and its gateway page (``payment_start``)
events     notifications: verified, stored once, processed once (``webhook_handle``, ``webhook_receive``)
apply      what a notification does to a payment and its order
refunds    refunds through the gateway, then the ledger and the order
reconcile  catching notifications that never arrived
ledger     ledger entries and review flags shared by the above
"""

from .events import paypal_ipn_receive, webhook_event_process, webhook_handle, webhook_receive
from .reconcile import payments_reconcile
from .refunds import (
    order_cancelled_refund,
    order_payments_refund,
    payment_refund,
    payment_refund_remaining,
    refund_amount_check,
)
from .start import gateway_for, payment_request_build, payment_start

__all__ = [
    "gateway_for",
    "order_cancelled_refund",
    "order_payments_refund",
    "payment_refund",
    "payment_refund_remaining",
    "payment_request_build",
    "payment_start",
    "payments_reconcile",
    "paypal_ipn_receive",
    "refund_amount_check",
    "webhook_event_process",
    "webhook_handle",
    "webhook_receive",
]

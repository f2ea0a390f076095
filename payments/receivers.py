"""What payments does when orders or django-paypal announce something.

- ``orders.signals.order_cancelled`` with ``was_paid=True``: the captured money
  is refunded through its gateway (a task, after the cancellation committed).
- django-paypal's ``valid_ipn_received``: the IPN goes through the same
  processing as every other notification.
- django-paypal's ``invalid_ipn_received``: a failed postback counts towards
  the alert on repeated verification failures; a duplicate is only logged.
"""

import logging

from django.dispatch import receiver
from paypal.standard.ipn.signals import invalid_ipn_received, valid_ipn_received

from orders.signals import order_cancelled

from .alerts import notification_failure_record
from .services import paypal_ipn_receive
from .tasks import order_cancelled_refund_task

logger = logging.getLogger("webox.payments")


@receiver(order_cancelled, dispatch_uid="payments.order_cancelled_refund")
def refund_cancelled_order(sender, order, was_paid: bool = False, **kwargs) -> None:
    if was_paid:
        order_cancelled_refund_task.delay(order.pk)


@receiver(valid_ipn_received, dispatch_uid="payments.paypal_ipn_valid")
def paypal_ipn_valid(sender, **kwargs) -> None:
    paypal_ipn_receive(ipn=sender)


@receiver(invalid_ipn_received, dispatch_uid="payments.paypal_ipn_invalid")
def paypal_ipn_invalid(sender, **kwargs) -> None:
    if "Duplicate txn_id" in (sender.flag_info or ""):
        logger.info("PayPal IPN %s is a duplicate of txn %s", sender.pk, sender.txn_id)
        return
    notification_failure_record(
        gateway="paypal", reason=sender.flag_info or "flagged", client_ip=sender.ipaddress or ""
    )

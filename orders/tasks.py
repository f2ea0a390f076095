"""Celery tasks of orders: idempotent, acknowledged late, enqueued after commit."""

from celery import shared_task

from orders.emails import order_email_send
from orders.services import orders_expire_unpaid
from orders.services.reminders import cart_reminders_send


@shared_task(
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),  # smtplib's errors and network failures are OSErrors
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=8,
)
def order_email_send_task(order_id: int, kind: str) -> None:
    """Send the ``kind`` email of an order (received, paid, shipped...); a second run sends nothing."""
    order_email_send(order_id=order_id, kind=kind)


@shared_task(acks_late=True, ignore_result=True)
def cart_reminders_send_task() -> None:
    """Remind signed-in customers of the carts they left (hourly, by Celery beat)."""
    cart_reminders_send()


@shared_task(acks_late=True, ignore_result=True)
def orders_expire_unpaid_task() -> int:
    """Cancel the orders left unpaid past the payment timeout and release their stock (every 5 minutes)."""
    return orders_expire_unpaid()

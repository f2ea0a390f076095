"""Notifications from gateways: verified, stored once, processed once, whatever the races.

Every path ends in ``webhook_receive``: Stripe's webhook, the sandbox page and
its webhook, PayPal's IPN (through django-paypal's signal) and the
reconciliation. The event is inserted in its own short transaction (the
unique (gateway, event id) makes a second delivery find the first row), then
processed under a lock on that row: a concurrent duplicate waits, sees it
processed and changes nothing.
"""

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone

from webox.common.errors import ApplicationError

from ..errors import NotificationInvalid
from ..gateways import GatewayEvent, SignedNotifications, gateway_get
from ..models import WebhookEvent
from .apply import Applied, event_apply

logger = logging.getLogger("webox.payments")


def webhook_handle(*, gateway: str, body: bytes, signature: str) -> WebhookEvent:
    """Verify a signed notification of ``gateway`` and receive it; raise NotificationInvalid if it is not authentic."""
    provider = gateway_get(gateway)
    if not isinstance(provider, SignedNotifications):
        raise NotificationInvalid(f"The {gateway} gateway does not take signed notifications.")
    payload = provider.notification_verify(body=body, signature=signature)
    return webhook_receive(gateway=gateway, event=provider.event_normalise(payload))


def webhook_receive(*, gateway: str, event: GatewayEvent) -> WebhookEvent:
    """Store ``event`` (once) and process it (once); return its row."""
    record = _event_store(gateway, event)
    return webhook_event_process(event_id=record.pk)


def _event_store(gateway: str, event: GatewayEvent) -> WebhookEvent:
    try:
        with transaction.atomic():
            return WebhookEvent.objects.create(
                gateway=gateway,
                external_id=event.external_id[:255],
                event_type=event.type[:100],
                payload=dict(event.payload),
            )
    except IntegrityError:
        return WebhookEvent.objects.get(gateway=gateway, external_id=event.external_id[:255])


def webhook_event_process(*, event_id: int, again: bool = False) -> WebhookEvent:
    """Process the stored event ``event_id`` unless it was already (``again=True``: staff's "reprocess").

    Processing again is safe: captures and refunds are recorded once, and a
    final state is never undone by an older notification.
    """
    with transaction.atomic():
        record = WebhookEvent.objects.select_for_update().get(pk=event_id)
        if record.processed_at is not None and not again:
            return record
        try:
            event = gateway_get(record.gateway).event_normalise(record.payload)
        except (ApplicationError, NotificationInvalid) as exc:
            return _outcome_save(record, Applied(WebhookEvent.Outcome.ERROR, detail=str(exc)))
        applied = event_apply(record=record, event=event)
        return _outcome_save(record, applied)


def _outcome_save(record: WebhookEvent, applied: Applied) -> WebhookEvent:
    record.outcome, record.detail = applied.outcome, applied.detail[:2000]
    record.payment = applied.payment or record.payment
    waiting = applied.outcome in (WebhookEvent.Outcome.POSTPONED, WebhookEvent.Outcome.ERROR)
    record.processed_at = None if waiting else timezone.now()
    record.save(update_fields=["outcome", "detail", "payment", "processed_at"])
    logger.info("%s event %s (%s): %s", record.gateway, record.external_id, record.event_type, record.outcome)
    return record


def paypal_ipn_receive(*, ipn) -> WebhookEvent | None:
    """Receive an IPN that django-paypal stored and verified (postback ``VERIFIED``, not a duplicate).

    The ``paypal`` gateway then checks what django-paypal does not (receiver,
    sandbox IPN in live mode, signed ``custom``) and the services check the
    amount and currency; the event id ``<txn_id>:<payment_status>`` lets
    ``Pending`` then ``Completed`` through and a repeated IPN only once.
    """
    try:
        provider = gateway_get("paypal")
    except ApplicationError:
        logger.warning("PayPal IPN %s received but no paypal gateway is configured", ipn.pk)
        return None
    return webhook_receive(gateway=provider.alias, event=provider.event_normalise(ipn.posted_data_dict or {}))

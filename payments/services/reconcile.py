"""Reconciliation: ask the gateways what happened recently and receive what never arrived as a notification."""

import logging
from datetime import timedelta

from django.utils import timezone

from ..errors import GatewayError
from ..gateways import gateways_enabled
from ..models import WebhookEvent
from ..selectors import payment_references_open
from .events import webhook_receive

logger = logging.getLogger("webox.payments")

LOOKBACK = timedelta(days=3)


def payments_reconcile(*, now=None, lookback: timedelta = LOOKBACK) -> int:
    """Fetch each gateway's recent events and the state of open payment pages; return how many changed something.

    An event already processed is skipped; any other goes through
    ``webhook_receive`` like a delivered notification, so running this while
    the webhook also arrives changes nothing twice.
    """
    since = (now or timezone.now()) - lookback
    received = 0
    for provider in gateways_enabled():
        references = payment_references_open(gateway=provider.alias, since=since)
        try:
            events = provider.events_missed(since=since, references=references)
        except GatewayError as exc:
            logger.warning("Reconciliation with %s failed: %s", provider.alias, exc)
            continue
        for event in events:
            done = WebhookEvent.objects.filter(gateway=provider.alias, external_id=event.external_id[:255])
            if done.exclude(processed_at=None).exists():
                continue
            record = webhook_receive(gateway=provider.alias, event=event)
            received += record.outcome not in (WebhookEvent.Outcome.UNCHANGED, WebhookEvent.Outcome.IGNORED)
    if received:
        logger.warning("Reconciliation processed %d notifications that had not arrived", received)
    return received

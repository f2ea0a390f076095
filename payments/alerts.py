"""Alerts of payments: a line in the ``webox.payments`` log and an email to staff.

Staff are ``settings.STAFF_EMAILS`` (``ADMINS`` through ``mail_admins`` when it is
empty). The email goes through a Celery task enqueued at once, not after
commit: an alert about a failure must go out even when that failure rolls the
transaction back.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.mail import mail_admins, send_mail

logger = logging.getLogger("webox.payments")

SIGNATURE_FAILURES_KEY = "payments:notification-failures:{gateway}"
SIGNATURE_FAILURES_LIMIT = 5  # failures within the window that make an alert
SIGNATURE_FAILURES_WINDOW = 10 * 60  # seconds


def staff_alert(*, subject: str, message: str) -> None:
    """Log ``subject`` as an error and email staff about it."""
    from .tasks import staff_alert_send_task

    logger.error("%s: %s", subject, message)
    staff_alert_send_task.delay(subject, message)


def staff_alert_send(*, subject: str, message: str) -> None:
    """Send the alert email to ``STAFF_EMAILS`` (or to ``ADMINS`` when none is set)."""
    subject = f"[{settings.SITE_NAME}] {subject}"
    recipients = list(getattr(settings, "STAFF_EMAILS", []) or [])
    if recipients:
        send_mail(subject, message, settings.SERVER_EMAIL, recipients)
    else:
        mail_admins(subject, message)


def notification_failure_record(*, gateway: str, reason: str, client_ip: str = "") -> int:
    """Count a notification that failed verification; alert staff when the count reaches the limit in the window.

    One alert per window: a flood of forged requests sends one email, not hundreds.
    """
    logger.warning("%s notification refused from %s: %s", gateway, client_ip or "?", reason)
    key = SIGNATURE_FAILURES_KEY.format(gateway=gateway)
    cache.add(key, 0, timeout=SIGNATURE_FAILURES_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=SIGNATURE_FAILURES_WINDOW)
        count = 1
    # ">=" and a marker rather than "== limit": a count read lost to a slow cache must not skip the alert.
    if (count or 0) >= SIGNATURE_FAILURES_LIMIT and cache.add(f"{key}:alerted", 1, timeout=SIGNATURE_FAILURES_WINDOW):
        staff_alert(
            subject=f"{count} {gateway} notifications failed verification",
            message=(
                f"{count} notifications sent to the {gateway} webhook in the last "
                f"{SIGNATURE_FAILURES_WINDOW // 60} minutes failed verification (signature, timestamp or "
                f"postback). Last one from {client_ip or 'an unknown address'}: {reason}\n"
                "Check the webhook secret (after a rotation, list both secrets) or look for forged requests."
            ),
        )
    return count

"""Alerts: evaluate the rules, keep one open alert per firing rule, and tell the staff on duty.

A rule that fires opens an alert and sends its message (email and site
notification); while it keeps firing, the message is repeated at most every
MONITORING_ALERT_REPEAT_MINUTES. When it clears, the alert is resolved and a
"resolved" message goes out once.
"""

import logging
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.services import notify
from webox.common.errors import Conflict

from .errors import MonitoringErrorCode
from .models import Alert
from .rules import RULES, Reading
from .selectors import staff_on_duty

logger = logging.getLogger("webox.system")


class Change(StrEnum):
    FIRING = "firing"
    RESOLVED = "resolved"


def alerts_evaluate() -> dict[str, str]:
    """Evaluate every enabled rule of MONITORING_ALERT_RULES; return {rule: "firing" | "resolved"} for messages sent."""
    sent = {}
    for rule, config in settings.MONITORING_ALERT_RULES.items():
        if not config.get("enabled", True):
            continue
        if rule not in RULES:
            logger.warning("monitoring rule %s is configured but does not exist", rule)
            continue
        try:
            reading = RULES[rule](config)
        except Exception:
            logger.exception("monitoring rule %s could not be evaluated", rule)
            continue
        alert, change = _alert_apply(rule=rule, config=config, reading=reading)
        if change:
            _announce(alert, change)
            sent[rule] = change
    return sent


def _alert_apply(*, rule: str, config: dict, reading: Reading) -> tuple[Alert | None, Change | None]:
    """Open, refresh or resolve the alert of ``rule``; return it and the message now due, if any."""
    now = timezone.now()
    try:
        with transaction.atomic():
            alert = Alert.objects.select_for_update().filter(rule=rule, resolved_at=None).first()
            if reading.fired:
                return _alert_fire(alert, rule=rule, config=config, reading=reading, now=now)
            if alert is None:
                return None, None
            alert.resolved_at, alert.resolved_notified = now, True
            alert.save(update_fields=["resolved_at", "resolved_notified"])
            return alert, Change.RESOLVED
    except IntegrityError:  # another evaluation opened the alert at the same moment: it speaks for both
        return None, None


def _alert_fire(alert, *, rule: str, config: dict, reading: Reading, now) -> tuple[Alert, Change | None]:
    values = {
        "title": reading.title[:200],
        "detail": reading.detail,
        "value": reading.value,
        "threshold": reading.threshold,
        "severity": config.get("severity", Alert.Severity.WARNING),
        "last_seen": now,
    }
    if alert is None:
        alert = Alert.objects.create(rule=rule, first_seen=now, **values)
        due = True
    else:
        for field, value in values.items():
            setattr(alert, field, value)
        repeat = timedelta(minutes=settings.MONITORING_ALERT_REPEAT_MINUTES)
        due = alert.notified_at is None or now - alert.notified_at >= repeat
    if due:
        alert.notified_at, alert.notification_count = now, alert.notification_count + 1
    alert.save()
    return alert, Change.FIRING if due else None


def alert_resolve(*, alert: Alert) -> Alert:
    """Mark ``alert`` resolved by hand (staff); raise Conflict if it already is. No message goes out."""
    with transaction.atomic():
        alert = Alert.objects.select_for_update().get(pk=alert.pk)
        if alert.resolved_at is not None:
            raise Conflict(_("This alert is already resolved."), code=MonitoringErrorCode.ALERT_ALREADY_RESOLVED)
        alert.resolved_at = timezone.now()
        alert.save(update_fields=["resolved_at"])
    logger.info("alert %s (%s) resolved by hand", alert.pk, alert.rule)
    return alert


def _announce(alert: Alert, change: Change) -> None:
    """Post the alert's message as a notification to the staff on duty, and email it unless it is only
    information; failures are logged."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _message(alert, change)
        url = reverse("admin-monitoring")
        staff = list(staff_on_duty())
        recipients = list(settings.MONITORING_ALERT_EMAILS) or [user.email for user in staff if user.email]
        if not recipients and not staff:
            logger.error("alert %s has nobody to tell: add someone to the Staff group", alert.rule)
        try:
            # Information (low stock) is posted on the site only: the inbox is for what needs someone now.
            if recipients and alert.severity != Alert.Severity.INFO:
                send_mail(f"[{settings.SITE_NAME}] {subject}", body, settings.SERVER_EMAIL, recipients)
        except Exception:
            logger.exception("alert email for %s not sent", alert.rule)
        for user in staff:
            notify(user=user, kind="alert", title=subject, body=alert.detail, url=url, email=False)
    log = logger.warning if change == Change.FIRING else logger.info
    log("alert %s %s: %s (value %s, threshold %s)", alert.rule, change, alert.title, alert.value, alert.threshold)


def _message(alert: Alert, change: Change) -> tuple[str, str]:
    if change == Change.RESOLVED:
        subject = _("Resolved: %(title)s") % {"title": alert.title}
    else:
        subject = _("Alert (%(severity)s): %(title)s") % {
            "severity": alert.get_severity_display(),
            "title": alert.title,
        }
    lines = [
        subject,
        "",
        alert.detail,
        _("Value: %(value)s (threshold %(threshold)s).") % {"value": alert.value, "threshold": alert.threshold},
        _("First seen: %(when)s.") % {"when": timezone.localtime(alert.first_seen).strftime("%Y-%m-%d %H:%M")},
        "",
        _("Monitoring page: %(url)s") % {"url": f"{settings.SITE_URL.rstrip('/')}{reverse('admin-monitoring')}"},
    ]
    return subject, "\n".join(lines)

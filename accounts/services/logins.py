"""Successful logins: the audit row, and the alert when one comes from a new device.

A device is an IP address plus a browser family (``accounts.devices``). A login
is from a new device when the user has logged in before (from an address) but
never from this address with this browser; the very first login (right after
sign-up) alerts nobody.
"""

from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest

from accounts import emails, tasks
from accounts.devices import device_family
from accounts.models import SecurityEvent, User

from .audit import security_event_record
from .lockout import login_failures_clear

_SENT_KEY = "accounts:new-device-email:{event_id}"
_SENT_TTL = timedelta(days=7)


def _user_agent(request: HttpRequest | None) -> str:
    return request.headers.get("User-Agent", "") if request is not None else ""


def _is_new_device(*, user: User, login: SecurityEvent) -> bool:
    """Say whether ``login`` is the first from its IP and browser family, not counting the first login."""
    if not login.ip:
        return False
    earlier = SecurityEvent.objects.filter(user=user, type=SecurityEvent.Type.LOGIN_SUCCESS, ip__isnull=False)
    earlier = earlier.exclude(pk=login.pk)
    if not earlier.exists():
        return False
    return not earlier.filter(ip=login.ip, details__device=login.details["device"]).exists()


@transaction.atomic
def login_success_record(*, user: User, request: HttpRequest | None) -> SecurityEvent:
    """Record a login; from a new device, also record ``new_device`` and email the user after commit."""
    device = device_family(_user_agent(request))
    login = security_event_record(
        type=SecurityEvent.Type.LOGIN_SUCCESS, user=user, request=request, details={"device": device}
    )
    login_failures_clear(login=user.email)
    if _is_new_device(user=user, login=login):
        alert = security_event_record(
            type=SecurityEvent.Type.NEW_DEVICE, user=user, request=request, details={"device": device}
        )
        tasks.new_device_email_send_task.delay_on_commit(alert.pk)
    return login


def new_device_email_send(*, event_id: int) -> None:
    """Email the user about the ``new_device`` event ``event_id``, once."""
    event = SecurityEvent.objects.select_related("user").filter(pk=event_id, type=SecurityEvent.Type.NEW_DEVICE).first()
    if event is None or event.user is None or not event.user.is_active:
        return
    sent_key = _SENT_KEY.format(event_id=event_id)
    if cache.get(sent_key):
        return
    emails.new_device_email(event=event).send()
    cache.set(sent_key, True, timeout=int(_SENT_TTL.total_seconds()))

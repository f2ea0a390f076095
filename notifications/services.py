"""Notifications: store one for a user, push it live to their sockets, email it per their preferences.

``notify()`` is how every app tells a user that something happened. Lower apps
(accounts) cannot call it: they send a past-tense signal that
``notifications.receivers`` turns into a call.
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.preferences import KINDS_BY_NAME, notification_preference
from webox.common.errors import NotFound
from webox.common.realtime import broadcast

from . import tasks
from .errors import NotificationErrorCode
from .events import layer_message, notification_event, unread_event
from .groups import user_group
from .models import Notification
from .selectors import notification_unread_count


def _channels(*, user, kind: str, email: bool | None) -> tuple[bool, bool]:
    """Return (on the site, by email) for this user and kind; ``email`` False/True overrides the preference."""
    if kind not in KINDS_BY_NAME:
        raise ValueError(f"unknown notification kind: {kind!r}")
    preference = notification_preference(user, kind)
    return preference["site"], preference["email"] if email is None else email


def notify(
    *, user, kind: str, title: str, body: str = "", url: str = "", email: bool | None = None
) -> Notification | None:
    """Tell ``user`` that something of ``kind`` happened; return the stored row, or None when nothing is sent.

    Raise ValueError for a kind that ``accounts.preferences.NOTIFICATION_KINDS`` does not list. A kind
    for staff only (platform alerts) is never sent to anyone else.

    On the site (if the user's preference for ``kind`` says so): store it and push
    it to the user's open sockets after commit. By email: queue
    ``notification_email_send_task`` after commit when the preference says so;
    ``email=False`` never emails (callers that send their own transactional
    email), ``email=True`` always does.
    """
    on_site, by_email = _channels(user=user, kind=kind, email=email)
    staff_only = KINDS_BY_NAME[kind].staff_only and not user.is_staff
    if not user.is_active or staff_only or not (on_site or by_email):
        return None
    with transaction.atomic():
        notification = Notification.objects.create(
            user=user, kind=kind, title=title[:200], body=body, url=url, on_site=on_site
        )
        if on_site:
            broadcast(user_group(user.pk), layer_message(notification_event(notification)))
        if by_email:
            tasks.notification_email_send_task.delay_on_commit(notification.pk)
    return notification


def _unread_push(user) -> None:
    """Send the user's sockets their new unread count after commit (other tabs update their bell)."""
    broadcast(user_group(user.pk), layer_message(unread_event(notification_unread_count(user=user))))


def notifications_mark_read(*, user, ids: Iterable[int]) -> int:
    """Mark ``user``'s notifications ``ids`` read; return how many were unread. Raise NotFound for an id not theirs."""
    ids = set(ids)
    with transaction.atomic():
        own = Notification.objects.filter(user=user, on_site=True, pk__in=ids)
        if own.count() != len(ids):
            raise NotFound(_("This notification does not exist."), code=NotificationErrorCode.NOTIFICATION_NOT_FOUND)
        marked = own.filter(read_at=None).update(read_at=timezone.now())
        if marked:
            _unread_push(user)
    return marked


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of ``user`` read; return how many there were."""
    with transaction.atomic():
        marked = Notification.objects.filter(user=user, on_site=True, read_at=None).update(read_at=timezone.now())
        if marked:
            _unread_push(user)
    return marked


def notification_email_send(*, notification_id: int) -> bool:
    """Email notification ``notification_id`` to its user, once; return whether it was sent now.

    The row is claimed (``emailed_at``) before sending, and released if sending
    fails, so that a retried task neither sends it twice nor loses it.
    """
    from .emails import notification_email

    claimed = Notification.objects.filter(pk=notification_id, emailed_at=None, user__is_active=True)
    if not claimed.update(emailed_at=timezone.now()):
        return False
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    try:
        notification_email(notification=notification).send()
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True

"""Notification preferences: which kinds of notification reach a user on the site and by email.

``User.notification_preferences`` stores only what the user changed, as
``{"order_paid": {"site": true, "email": false}, ...}``; everything else
falls back to the defaults below. The notifications app asks
``notification_preference(user, kind)`` before it sends anything.
"""

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

CHANNELS = ("site", "email")


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification, its label and its default channels (``email_only``: never shown on the site)."""

    name: str
    label: Any
    email_default: bool
    email_locked: bool = False
    email_only: bool = False
    staff_only: bool = False  # sent to staff only: customers never see it among their preferences


NOTIFICATION_KINDS: tuple[NotificationKind, ...] = (
    NotificationKind("order_paid", _("Order paid"), email_default=True),
    NotificationKind("order_shipped", _("Order shipped"), email_default=True),
    NotificationKind("order_delivered", _("Order delivered"), email_default=True),
    NotificationKind("order_cancelled", _("Order cancelled"), email_default=True),
    NotificationKind("order_refunded", _("Order refunded"), email_default=True),
    NotificationKind("cart_reminder", _("Reminder of a forgotten cart"), email_default=True, email_only=True),
    NotificationKind("ticket_reply", _("Reply to a support ticket"), email_default=True),
    NotificationKind("ticket_status", _("Support ticket status changed"), email_default=True),
    NotificationKind("ai_job_finished", _("AI generation finished"), email_default=False),
    NotificationKind("ai_job_failed", _("AI generation failed"), email_default=False),
    NotificationKind("low_credits", _("AI credits running low"), email_default=False),
    NotificationKind("comment_approved", _("Comment approved"), email_default=False),
    NotificationKind("comment_reply", _("Reply to a comment"), email_default=False),
    # Security alerts always go out by email: a hijacked account must not be able to silence them.
    NotificationKind("security_alert", _("Security alert"), email_default=True, email_locked=True),
    # Platform alerts for the staff on duty (webox.monitoring): their email goes to the on-duty list.
    NotificationKind("alert", _("Platform alert"), email_default=False, staff_only=True),
)
KINDS_BY_NAME = {kind.name: kind for kind in NOTIFICATION_KINDS}


def notification_kinds_for(user) -> tuple[NotificationKind, ...]:
    """Return the kinds of notification ``user`` can receive (staff-only kinds for staff alone)."""
    is_staff = bool(getattr(user, "is_staff", False))
    return tuple(kind for kind in NOTIFICATION_KINDS if is_staff or not kind.staff_only)


def notification_preference_default(kind: str) -> dict[str, bool]:
    """Return the channels a kind of notification uses until the user says otherwise."""
    return {"site": not KINDS_BY_NAME[kind].email_only, "email": KINDS_BY_NAME[kind].email_default}


def notification_preference(user, kind: str) -> dict[str, bool]:
    """Return ``{"site": bool, "email": bool}`` for this user and kind of notification."""
    if kind not in KINDS_BY_NAME:
        raise KeyError(f"unknown notification kind: {kind}")
    stored = (getattr(user, "notification_preferences", None) or {}).get(kind) or {}
    preference = notification_preference_default(kind)
    for channel in CHANNELS:
        if isinstance(stored.get(channel), bool):
            preference[channel] = stored[channel]
    if KINDS_BY_NAME[kind].email_locked:
        preference["email"] = True
    if KINDS_BY_NAME[kind].email_only:
        preference["site"] = False
    return preference


def notification_preferences_resolved(user) -> dict[str, dict[str, bool]]:
    """Return the effective preference of every kind, in display order."""
    return {kind.name: notification_preference(user, kind.name) for kind in NOTIFICATION_KINDS}

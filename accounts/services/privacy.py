"""Personal data (RGPD): hand a user everything WEBOX holds about them, or erase their account.

Other apps take part through ``accounts.signals``: ``personal_data_requested``
receivers add sections to the export, ``user_deleting`` receivers anonymise
what the law makes them keep (orders, invoices) before the user row goes.
"""

from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from accounts.errors import AccountsErrorCode
from accounts.models import SecurityEvent, User
from accounts.preferences import notification_preferences_resolved
from accounts.signals import personal_data_requested, user_deleting
from webox.common.errors import PermissionDenied

from .addresses import ADDRESS_FIELDS
from .audit import security_event_record

ADDRESS_EXPORT_FIELDS = (*ADDRESS_FIELDS, "is_default_shipping", "is_default_billing", "created_at", "updated_at")


def _profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "avatar": user.avatar.url if user.avatar else None,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "terms_accepted_at": user.terms_accepted_at,
        "notification_preferences": notification_preferences_resolved(user),
    }


def _rows(queryset, *fields: str) -> list[dict[str, Any]]:
    return list(queryset.values(*fields))


def _own_sections(user: User) -> dict[str, Any]:
    return {
        "profile": _profile(user),
        "email_addresses": _rows(EmailAddress.objects.filter(user=user), "email", "verified", "primary"),
        "addresses": _rows(user.addresses.order_by("created_at"), *ADDRESS_EXPORT_FIELDS),
        "security_events": _rows(
            user.security_events.order_by("created_at"), "type", "ip", "user_agent", "created_at", "details"
        ),
        "api_tokens": _rows(
            user.api_tokens.order_by("created_at"), "name", "prefix", "created_at", "last_used_at", "expires_at"
        ),
    }


@transaction.atomic
def user_export_data(*, user: User, request: HttpRequest | None = None) -> dict[str, Any]:
    """Return all the user's data as one JSON-ready dict (dates as datetimes); log the export."""
    security_event_record(type=SecurityEvent.Type.ACCOUNT_EXPORTED, user=user, request=request)
    data: dict[str, Any] = {"exported_at": timezone.now(), **_own_sections(user)}
    for _receiver, sections in personal_data_requested.send(sender=User, user=user):
        data.update(sections or {})
    return data


def email_hash(email: str) -> str:
    """Return a keyed hash of an address: provable with the server's secret, not reversible without it."""
    return salted_hmac("accounts.account_deleted", email.lower(), algorithm="sha256").hexdigest()


@transaction.atomic
def user_delete_account(*, user: User, password: str, request: HttpRequest | None = None) -> None:
    """Erase the account after checking the password.

    Receivers of ``user_deleting`` anonymise what must be kept; everything else
    goes with the row (addresses, tokens, email addresses, devices, the user's
    own audit events). One ``account_deleted`` event remains, without a user,
    holding only a keyed hash of the address.
    """
    if not user.check_password(password):
        raise PermissionDenied(_("The password is not correct."), code=AccountsErrorCode.WRONG_PASSWORD)
    user_deleting.send(sender=User, user=user)
    avatar_storage, avatar_name = user.avatar.storage, user.avatar.name
    hashed = email_hash(user.email)
    user.security_events.all().delete()
    user.delete()
    security_event_record(type=SecurityEvent.Type.ACCOUNT_DELETED, request=request, details={"email_hash": hashed})
    if avatar_name:
        transaction.on_commit(lambda: avatar_storage.delete(avatar_name))

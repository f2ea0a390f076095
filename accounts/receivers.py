"""Turn Django's, allauth's and the rate limits' signals into rows of the security audit log.

Connected by ``AccountsConfig.ready``. Each receiver records one ``SecurityEvent``
with the request's IP and user agent; logins go through ``login_success_record``,
which also spots new devices.
"""

from allauth.account import signals as allauth_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from accounts.models import SecurityEvent, User
from accounts.services.audit import security_event_record
from accounts.services.lockout import login_failures_clear
from accounts.services.logins import login_success_record
from webox.common.ratelimits import rate_limit_exceeded

Type = SecurityEvent.Type


def _user_by_login(login: str) -> User | None:
    return User.objects.filter(email=User.objects.normalize_email(login)).first() if login else None


def _user_by_identity(identity: str) -> User | None:
    """Return the account a rate-limit key names ("user:<pk>" or "email:<address>"), if it exists."""
    kind, _, value = identity.partition(":")
    if kind == "user" and value.isdigit():
        return User.objects.filter(pk=int(value)).first()
    return _user_by_login(value) if kind == "email" else None


@receiver(auth_signals.user_logged_in, dispatch_uid="accounts.audit.logged_in")
def _logged_in(sender, request, user, **kwargs) -> None:
    login_success_record(user=user, request=request)


@receiver(auth_signals.user_login_failed, dispatch_uid="accounts.audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = str(credentials.get("email") or credentials.get("username") or "")
    user = _user_by_login(login)
    details = {} if user is not None else {"login": login[:254]}
    security_event_record(type=Type.LOGIN_FAILURE, user=user, request=request, details=details)


@receiver(auth_signals.user_logged_out, dispatch_uid="accounts.audit.logged_out")
def _logged_out(sender, request, user, **kwargs) -> None:
    security_event_record(type=Type.LOGOUT, user=user, request=request)


@receiver(allauth_signals.password_changed, dispatch_uid="accounts.audit.password_changed")
def _password_changed(sender, request, user, **kwargs) -> None:
    security_event_record(type=Type.PASSWORD_CHANGED, user=user, request=request)


@receiver(allauth_signals.password_set, dispatch_uid="accounts.audit.password_set")
def _password_set(sender, request, user, **kwargs) -> None:
    security_event_record(type=Type.PASSWORD_CHANGED, user=user, request=request, details={"action": "set"})


@receiver(allauth_signals.password_reset, dispatch_uid="accounts.audit.password_reset")
def _password_reset(sender, request, user, **kwargs) -> None:
    security_event_record(type=Type.PASSWORD_RESET, user=user, request=request)
    login_failures_clear(login=user.email)  # the reset proved the mailbox: lift a lockout


@receiver(allauth_signals.email_changed, dispatch_uid="accounts.audit.email_changed")
def _email_changed(sender, request, user, from_email_address, to_email_address, **kwargs) -> None:
    details = {"from": getattr(from_email_address, "email", ""), "to": getattr(to_email_address, "email", "")}
    security_event_record(type=Type.EMAIL_CHANGED, user=user, request=request, details=details)


@receiver(allauth_signals.email_added, dispatch_uid="accounts.audit.email_added")
def _email_added(sender, request, user, email_address, **kwargs) -> None:
    details = {"action": "added", "email": email_address.email}
    security_event_record(type=Type.EMAIL_CHANGED, user=user, request=request, details=details)


@receiver(allauth_signals.email_removed, dispatch_uid="accounts.audit.email_removed")
def _email_removed(sender, request, user, email_address, **kwargs) -> None:
    details = {"action": "removed", "email": email_address.email}
    security_event_record(type=Type.EMAIL_CHANGED, user=user, request=request, details=details)


@receiver(allauth_signals.email_confirmed, dispatch_uid="accounts.audit.email_confirmed")
def _email_confirmed(sender, request, email_address, **kwargs) -> None:
    details = {"email": email_address.email}
    security_event_record(type=Type.EMAIL_VERIFIED, user=email_address.user, request=request, details=details)


@receiver(rate_limit_exceeded, dispatch_uid="accounts.audit.rate_limited")
def _rate_limited(sender, request, tier, scope, rule, identity, retry_after, **kwargs) -> None:
    """Record the first refusal of a key in a window (the tier sends nothing for the others)."""
    user = getattr(request, "user", None)
    user = user if user is not None and user.is_authenticated else _user_by_identity(identity)
    details = {"tier": tier, "scope": scope, "rule": rule, "retry_after": retry_after}
    security_event_record(type=Type.RATE_LIMITED, user=user, request=request, details=details)

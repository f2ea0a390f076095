"""Helpers for the two-factor tests: devices, an independent TOTP client (pyotp), logins."""

from base64 import b32encode

import pyotp
from allauth.account.models import EmailAddress
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory


def member_make(**fields) -> User:
    """Return a user whose email address is verified, so that allauth lets them log in."""
    user = UserFactory(**fields)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def totp_device_make(user: User, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)


def authenticator(device: TOTPDevice) -> pyotp.TOTP:
    """Return an authenticator app for ``device``'s secret, computed by pyotp, not by django-otp."""
    return pyotp.TOTP(b32encode(device.bin_key).decode("ascii"))


def login_password(client, user: User, *, password: str = DEFAULT_PASSWORD, next_url: str = ""):
    """Post the allauth login form (the first factor)."""
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.email, "password": password})


def login_code(client, code: str, *, next_url: str = ""):
    data = {"code": code, **({"next": next_url} if next_url else {})}
    return client.post(reverse("twofactor-verify"), data)


def login_verified(client, user: User, device) -> None:
    """Log ``client`` in as ``user`` with the session already verified by ``device``."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def session_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")
